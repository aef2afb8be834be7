/**
 * A property's concrete check on a simulation: the property (properties/) evaluated by the model's
 * evaluator on the run as it happens, and — for a property about reading — the same claim decided by the
 * decryption oracle with the real cryptography. Conformance ties the abstract marking to the bytes after
 * every step; this ties the property to them too, and when a read-based property is violated (or a
 * reachable one witnessed) the group named by the claim decrypts the partition with the real cryptography
 * and the evidence shows the bytes it recovered.
 *
 * What is checked, from M0 on (the monitor is started before the first transition fires):
 *   invariant   every marking reached: M0 and the marking after every transition fired — also those
 *               inside a procedure, since an invariant speaks of every reachable state, not only of the
 *               states between scenario steps;
 *   step        every firing of one of its transitions, on the pre-state with the firing's binding;
 *   reachable   the same markings as an invariant: reachable once one of them satisfies the formula;
 *   structural  the rules themselves (the run does not matter).
 * The first violation (or witness) is kept as evidence, taken at the marking where it happened — the
 * oracle reads the world in that very state.
 */
import type { DomainName, Expr, Value } from '../../model/expr/ast.ts';
import { assignments, type Bindings, holds, type Marking } from '../../model/expr/evaluate.ts';
import { formatBinding } from '../../model/semantics.ts';
import type { Property, PropertyContext, ReadClaim } from '../../properties/property.ts';
import { claimInstances, claimRead } from '../../properties/reads.ts';
import { equalBytes } from '../crypto/bytes.ts';
import type { Simulation, StepRecord } from '../sim/simulation.ts';

export type PropertyVerdict = 'holds' | 'fails' | 'reachable' | 'unreachable';

/** A read shown with real bytes: who read which partition, how, and (a prefix of) what it recovered. */
export interface ReadEvidence {
  readonly group: readonly string[];
  readonly file: string;
  readonly partition: string;
  /** How the oracle read it: the data key and the items it came from, the keyless attack, a held plaintext. */
  readonly via: string;
  readonly bytes: number;
  /** The first bytes recovered, as text (non-printable bytes escaped) and as hex. */
  readonly textPrefix: string;
  readonly hexPrefix: string;
  /** The recovered bytes were compared with the owner's plaintext of the partition: equal. */
  readonly equalsOwnerPlaintext: boolean;
  readonly owner: string;
}

export interface PropertyEvidence {
  /** The transition that reached the state (or fired, for a step property); none: M0. */
  readonly transition?: string;
  /** Its position in the run (1-based, over every transition fired) and the scenario step it was part of. */
  readonly firing?: number;
  readonly step?: number;
  /** The property's variables in the violating (or witnessing) instance. */
  readonly values?: Readonly<Record<string, Value>>;
  readonly read?: ReadEvidence;
  /** For a structural property: the problems found in the rules. */
  readonly problems?: readonly string[];
}

export interface PropertyStatus {
  readonly id: string;
  readonly title: string;
  readonly kind: Property['kind'];
  readonly verdict: PropertyVerdict;
  /** What the verdict rests on, in words: "12 markings (M0 and after each of 11 transitions)". */
  readonly checked: string;
  readonly evidence?: PropertyEvidence;
}

const PREFIX_BYTES = 24;

function textPrefix(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes.subarray(0, PREFIX_BYTES))
    out +=
      b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return bytes.length > PREFIX_BYTES ? `${out}…` : out;
}

function hexPrefix(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  return bytes.length > 16 ? `${hex}…` : hex;
}

/** The leading ∀ (for a violation) or ∃ (for a witness) variables and the instance that decides it. */
function decidingInstance(
  formula: Expr,
  op: 'forall' | 'exists',
  sim: Simulation,
  marking: Marking,
): Record<string, Value> | undefined {
  const vars: { name: string; sort: DomainName }[] = [];
  let body = formula;
  while (body.op === op) {
    vars.push(body.variable);
    body = body.body;
  }
  if (vars.length === 0) return undefined;
  for (const env of assignments(vars, sim.net.interpretation))
    if (holds(body, sim.net.interpretation, marking, env) === (op === 'exists'))
      return Object.fromEntries(env);
  return undefined;
}

