/**
 * Which values a bool or tristate symbol can take over every possible .config of a tree: an over-approximation
 * computed on the dependency model, never by enumerating configs. Each symbol gets a set of tristates; it
 * starts as "anything" and is narrowed until nothing changes (a greatest fixed point), so a set only loses a
 * value when no config can give it. The rules follow sym_calc_value (symbol.c):
 * - without a user value the first default whose visibility is not n applies, bounded by that visibility
 *   (which includes the dirDep), and with none the value is n;
 * - a visible prompt lets the user pick anything up to its visibility;
 * - `imply` raises an invisible symbol up to its dirDep, `select` raises any symbol to its revDep;
 * - m on a bool, or on a tristate while MODULES is n, becomes y.
 * A choice member can be y or m only through its own visible prompt. Anything not modelled keeps every
 * value: the answer "cannot be y or m" is given only when it is certain.
 */
import { compareValues } from '../eval/compare.js';
import type { DependencyModel, SymbolDeps } from '../eval/dependencies.js';
import type { DepExpr, Operand } from '../eval/expr.js';

/** A set of tristates as bits: n=1, m=2, y=4. */
export type TristateSet = number;
export const N = 1;
export const M = 2;
export const Y = 4;
const ALL = N | M | Y;

const BITS = [N, M, Y] as const;
const level = (bit: number) => (bit === N ? 0 : bit === M ? 1 : 2);

function combine(a: TristateSet, b: TristateSet, pick: (x: number, y: number) => number): TristateSet {
  let out = 0;
  for (const x of BITS) if (a & x) for (const y of BITS) if (b & y) out |= BITS[pick(level(x), level(y))] as number;
  return out;
}

function invert(a: TristateSet): TristateSet {
  return (a & N ? Y : 0) | (a & M ? M : 0) | (a & Y ? N : 0);
}

/** The values of a tristate up to a bound: a visible prompt offers n..bound. */
function upTo(bound: TristateSet): TristateSet {
  if (bound & Y) return ALL;
  if (bound & M) return N | M;
  return N;
}

const isTristateLike = (sym: SymbolDeps | undefined) => sym?.type === 'bool' || sym?.type === 'tristate';

export class Reachability {
  private readonly possible = new Map<string, TristateSet>();

  constructor(private readonly deps: DependencyModel) {
    for (const sym of deps.symbols.values()) if (isTristateLike(sym)) this.possible.set(sym.name, ALL);
    // Every pass can only narrow the sets; a pass without a change is the fixed point.
    for (let changed = true; changed;) {
      changed = false;
      for (const sym of deps.symbols.values()) {
        const old = this.possible.get(sym.name);
        if (old === undefined) continue;
        const now = this.transfer(sym) & old;
        if (now !== old) {
          this.possible.set(sym.name, now);
          changed = true;
        }
      }
    }
  }

  /** The values `name` can have in some config; n only for symbols that are not bool or tristate. */
  values(name: string): TristateSet {
    return this.possible.get(name) ?? N;
  }

  /** The values of an expression, with some symbols assumed to be within the given sets. */
  evaluate(e: DepExpr | undefined, assume: ReadonlyMap<string, TristateSet> = new Map()): TristateSet {
    if (e === undefined) return Y;
    switch (e.kind) {
      case 'symbol':
        return assume.get(e.name) ?? this.values(e.name);
      case 'const':
        return e.value === 'y' ? Y : e.value === 'm' ? M : N;
      case 'choice':
        return ALL;
      case 'not':
        return invert(this.evaluate(e.operand, assume));
      case 'and':
        return combine(this.evaluate(e.left, assume), this.evaluate(e.right, assume), Math.min);
      case 'or':
        return combine(this.evaluate(e.left, assume), this.evaluate(e.right, assume), Math.max);
      case 'compare':
        return this.compare(e.op, e.left, e.right, assume);
    }
  }

  private compare(
    op: Parameters<typeof compareValues>[0],
    left: Operand,
    right: Operand,
    assume: ReadonlyMap<string, TristateSet>,
  ): TristateSet {
    const texts = (o: Operand): string[] | undefined => {
      if (o.kind === 'const') return [o.value];
      if (o.kind !== 'symbol') return undefined;
      const sym = this.deps.symbols.get(o.name);
      // An undefined name compares as its own text (a constant symbol).
      if (!sym) return [o.name];
      if (!isTristateLike(sym)) return undefined;
      const set = assume.get(o.name) ?? this.values(o.name);
      return BITS.filter((b) => set & b).map((b) => (b === N ? 'n' : b === M ? 'm' : 'y'));
    };
    const a = texts(left);
    const b = texts(right);
    if (a === undefined || b === undefined) return N | Y;
    const type = (o: Operand) => (o.kind === 'symbol' ? (this.deps.symbols.get(o.name)?.type ?? 'unknown') : 'unknown');
    let out = 0;
    for (const x of a) {
      for (const y of b) {
        out |= compareValues(op, { type: type(left), text: x }, { type: type(right), text: y }) === 2 ? Y : N;
      }
    }
    return out;
  }

  private transfer(sym: SymbolDeps): TristateSet {
    // A choice member is y or m only when its own prompt is visible and the user or the choice's default picks
    // it; which one is picked is not modelled.
    if (sym.choice !== undefined) {
      let member = N;
      for (const prompt of sym.prompts) member |= upTo(this.evaluate(prompt.visibility));
      if (sym.revDep) member = combine(member, this.evaluate(sym.revDep), Math.max);
      return sym.type === 'bool' && member & M ? (member & ~M) | Y : member;
    }
    // Without a user value the first default whose visibility is not n applies; with none, the value is n.
    let base = 0;
    let allCanBeOff = true;
    for (const d of sym.defaults) {
      const visibility = this.evaluate(d.visibility);
      if (visibility & (M | Y)) base |= combine(this.evaluate(d.value), visibility & (M | Y), Math.min);
      if (!(visibility & N)) allCanBeOff = false;
    }
    if (allCanBeOff) base |= N;
    // A visible prompt lets the user choose anything up to its visibility.
    for (const prompt of sym.prompts) {
      const visibility = this.evaluate(prompt.visibility);
      if (visibility & (M | Y)) base |= upTo(visibility);
    }
    let out = base;
    if (sym.weakRevDep)
      out = combine(out, combine(this.evaluate(sym.weakRevDep), this.evaluate(sym.dirDep), Math.min), Math.max);
    if (sym.revDep) out = combine(out, this.evaluate(sym.revDep), Math.max);
    // m becomes y on a bool, and on a tristate whenever MODULES is n.
    if (out & M) out |= Y;
    if (sym.type === 'bool' && out & M) out &= ~M;
    return out;
  }
}
