/**
 * The finite universe of a net in Z3: one Z3 sort per domain, values both ways (model `Value` ↔ Z3
 * term), the static interpretation (configuration constants and function tables) and the state schema
 * (relations with their column sorts, scalar state variables).
 *
 * Encoding of the domains:
 * - Enumerated domains (Principal, Role, Partition, File, Reason) are Z3 enumeration sorts (datatypes of
 *   nullary constructors). Every term of such a sort is one of the domain's values by construction, so
 *   parameters, quantified variables and relation arguments need no range guards, and counterexample
 *   models print value names. Bounded Ints would need a guard on every free term, and forgetting one
 *   admits junk values silently.
 * - Numeric domains (Time, Level) are Z3 Ints, because the language orders and adds them; `inDomain`
 *   gives the range constraint that every free numeric term (parameter, scalar) must carry.
 */
import type { DatatypeSort, Sort as Z3Sort } from 'z3-solver';
import { DOMAINS, type DomainName, NUMERIC_DOMAINS, type Sort, type Value } from '../../model/expr/ast.ts';
import type { RelationDecl } from '../../model/expr/build.ts';
import { type Interpretation, tupleKey } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import type { Formula, Term, Z3, Z3Context } from './z3.ts';

export class CompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompileError';
  }
}

interface EnumEncoding {
  readonly kind: 'enum';
  readonly sort: DatatypeSort<'main'>;
  readonly values: readonly Value[];
  readonly terms: readonly Term[];
  /** Constructor constants are hash-consed: one AST id per value, stable while `terms` holds them. */
  readonly byId: ReadonlyMap<number, Value>;
  readonly index: ReadonlyMap<Value, number>;
}

interface IntEncoding {
  readonly kind: 'int';
  readonly values: readonly number[];
  readonly terms: ReadonlyMap<number, Term>;
  /** The clamp bounds of `add`: first and last domain value, exactly as the evaluator takes them. */
  readonly first: number;
  readonly last: number;
  /** A range [first, last] with every integer in it: `inDomain` is then two comparisons. */
  readonly contiguous: boolean;
}

type DomainEncoding = EnumEncoding | IntEncoding;

/** One tuple of a relation's finite extension (`Universe.extension`). */
export interface GroundTuple {
  /** `tupleKey` of its values: how a marking stores the tuple. */
  readonly key: string;
  readonly terms: readonly Term[];
}

/** Datatype names must be unique in a context; each universe gets its own sorts. */
const universesPerContext = new WeakMap<Z3Context, number>();

/** The relations and scalar state variables a marking consists of. */
export type StateSchema = Pick<Net, 'relations' | 'scalars'>;

export class Universe {
  readonly z3: Z3;
  readonly ctx: Z3Context;
  readonly interpretation: Interpretation;
  readonly relations: ReadonlyMap<string, RelationDecl>;
  readonly scalars: ReadonlyMap<string, Sort>;
  /** The Bool literals. Every literal the compiler makes is one shared wrapper, so folding is `===`. */
  readonly yes: Formula;
  readonly no: Formula;
  private readonly domains: ReadonlyMap<DomainName, DomainEncoding>;
  /** Literal wrappers made here → their values: recognising a literal costs no call into WASM. */
  private readonly literals = new WeakMap<object, Value>();
  private readonly extensions = new Map<string, readonly GroundTuple[]>();

  constructor(z3: Z3, interpretation: Interpretation, schema: StateSchema) {
    this.z3 = z3;
    this.ctx = z3.ctx;
    this.interpretation = interpretation;
    this.relations = new Map(schema.relations.map((r) => [r.name, r]));
    this.scalars = new Map(schema.scalars.map((s) => [s.name, s.sort]));
    this.yes = this.remember(this.ctx.Bool.val(true), true);
    this.no = this.remember(this.ctx.Bool.val(false), false);
    const serial = (universesPerContext.get(this.ctx) ?? 0) + 1;
    universesPerContext.set(this.ctx, serial);
    const suffix = serial === 1 ? '' : `_${serial}`;
    this.domains = new Map(
      DOMAINS.map((d) => [d, this.encode(d, interpretation.domains[d], `${d}${suffix}`)] as const),
    );
  }

  private remember<T extends Term>(term: T, value: Value): T {
    this.literals.set(term, value);
    return term;
  }

  bool(value: boolean): Formula {
    return value ? this.yes : this.no;
  }