export function propertyContext(sim: Simulation): PropertyContext {
  const { config } = sim.net;
  return {
    net: sim.net,
    layer: config.layer,
    variant: config.variant,
    pastData: config.pastData,
    mode: config.mode,
  };
}

/** Watches one property on one simulation; feed it every firing (`afterFire`) from the start. */
export class PropertyMonitor {
  readonly ctx: PropertyContext;
  readonly #formula?: Expr;
  readonly #condition?: Expr;
  readonly #claim?: ReadClaim;
  readonly #read?: Expr;
  #checked = 0;
  #evidence?: PropertyEvidence;
  /** Model and real decryption disagreeing on an instance of the claim (a conformance failure). */
  readonly #disagreements: string[] = [];
  readonly #seen = new Set<string>();

  constructor(
    readonly sim: Simulation,
    readonly property: Property,
  ) {
    this.ctx = propertyContext(sim);
    if (property.kind === 'invariant' || property.kind === 'reachable') {
      this.#formula = property.formula(this.ctx);
      const claim = property.reads?.(this.ctx);
      if (claim) {
        this.#claim = claim;
        this.#read = claimRead(claim, this.ctx.layer);
      }
      this.#observeMarking();
    } else if (property.kind === 'step') {
      this.#condition = property.condition(this.ctx);
    } else {
      const problems = property.check(this.ctx);
      this.#checked = 1;
      if (problems.length > 0) this.#evidence = { problems };
    }
  }

