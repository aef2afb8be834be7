/** Every property, in the order the verifier reports them. */
import { BAC, BAC_REACH } from './bac.ts';
import { CLOUD } from './cloud.ts';
import { COAL } from './coal.ts';
import { DEPART, FAC, FAC_ISSUE, FAC_PAST } from './fac.ts';
import { INJ } from './inj.ts';
import { INT, INT_DETECT, INT_TPA } from './int.ts';
import { LOG } from './log.ts';
import { P1, P1_HELD } from './p1.ts';
import { P2 } from './p2.ts';
import { P3_ISSUE, P3_READ } from './p3.ts';
import type { Property } from './property.ts';
import { ROLLBACK } from './rollback.ts';
import { SRS_ALONE, SRS_CLOUD, SRS_CLOUD_USER } from './srs.ts';
import { FRESH, TIME } from './time.ts';

export const PROPERTIES: readonly Property[] = [
  P1,
  P2,
  P3_ISSUE,
  P3_READ,
  P1_HELD,
  FAC_ISSUE,
  FAC,
  FAC_PAST,
  DEPART,
  BAC,
  BAC_REACH,
  CLOUD,
  SRS_ALONE,
  SRS_CLOUD,
  SRS_CLOUD_USER,
  COAL,
  TIME,
  FRESH,
  INT,
  INT_TPA,
  INT_DETECT,
  INJ,
  ROLLBACK,
  LOG,
];

export * from './property.ts';
