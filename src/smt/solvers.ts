/**
 * Running an SMT-LIB query: in-process with Z3 compiled to WASM (the default, nothing to install), or by
 * piping the same text to a native `z3` or `cvc5` on the PATH (much faster on large queries). Every
 * backend answers sat / unsat / unknown and, for sat, the values of the named bit-vector constants.
 */
import { spawn, spawnSync } from 'node:child_process';
import { loadZ3, newSolver } from './z3.ts';

export const SOLVER_NAMES = ['wasm', 'native', 'cvc5'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

export interface SatResult {
  readonly result: 'sat' | 'unsat' | 'unknown';
  /** For sat: the value of each requested constant. */
  readonly values: ReadonlyMap<string, bigint>;
  readonly ms: number;
}

/** A constant to read back from a model: its name and bit-vector width (0: a Bool, read as 0 or 1). */
export interface Wanted {
  readonly name: string;
  readonly width: number;
}

export interface SmtSolver {
  readonly name: SolverName;
  check(text: string, wanted: readonly Wanted[], timeoutMs: number): Promise<SatResult>;
}

export class SolverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverError';
  }
}

/**
 * In process: the query text parsed into a fresh solver (synchronously), then checked on z3-solver's
 * thread. A query creates no wrapper but its solver and model, reads the model as text, and releases
 * both before it returns, so a long run does not leave its WASM heap to the garbage collector (frees
 * that a collection asks for during a check wait for it to end: src/smt/z3.ts).
 */
const wasm: SmtSolver = {
  name: 'wasm',
  async check(text, wanted, timeoutMs) {
    const start = performance.now();
    const z3 = await loadZ3();
    const solver = newSolver(z3, timeoutMs);
    try {
      solver.fromString(text.replace(/\(check-sat\)\s*$/, ''));
      const result = await solver.check();
      let values = new Map<string, bigint>();
      if (result === 'sat' && wanted.length > 0) {
        const model = solver.model();
        try {
          values = modelValues(model.sexpr(), wanted);
        } finally {
          model.release();
        }
      }
      return { result, values, ms: performance.now() - start };
    } finally {
      solver.release();
    }
  },
};

/**
 * The values of `wanted` in a model printed by Z3 (`(define-fun s0 () (_ BitVec 4) #x3)` …). A constant
 * the model leaves out is unconstrained by the query; it reads as 0 (false), which satisfies it.
 */
export function modelValues(printed: string, wanted: readonly Wanted[]): Map<string, bigint> {
  const found = new Map<string, bigint>();
  for (const m of printed.matchAll(
    /\(define-fun\s+([A-Za-z_][\w]*)\s+\(\)\s+(?:Bool|\(_\s+BitVec\s+\d+\))\s+(true|false|#b[01]+|#x[0-9a-fA-F]+|\(_\s+bv(\d+)\s+\d+\))\s*\)/g,
  )) {
    const [, name, literal, decimal] = m;
    if (name && literal) found.set(name, literalValue(literal, decimal));
  }
  return new Map(wanted.map((w) => [w.name, found.get(w.name) ?? 0n]));
}

function literalValue(literal: string, decimal: string | undefined): bigint {
  if (literal === 'true') return 1n;
  if (literal === 'false') return 0n;
  if (decimal) return BigInt(decimal);
  return literal.startsWith('#b') ? BigInt(`0b${literal.slice(2)}`) : BigInt(`0x${literal.slice(2)}`);
}

/** Parses `((s0 #b01) (n0 (_ bv2 3)) (b0_4 true) …)` as printed by z3 and cvc5. */
export function parseValues(text: string): Map<string, bigint> {
  const values = new Map<string, bigint>();
  for (const m of text.matchAll(
    /\(\s*([A-Za-z_][\w]*)\s+(true|false|#b[01]+|#x[0-9a-fA-F]+|\(_ bv(\d+) \d+\))\s*\)/g,
  )) {
    const [, name, literal, decimal] = m;
    if (!name || !literal) continue;
    const value =
      literal === 'true'
        ? 1n
        : literal === 'false'
          ? 0n
          : decimal
            ? BigInt(decimal)
            : literal.startsWith('#b')
              ? BigInt(`0b${literal.slice(2)}`)
              : BigInt(`0x${literal.slice(2)}`);
    values.set(name, value);
  }
  return values;
}

function external(
  name: 'native' | 'cvc5',
  command: string,
  args: (timeoutMs: number) => string[],
): SmtSolver {
  return {
    name,
    check(text, wanted, timeoutMs) {
      const start = performance.now();
      return new Promise((resolve, reject) => {
        const child = spawn(command, args(timeoutMs), { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (c: Buffer) => out.push(c));
        child.stderr.on('data', (c: Buffer) => err.push(c));
        child.on('error', (e) => reject(new SolverError(`${command}: ${e.message}`)));
        child.on('close', () => {
          const stdout = Buffer.concat(out).toString('utf8');
          const first = stdout.trimStart().split(/\s/, 1)[0] ?? '';
          const result = first === 'sat' || first === 'unsat' ? first : 'unknown';
          if (first !== 'sat' && first !== 'unsat' && first !== 'unknown' && first !== 'timeout') {
            reject(
              new SolverError(
                `${command} said: ${(stdout + Buffer.concat(err).toString('utf8')).slice(0, 400)}`,
              ),
            );
            return;
          }
          resolve({
            result,
            values: result === 'sat' ? parseValues(stdout) : new Map(),
            ms: performance.now() - start,
          });
        });
        const get = wanted.length ? `(get-value (${wanted.map((w) => w.name).join(' ')}))\n` : '';
        const body = text.includes('(check-sat)') ? text : `${text}(check-sat)\n`;
        child.stdin.end(`(set-option :produce-models true)\n${body}${get}`);
      });
    },
  };
}

const nativeZ3 = external('native', 'z3', (ms) => ['-in', '-smt2', `-t:${ms}`]);
const cvc5 = external('cvc5', 'cvc5', (ms) => ['--lang', 'smt2', '--incremental', `--tlimit-per=${ms}`]);

/** Whether a native solver binary is on the PATH. */
export function available(name: SolverName): boolean {
  if (name === 'wasm') return true;
  const command = name === 'native' ? 'z3' : 'cvc5';
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

export function solverNamed(name: SolverName): SmtSolver {
  if (name === 'wasm') return wasm;
  if (!available(name)) throw new SolverError(`${name === 'native' ? 'z3' : 'cvc5'} is not on the PATH`);
  return name === 'native' ? nativeZ3 : cvc5;
}