  /** After `record` fired, from the marking `before` (during scenario step `step`, if any). */
  afterFire(record: StepRecord, before: Marking, step?: number): void {
    const at = {
      transition: formatBinding({ transition: record.transition, values: record.binding }),
      firing: record.index,
      ...(step !== undefined ? { step } : {}),
    };
    const p = this.property;
    if (p.kind === 'step') {
      if (!p.transitions.includes(record.transition)) return;
      this.#checked++;
      const env: Bindings = new Map(Object.entries(record.binding));
      if (!this.#evidence && !holds(this.#condition as Expr, this.sim.net.interpretation, before, env))
        this.#evidence = { ...at, values: record.binding };
      return;
    }
    if (p.kind === 'invariant' || p.kind === 'reachable') this.#observeMarking(at);
  }

  #observeMarking(at: Omit<PropertyEvidence, 'values' | 'read'> = {}): void {
    this.#checked++;
    const marking = this.sim.marking;
    const interp = this.sim.net.interpretation;
    const wanted = this.property.kind === 'reachable';
    // The model: the formula on the marking (violated: false for an invariant; witnessed: true, reachable).
    const modelFinds = holds(this.#formula as Expr, interp, marking, new Map()) === wanted;
    // Real decryption: every instance whose premise holds, read by the oracle.
    let concrete:
      | { values: Record<string, Value>; group: readonly string[]; file: string; partition: string }
      | undefined;
    if (this.#claim) {
      for (const x of claimInstances(this.#claim, interp, marking)) {
        const model = holds(this.#read as Expr, interp, marking, new Map(Object.entries(x.values)));
        const oracle = this.sim.oracleCanRead(x.group, x.file, x.partition);
        if (model !== oracle) this.#disagree(x.group, x.file, x.partition, model, at);
        if (oracle && !concrete) concrete = { ...x, values: { ...x.values } };
      }
    }
    if (this.#evidence || !(modelFinds || concrete)) return;
    if (concrete) {
      const read = this.#readEvidence(concrete);
      this.#evidence = { ...at, values: concrete.values, ...(read ? { read } : {}) };
      return;
    }
    const values = decidingInstance(this.#formula as Expr, wanted ? 'exists' : 'forall', this.sim, marking);
    this.#evidence = { ...at, ...(values ? { values } : {}) };
  }

  #readEvidence(x: { group: readonly string[]; file: string; partition: string }): ReadEvidence | undefined {
    const recovery = this.sim.recover(x.group, x.file, x.partition);
    if (!recovery) return undefined;
    const owner = this.sim.world.ownerOf(x.file);
    return {
      group: x.group,
      file: x.file,
      partition: x.partition,
      via: recovery.via,
      bytes: recovery.plaintext.length,
      textPrefix: textPrefix(recovery.plaintext),
      hexPrefix: hexPrefix(recovery.plaintext),
      equalsOwnerPlaintext: equalBytes(recovery.plaintext, this.sim.world.plaintextOf(x.file, x.partition)),
      owner,
    };
  }

  #disagree(
    group: readonly string[],
    file: string,
    partition: string,
    model: boolean,
    at: Omit<PropertyEvidence, 'values' | 'read'>,
  ): void {
    const key = JSON.stringify([group, file, partition, model]);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const where = at.transition ? `after ${at.transition}` : 'in M0';
    this.#disagreements.push(
      `property ${this.property.id} ${where}: the model says ${group.join('+')} ${model ? 'can' : 'cannot'} read ${file}/${partition}, real decryption says ${model ? 'it cannot' : 'it can'}`,
    );
  }

  /** Disagreements found since the last call. */
  takeDisagreements(): string[] {
    return this.#disagreements.splice(0, this.#disagreements.length);
  }

  status(): PropertyStatus {
    const p = this.property;
    const found = this.#evidence !== undefined;
    const verdict: PropertyVerdict =
      p.kind === 'reachable' ? (found ? 'reachable' : 'unreachable') : found ? 'fails' : 'holds';
    const n = this.#checked;
    const checked =
      p.kind === 'structural'
        ? 'the rules of the net (every run)'
        : p.kind === 'step'
          ? `${n} firing${n === 1 ? '' : 's'} of ${p.transitions.join(' / ')}`
          : `${n} marking${n === 1 ? '' : 's'} (M0 and after each of the ${n - 1} transition${n === 2 ? '' : 's'} fired)`;
    return {
      id: p.id,
      title: p.title,
      kind: p.kind,
      verdict,
      checked,
      ...(this.#evidence ? { evidence: this.#evidence } : {}),
    };
  }
}

/** The status as report lines: the verdict, what it rests on, and the evidence with real bytes. */
export function describeStatus(status: PropertyStatus): string[] {
  const lines = [`${status.id} ${status.verdict} on the run so far — checked on ${status.checked}`];
  const e = status.evidence;
  if (!e) return lines;
  if (e.problems) lines.push(...e.problems.map((p) => `rule: ${p}`));
  else {
    const at = e.transition
      ? `firing #${e.firing} ${e.transition}${e.step !== undefined ? ` (step ${e.step})` : ''}`
      : undefined;
    if (status.kind === 'step') lines.push(`violated by ${at}`);
    else
      lines.push(`${status.kind === 'reachable' ? 'reached' : 'violated'} ${at ? `after ${at}` : 'in M0'}`);
  }
  if (e.values && !e.read)
    lines.push(
      `instance: ${Object.entries(e.values)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (e.read) {
    const r = e.read;
    lines.push(
      `${r.group.join('+')} read ${r.file}/${r.partition} with the real cryptography: ${r.via}`,
      `recovered ${r.bytes} bytes "${r.textPrefix}" (hex ${r.hexPrefix}) — ${r.equalsOwnerPlaintext ? `equal to ${r.owner}'s plaintext of ${r.file}/${r.partition}, byte for byte` : `NOT equal to ${r.owner}'s plaintext`}`,
    );
  }
  return lines;
}
