/**
 * Loading Z3 (WASM). `init()` builds a new WASM instance each call, so the process keeps one, shared
 * through a cached promise, with one `Context` — every Z3 term of the process lives in it.
 *
 * A process that ran a check may not exit on its own: CLIs should call `process.exit(code)` when done.
 */
import { type Bool, type Context, type Expr, init, type Model, type Solver } from 'z3-solver';

export type Z3Api = Awaited<ReturnType<typeof init>>;
export type Z3Context = Context<'main'>;
/** Any Z3 term of the shared context. */
export type Term = Expr<'main'>;
export type Formula = Bool<'main'>;
export type Z3Model = Model<'main'>;
export type Z3Solver = Solver<'main'>;

export interface Z3 {
  readonly api: Z3Api;
  readonly ctx: Z3Context;
}

/** A hard query can run for minutes; every solver gets a timeout (soft: Z3 checks it at safe points). */
export const DEFAULT_TIMEOUT_MS = 30_000;

let loading: Promise<Z3> | undefined;

/** The process's Z3: initialised on first use, then shared. */
export function loadZ3(): Promise<Z3> {
  loading ??= init().then(
    (api) => ({ api, ctx: new api.Context('main') }),
    (error: unknown) => {
      loading = undefined; // let a later call retry
      throw error;
    },
  );
  return loading;
}

/** A fresh solver (faster than push/pop for independent queries) with a timeout in milliseconds. */
export function newSolver(z3: Z3, timeoutMs: number = DEFAULT_TIMEOUT_MS): Z3Solver {
  const solver = new z3.ctx.Solver();
  solver.set('timeout', timeoutMs);
  return solver;
}
