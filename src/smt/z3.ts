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
    (api) => {
      deferFreesWhileChecking(api);
      return { api, ctx: new api.Context('main') };
    },
    (error: unknown) => {
      loading = undefined; // let a later call retry
      throw error;
    },
  );
  return loading;
}

/** The low-level calls z3-solver's finalizers make to free a Z3 object (`dec_ref`, `solver_dec_ref` …). */
const FREES = /^(?:\w+_)?dec_ref$|^rcf_del$|^del_context$/;

interface AsyncCalls {
  async_call(...args: unknown[]): Promise<unknown>;
}

/**
 * z3-solver runs a check on a Z3 thread and frees a garbage-collected wrapper's Z3 object from a
 * finalizer on the main thread — also while that check runs, on the same AST manager, which corrupts it
 * (wrong `sat`, `memory access out of bounds`, hangs; Z3's own `enable_concurrent_dec_ref` did not
 * stop it in this build). So every free asked for while an asynchronous call runs is queued, and the
 * queue is emptied on the main thread when the last such call ends, before its caller resumes.
 */
function deferFreesWhileChecking(api: Z3Api): void {
  const module = api.em as AsyncCalls;
  const low = api.Z3 as unknown as Record<string, unknown>;
  const startAsync = module.async_call.bind(module);
  const queued: Array<() => void> = [];
  // A count, not a flag: a call refused because another runs (z3-solver allows one at a time) must not
  // end the other's protection.
  let running = 0;
  const ended = (): void => {
    running -= 1;
    if (running === 0) for (const free of queued.splice(0)) free();
  };
  module.async_call = (...args) => {
    running += 1;
    try {
      return startAsync(...args).finally(ended);
    } catch (error) {
      ended();
      throw error;
    }
  };
  for (const name of Object.keys(low)) {
    if (!FREES.test(name) || name === 'enable_concurrent_dec_ref') continue;
    const free = low[name] as (...args: unknown[]) => void;
    low[name] = (...args: unknown[]): void => {
      if (running > 0) queued.push(() => free(...args));
      else free(...args);
    };
  }
}

/** A fresh solver (faster than push/pop for independent queries) with a timeout in milliseconds. */
export function newSolver(z3: Z3, timeoutMs: number = DEFAULT_TIMEOUT_MS): Z3Solver {
  const solver = new z3.ctx.Solver();
  solver.set('timeout', timeoutMs);
  return solver;
}
