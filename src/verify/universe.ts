/**
 * The universe a verification run checks (the TLA+ .cfg of `sesphr verify`): one owner, `users` users
 * alternating between a role that reads every partition and one that reads only the first, `files` files
 * (in the extended layer the first has two versions, so rollback is reachable), `partitions` partitions
 * each at its own level, and a clock of `times` points. Results hold for this universe; docs/verification.md
 * says what they mean beyond it.
 */
import type { CipherMode } from '../../common/modes.ts';
import type { Variant } from '../../common/variants.ts';
import type { FileConfig, ModelConfig, PastDataPolicy } from '../../model/config.ts';
import type { Layer } from '../../model/vocabulary.ts';

export interface UniverseSize {
  readonly users: number;
  readonly files: number;
  readonly partitions: number;
  readonly times: number;
}

export const DEFAULT_SIZE: UniverseSize = { users: 2, files: 1, partitions: 2, times: 3 };

export const SIZE_LIMITS: Readonly<Record<keyof UniverseSize, readonly [number, number]>> = {
  users: [1, 4],
  files: [1, 3],
  partitions: [1, 4],
  times: [1, 6],
};

export interface ConfigChoice {
  readonly layer: Layer;
  readonly variant: Variant;
  readonly pastData: PastDataPolicy;
  readonly mode: CipherMode;
}

export function verificationConfig(choice: ConfigChoice, size: UniverseSize = DEFAULT_SIZE): ModelConfig {
  const partitions = Array.from({ length: size.partitions }, (_, k) => `p${k + 1}`);
  const max = size.times - 1;
  const files: FileConfig[] = Array.from({ length: size.files }, (_, k) => ({
    id: `f${k + 1}`,
    owner: 'alice',
    // The first file opens at 1: a request at 0 is outside its window, one at 1 inside.
    window: { start: k === 0 && max >= 1 ? 1 : 0, end: max },
    levels: Object.fromEntries(partitions.map((p, j) => [p, j])),
    ...(k === 0 && choice.layer === 'extended' ? { versions: 2 } : {}),
  }));
  return {
    layer: choice.layer,
    variant: choice.variant,
    pastData: choice.pastData,
    mode: choice.mode,
    principals: [
      { id: 'alice', kind: 'owner', role: 'owner' },
      ...Array.from({ length: size.users }, (_, k) => ({
        id: `u${k + 1}`,
        kind: 'user' as const,
        role: k % 2 === 0 ? 'family' : 'doctor',
      })),
    ],
    partitions,
    files,
    roleAccess: [
      { owner: 'alice', role: 'family', partitions },
      { owner: 'alice', role: 'doctor', partitions: partitions.slice(0, 1) },
    ],
    time: { start: 0, max, tokenMaxAge: 1 },
  };
}

export function describeUniverse(size: UniverseSize): string {
  return `1 owner, ${size.users} user${size.users === 1 ? '' : 's'}, ${size.files} file${size.files === 1 ? '' : 's'}, ${size.partitions} partition${size.partitions === 1 ? '' : 's'}, time 0..${size.times - 1}`;
}