  static ofNet(z3: Z3, net: Net): Universe {
    return new Universe(z3, net.interpretation, net);
  }

  private encode(domain: DomainName, values: readonly Value[], sortName: string): DomainEncoding {
    if (NUMERIC_DOMAINS.has(domain)) {
      if (!values.every((v) => Number.isInteger(v)))
        throw new CompileError(`${domain} has non-integer values`);
      const numbers = values as readonly number[];
      const first = numbers[0] ?? 0;
      const last = numbers[numbers.length - 1] ?? 0;
      return {
        kind: 'int',
        values: numbers,
        terms: new Map(numbers.map((n) => [n, this.remember(this.ctx.Int.val(n), n)])),
        first,
        last,
        contiguous: numbers.length > 0 && numbers.every((n, k) => n === first + k),
      };
    }
    if (new Set(values).size !== values.length) throw new CompileError(`${domain} has duplicate values`);
    // Z3 sorts are non-empty: an empty domain gets one sentinel constructor that `inDomain` excludes.
    const names = values.length === 0 ? ['⊥'] : values.map(String);
    const datatype = this.ctx.Datatype(sortName);
    for (const name of names) datatype.declare(`${sortName}!${name}`);
    const sort = datatype.create();
    const terms = values.map((v, k) => this.remember(sort.constructorDecl(k).call() as Term, v));
    return {
      kind: 'enum',
      sort,
      values,
      terms,
      byId: new Map(terms.map((t, k) => [t.id(), values[k] as Value])),
      index: new Map(values.map((v, k) => [v, k])),
    };
  }

  private domain(sort: Sort): DomainEncoding {
    const encoding = sort === 'Bool' ? undefined : this.domains.get(sort);
    if (!encoding) throw new CompileError(`${sort} is not a domain`);
    return encoding;
  }

  /** The Z3 sort of a model sort. */
  sort(sort: Sort): Z3Sort<'main'> {
    if (sort === 'Bool') return this.ctx.Bool.sort();
    const encoding = this.domain(sort);
    return encoding.kind === 'int' ? this.ctx.Int.sort() : encoding.sort;
  }

  values(domain: DomainName): readonly Value[] {
    return this.domain(domain).values;
  }

  /** The Z3 literal of a value. Numeric literals may lie outside the domain (`now + 1`); enumerated ones may not. */
  term(sort: Sort, value: Value): Term {
    if (sort === 'Bool') {
      if (typeof value !== 'boolean') throw new CompileError(`${JSON.stringify(value)} is not a Bool`);
      return this.bool(value);
    }
    const encoding = this.domain(sort);
    if (encoding.kind === 'int') {
      if (!Number.isInteger(value)) throw new CompileError(`${JSON.stringify(value)} is not an integer`);
      return encoding.terms.get(value as number) ?? this.remember(this.ctx.Int.val(value as number), value);
    }
    const k = encoding.index.get(value);
    if (k === undefined) throw new CompileError(`${JSON.stringify(value)} is not in ${sort}`);
    return encoding.terms[k] as Term;
  }

  /** The value a term denotes when it is a literal of the sort (a model value, say); else undefined. */
  literal(sort: Sort, term: Term): Value | undefined {
    const known = this.literals.get(term);
    if (known !== undefined) return known;
    if (sort === 'Bool') return this.ctx.isTrue(term) ? true : this.ctx.isFalse(term) ? false : undefined;
    const encoding = this.domain(sort);
    if (encoding.kind === 'enum') return encoding.byId.get(term.id());
    return this.ctx.isIntVal(term) ? Number(term.value()) : undefined;
  }

  /** Decodes a value of a Z3 model (evaluate with model completion first). */
  decode(sort: Sort, term: Term): Value {
    const value = this.literal(sort, term);
    if (value === undefined) throw new CompileError(`${term.toString()} is not a value of ${sort}`);
    return value;
  }

  /** The term denotes a value of the sort's domain (Time and Level: the range; an empty domain: false). */
  inDomain(sort: Sort, term: Term): Formula {
    const ctx = this.ctx;
    if (sort === 'Bool') return this.yes;
    const encoding = this.domain(sort);
    if (encoding.kind === 'enum') return this.bool(encoding.values.length > 0);
    const int = term as ReturnType<typeof ctx.Int.const>;
    if (encoding.contiguous) return ctx.And(int.ge(encoding.first), int.le(encoding.last));
    return ctx.Or(...encoding.values.map((v) => int.eq(v)));
  }

