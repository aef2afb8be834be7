/**
 * The headline ratios from a run's figures and floors (results.ts RATIO_NAMES says what each means).
 * Every ratio is of medians measured in the same run; a ratio whose figures the run did not measure is null.
 */
import type { Figure, FloorEntry, RatioName } from './results.ts';
import { ratioOfMedians, sumOfMedians } from './stats.ts';

const byId = (figures: readonly Figure[]) => new Map(figures.map((f) => [f.id, f]));
const median = (value: number | undefined) => (value === undefined ? undefined : { p50: value });

function overhead(floors: readonly FloorEntry[], figureId: string): number | undefined {
  return floors.find((f) => f.figure === figureId)?.overhead;
}

export function computeRatios(
  figures: readonly Figure[],
  floors: readonly FloorEntry[],
  defaultBackend: string,
  keygenUsers: number | undefined,
): Record<RatioName, number | null> {
  const f = byId(figures);
  const d = defaultBackend;
  const get = (id: string) => f.get(id);
  const literal = sumOfMedians([
    get(`encdec.encrypt.literal.${d}.1024KB`),
    get(`encdec.decrypt.literal.${d}.1024KB`),
  ]);
  const hybrid = sumOfMedians([
    get(`encdec.encrypt.hybrid.${d}.1024KB`),
    get(`encdec.decrypt.hybrid.${d}.1024KB`),
  ]);
  const ours = sumOfMedians(['encrypt', 'reencrypt', 'decrypt'].map((op) => get(`peers.ours.${op}.1024`)));
  const umbral = sumOfMedians(
    ['encrypt', 'reencrypt', 'decrypt'].map((op) => get(`peers.umbral.${op}.1024`)),
  );
  const ratios: Record<RatioName, number | undefined> = {
    hybridVsLiteral1MiB: ratioOfMedians(median(literal), median(hybrid)),
    mclVsNoblePairing: ratioOfMedians(get('primitive.pairing.noble'), get('primitive.pairing.mcl')),
    turnaroundOverFloor1MiB: overhead(floors, `turnaround.total.${d}.1024KB`),
    umbralVsOurs1KiB: ratioOfMedians(median(ours), median(umbral)),
    keygenOverFloor: keygenUsers === undefined ? undefined : overhead(floors, `keygen.paper.${keygenUsers}`),
    ownerKeygenOverFloor: overhead(floors, 'keygen.owner.paper'),
    encryptOverFloor1MiB: overhead(floors, `encdec.encrypt.hybrid.${d}.1024KB`),
    reEncryptOverFloor: overhead(floors, `reenc.partition.paper.${d}`),
    decryptOverFloor1MiB: overhead(floors, `encdec.decrypt.hybrid.${d}.1024KB`),
    gtCheckFastVsGeneric: ratioOfMedians(
      get(`primitive.gtCheckGeneric.${d}`),
      get(`primitive.gtDecode.${d}`),
    ),
  };
  return Object.fromEntries(
    Object.entries(ratios).map(([name, value]) => [name, value === undefined || !(value > 0) ? null : value]),
  ) as Record<RatioName, number | null>;
}