  /** The bounds `add` clamps to: the first and last value of the numeric domain, as `evaluate` does. */
  clampBounds(sort: Sort): readonly [number, number] {
    const encoding = this.domain(sort);
    if (encoding.kind !== 'int') throw new CompileError(`${sort} is not numeric`);
    if (encoding.values.length === 0) throw new CompileError(`domain ${sort} is empty`);
    return [encoding.first, encoding.last];
  }

  /** a = b, folded to a literal when both sides are literals (keeps expansions over the universe small). */
  equal(sort: Sort, a: Term, b: Term): Formula {
    const x = this.literal(sort, a);
    const y = x === undefined ? undefined : this.literal(sort, b);
    if (x !== undefined && y !== undefined) return this.bool(x === y);
    return this.ctx.Eq(a, b);
  }

  /** A configuration constant as a literal. */
  constant(name: string, sort: Sort): Term {
    const value = this.interpretation.constants.get(name);
    if (value === undefined) throw new CompileError(`no value for constant ${name}`);
    return this.term(sort, value);
  }

  /**
   * A static function applied to terms: the function's table as a decision tree over the argument
   * values (arguments that are literals select their branch directly; branches that agree collapse).
   * The last value of each domain is the `else` branch: exact, because every argument term is in its domain.
   */
  apply(fn: string, args: readonly { sort: Sort; term: Term }[], result: Sort): Term {
    const table = this.interpretation.functions.get(fn);
    if (!table) throw new CompileError(`no table for function ${fn}`);
    const ctx = this.ctx;
    const tree = (k: number, prefix: Value[]): Term => {
      const arg = args[k];
      if (!arg) {
        const value = table.get(tupleKey(prefix));
        if (value === undefined) throw new CompileError(`${fn}(${prefix.join(', ')}) is undefined`);
        return this.term(result, value);
      }
      if (arg.sort === 'Bool') throw new CompileError(`${fn}: Bool arguments are not supported`);
      const known = this.literal(arg.sort, arg.term);
      if (known !== undefined) return tree(k + 1, [...prefix, known]);
      const values = this.values(arg.sort);
      const branches = values.map((v) => tree(k + 1, [...prefix, v]));
      const last = branches[branches.length - 1];
      if (!last) throw new CompileError(`${fn}: domain ${arg.sort} is empty`);
      if (branches.every((b) => b.eqIdentity(last))) return last;
      let out = last;
      for (let j = branches.length - 2; j >= 0; j--) {
        out = ctx.If(
          this.equal(arg.sort, arg.term, this.term(arg.sort, values[j] as Value)),
          branches[j] as Term,
          out,
        );
      }
      return out;
    };
    return tree(0, []);
  }

  relation(name: string): RelationDecl {
    const relation = this.relations.get(name);
    if (!relation) throw new CompileError(`the net has no relation ${name}`);
    return relation;
  }

  scalarSort(name: string): Sort {
    const sort = this.scalars.get(name);
    if (!sort) throw new CompileError(`the net has no state variable ${name}`);
    return sort;
  }

  /** Every tuple of values of the given columns: the finite extension of a relation's type. */
  *tuples(columns: readonly { sort: DomainName }[]): Generator<Value[]> {
    const [first, ...rest] = columns;
    if (!first) {
      yield [];
      return;
    }
    for (const value of this.values(first.sort)) for (const tail of this.tuples(rest)) yield [value, ...tail];
  }

  /**
   * Every tuple of a relation's type with its key and literal terms, listed once per relation: markings
   * are compared and decoded tuple by tuple, and each comparison would otherwise enumerate them again.
   */
  extension(rel: string): readonly GroundTuple[] {
    let tuples = this.extensions.get(rel);
    if (!tuples) {
      const columns = this.relation(rel).columns;
      tuples = [...this.tuples(columns)].map((values) => ({
        key: tupleKey(values),
        terms: this.tupleTerms(columns, values),
      }));
      this.extensions.set(rel, tuples);
    }
    return tuples;
  }

  /** Literal terms of a tuple of values of the given columns. */
  tupleTerms(columns: readonly { sort: DomainName }[], values: readonly Value[]): Term[] {
    return values.map((v, k) => this.term((columns[k] as { sort: DomainName }).sort, v));
  }
}
