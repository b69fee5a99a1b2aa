/**
 * The two rewrites menu_finalize applies to every dependency and condition (expr.c), reproduced because conf
 * prints the rewritten expressions in its warnings (and 6.1's automatic submenus inspect them):
 * - expr_transform: comparisons of bool symbols with constants become plain terms (`A=y` -> `A`,
 *   `A=n` and `A!=y` -> `!A`, `A!=n` -> `A`, `A=m` -> `n`, `A!=m` -> `y`), `!!A` -> `A`, a negated comparison
 *   flips, and `!` is pushed through `&&` and `||` (De Morgan);
 * - expr_eliminate_dups: within a chain of `&&` (or of `||`), a term equal to or subsumed by another one is
 *   replaced by y (or n), keeping the later one, then y/n are folded away (expr_eliminate_yn); repeated until
 *   nothing changes.
 * Both preserve the value of the expression; only its shape changes.
 */
import type { SymbolType } from '@kconfig-solve/kconfig-parser';
import { type CompareOp, constant, type DepExpr, type Operand } from './expr.js';

/** The declared type of an operand's symbol (S_UNKNOWN for names nothing defines, tristate for y/m/n). */
export type OperandType = (o: Operand) => SymbolType;

const YES: DepExpr = constant('y');
const NO: DepExpr = constant('n');

const isConst = (o: DepExpr, value: string) => o.kind === 'const' && o.value === value;

export function sameOperand(a: Operand, b: Operand): boolean {
  if (a.kind === 'symbol') return b.kind === 'symbol' && a.name === b.name;
  if (a.kind === 'const') return b.kind === 'const' && a.value === b.value;
  return b.kind === 'choice' && a.choice === b.choice;
}

/** expr_eq: structural equality (6.12 shares equal expressions, so its pointer comparison is this). */
export function sameExpr(a: DepExpr, b: DepExpr): boolean {
  switch (a.kind) {
    case 'symbol':
    case 'const':
    case 'choice':
      return (b.kind === 'symbol' || b.kind === 'const' || b.kind === 'choice') && sameOperand(a, b);
    case 'not':
      return b.kind === 'not' && sameExpr(a.operand, b.operand);
    case 'and':
    case 'or':
      return b.kind === a.kind && sameExpr(a.left, b.left) && sameExpr(a.right, b.right);
    case 'compare':
      return b.kind === 'compare' && a.op === b.op && sameOperand(a.left, b.left) && sameOperand(a.right, b.right);
  }
}

const FLIP: Readonly<Record<CompareOp, CompareOp>> = {
  '=': '!=',
  '!=': '=',
  '<=': '>',
  '>': '<=',
  '<': '>=',
  '>=': '<',
};

export function transform(e: DepExpr | undefined, typeOf: OperandType): DepExpr | undefined {
  if (!e) return e;
  let x: DepExpr = e;
  // A node whose operands do not change is kept (the shape is the same; most expressions need no rewrite).
  if (x.kind === 'not') {
    const operand = transform(x.operand, typeOf) as DepExpr;
    if (operand !== x.operand) x = { kind: 'not', operand };
  } else if (x.kind === 'and' || x.kind === 'or') {
    const left = transform(x.left, typeOf) as DepExpr;
    const right = transform(x.right, typeOf) as DepExpr;
    if (left !== x.left || right !== x.right) x = { kind: x.kind, left, right };
  }
  switch (x.kind) {
    case 'compare': {
      if (typeOf(x.left) !== 'bool' || (x.op !== '=' && x.op !== '!=')) return x;
      const right = x.right;
      const value = right.kind === 'const' ? right.value : undefined;
      if (x.op === '=') {
        if (value === 'n') return { kind: 'not', operand: x.left };
        if (value === 'm') return NO;
        if (value === 'y') return x.left;
      } else {
        if (value === 'n') return x.left;
        if (value === 'm') return YES;
        if (value === 'y') return { kind: 'not', operand: x.left };
      }
      return x;
    }
    case 'not': {
      const inner = x.operand;
      switch (inner.kind) {
        case 'not':
          return inner.operand;
        case 'compare':
          return { kind: 'compare', op: FLIP[inner.op], left: inner.left, right: inner.right };
        case 'or':
        case 'and':
          return transform(
            {
              kind: inner.kind === 'or' ? 'and' : 'or',
              left: { kind: 'not', operand: inner.left },
              right: { kind: 'not', operand: inner.right },
            },
            typeOf,
          );
        case 'const':
          if (inner.value === 'y') return NO;
          if (inner.value === 'm') return constant('m');
          if (inner.value === 'n') return YES;
          return x;
        default:
          return x;
      }
    }
    default:
      return x;
  }
}

/** The symbol a join can reason about: `A`, `A=c`, `A!=c`, `!A`, `!(A=c)`. */
function joinSymbol(e: DepExpr, allowNotCompare: boolean): Operand | undefined {
  switch (e.kind) {
    case 'symbol':
    case 'const':
    case 'choice':
      return e;
    case 'compare':
      return e.op === '=' || e.op === '!=' ? e.left : undefined;
    case 'not': {
      const t = e.operand;
      if (t.kind === 'symbol' || t.kind === 'const' || t.kind === 'choice') return t;
      if (allowNotCompare && t.kind === 'compare' && (t.op === '=' || t.op === '!=')) return t.left;
      return undefined;
    }
    default:
      return undefined;
  }
}

const isTerm = (e: DepExpr) => e.kind === 'symbol' || e.kind === 'const' || e.kind === 'choice';
const cmp = (e: DepExpr, op: '=' | '!=', value: string) =>
  e.kind === 'compare' && e.op === op && isConst(e.right, value);

/** expr_join_or: one term equivalent to `e1 || e2`, when the pair allows it. */
function joinOr(e1: DepExpr, e2: DepExpr, typeOf: OperandType): DepExpr | undefined {
  if (sameExpr(e1, e2)) return e1;
  const s1 = joinSymbol(e1, true);
  const s2 = joinSymbol(e2, false);
  if (!s1 || !s2 || !sameOperand(s1, s2)) return undefined;
  const type = typeOf(s1);
  if (type !== 'bool' && type !== 'tristate') return undefined;
  if (type === 'tristate' && e1.kind === 'compare' && e2.kind === 'compare' && e1.op === '=' && e2.op === '=') {
    const pair = (a: string, b: string) =>
      (isConst(e1.right, a) && isConst(e2.right, b)) || (isConst(e1.right, b) && isConst(e2.right, a));
    if (pair('y', 'm')) return { kind: 'compare', op: '!=', left: s1, right: constant('n') };
    if (pair('y', 'n')) return { kind: 'compare', op: '!=', left: s1, right: constant('m') };
    if (pair('m', 'n')) return { kind: 'compare', op: '!=', left: s1, right: constant('y') };
  }
  if (type === 'bool') {
    const negatedTerm = (e: DepExpr) => e.kind === 'not' && isTerm(e.operand);
    if ((negatedTerm(e1) && isTerm(e2)) || (negatedTerm(e2) && isTerm(e1))) return YES;
  }
  return undefined;
}

/** expr_join_and: one term equivalent to `e1 && e2`, when the pair allows it. */
function joinAnd(e1: DepExpr, e2: DepExpr, typeOf: OperandType): DepExpr | undefined {
  if (sameExpr(e1, e2)) return e1;
  const s1 = joinSymbol(e1, true);
  const s2 = joinSymbol(e2, false);
  if (!s1 || !s2 || !sameOperand(s1, s2)) return undefined;
  const type = typeOf(s1);
  if (type !== 'bool' && type !== 'tristate') return undefined;
  const either = (p: (a: DepExpr, b: DepExpr) => boolean) => p(e1, e2) || p(e2, e1);
  const eqTo = (value: string): DepExpr => ({ kind: 'compare', op: '=', left: s1, right: constant(value) });
  if (either((a, b) => isTerm(a) && cmp(b, '=', 'y'))) return eqTo('y');
  if (either((a, b) => isTerm(a) && cmp(b, '!=', 'n'))) return s1;
  if (either((a, b) => isTerm(a) && cmp(b, '!=', 'm'))) return eqTo('y');
  if (type === 'tristate') {
    if (e1.kind === 'compare' && e2.kind === 'compare') {
      const [eq, ne] =
        e1.op === '=' && e2.op === '!='
          ? [e1, e2]
          : e1.op === '!=' && e2.op === '='
            ? [e2, e1]
            : [undefined, undefined];
      if (eq && ne && eq.right.kind === 'const' && ne.right.kind === 'const') {
        return sameOperand(eq.right, ne.right) ? NO : { kind: 'compare', op: '=', left: s1, right: eq.right };
      }
      if (e1.op === '!=' && e2.op === '!=') {
        const pair = (a: string, b: string) =>
          (isConst(e1.right, a) && isConst(e2.right, b)) || (isConst(e1.right, b) && isConst(e2.right, a));
        if (pair('y', 'n')) return eqTo('m');
        if (pair('y', 'm')) return eqTo('n');
        if (pair('m', 'n')) return eqTo('y');
      }
    }
  }
  return undefined;
}

/** expr_eliminate_yn: folds y and n out of `&&` and `||`. */
function eliminateYn(e: DepExpr): DepExpr {
  if (e.kind !== 'and' && e.kind !== 'or') return e;
  const l = eliminateYn(e.left);
  const r = eliminateYn(e.right);
  if (e.kind === 'and') {
    if (isConst(l, 'n')) return l;
    if (isConst(l, 'y')) return r;
    if (isConst(r, 'n')) return r;
    if (isConst(r, 'y')) return l;
  } else {
    if (isConst(l, 'n')) return r;
    if (isConst(l, 'y')) return l;
    if (isConst(r, 'n')) return l;
    if (isConst(r, 'y')) return r;
  }
  // conf keeps the original node when nothing folds (its children are shared, hence already simplified).
  return l === e.left && r === e.right ? e : { kind: e.kind, left: l, right: r };
}

/**
 * expr_eliminate_dups. 6.12 simplifies each side of a chain first and always folds y and n; 6.1 works on the
 * chain in place, dedups a nested chain of the other operator only against itself, and folds y and n only
 * after a pass that changed something (so 6.1 keeps `X && y` where `depends on $(cc-option,...)` gave y).
 */
export function eliminateDups(
  e: DepExpr | undefined,
  typeOf: OperandType,
  rules: '6.1' | '6.12' = '6.12',
  memo?: SimplifyMemo,
): DepExpr | undefined {
  if (!e) return e;
  if (rules === '6.1') return eliminateDupsInPlace(e, typeOf);
  return eliminateDupsCurrent(e, typeOf, memo);
}

/**
 * Results of eliminateDups by input expression, for one `typeOf`: the result depends on nothing else, and a
 * menu's dependency is the left side of every dependency inside it, so most calls meet it again.
 */
export type SimplifyMemo = WeakMap<DepExpr, DepExpr>;

function eliminateDupsCurrent(e: DepExpr, typeOf: OperandType, memo: SimplifyMemo | undefined): DepExpr {
  if (e.kind !== 'and' && e.kind !== 'or') return e;
  const known = memo?.get(e);
  if (known !== undefined) return known;
  let current: DepExpr = e;
  for (;;) {
    const counter = { changes: 0 };
    if (current.kind === 'and' || current.kind === 'or') {
      const pair = {
        left: eliminateDupsCurrent(current.left, typeOf, memo),
        right: eliminateDupsCurrent(current.right, typeOf, memo),
      };
      if (anyJoin(current.kind, pair.left, pair.right, typeOf)) {
        joinLeaves(current.kind, pair, 'left', pair, 'right', typeOf, counter);
      }
      // An unchanged node is kept: the result has the same shape either way.
      if (pair.left !== current.left || pair.right !== current.right) {
        current = { kind: current.kind, left: pair.left, right: pair.right };
      }
    }
    current = eliminateYn(current);
    if (counter.changes === 0) {
      // A result simplifies to itself: nothing in it joins any more, and y and n are folded away.
      memo?.set(e, current);
      memo?.set(current, current);
      return current;
    }
  }
}

/**
 * Whether joinLeaves would change anything: some leaf of one side joins some leaf of the other. Until a first
 * join, joinLeaves compares exactly these pairs, so when none joins it would leave both sides as they are.
 */
function anyJoin(type: 'and' | 'or', left: DepExpr, right: DepExpr, typeOf: OperandType): boolean {
  if (left.kind === type) {
    return anyJoin(type, left.left, right, typeOf) || anyJoin(type, left.right, right, typeOf);
  }
  if (right.kind === type) {
    return anyJoin(type, left, right.left, typeOf) || anyJoin(type, left, right.right, typeOf);
  }
  return (type === 'or' ? joinOr(left, right, typeOf) : joinAnd(left, right, typeOf)) !== undefined;
}

type Slot<K extends string> = { [key in K]: DepExpr };

/** expr_eliminate_dups1: compares every leaf of one side of a chain with every leaf of the other. */
function joinLeaves<A extends string, B extends string>(
  type: 'and' | 'or',
  holder1: Slot<A>,
  key1: A,
  holder2: Slot<B>,
  key2: B,
  typeOf: OperandType,
  counter: { changes: number },
): void {
  const e1 = holder1[key1];
  const e2 = holder2[key2];
  if (e1.kind === type) {
    const parts = { left: e1.left, right: e1.right };
    joinLeaves(type, parts, 'left', holder2, key2, typeOf, counter);
    joinLeaves(type, parts, 'right', holder2, key2, typeOf, counter);
    holder1[key1] = { kind: type, left: parts.left, right: parts.right } as Slot<A>[A];
    return;
  }
  if (e2.kind === type) {
    const parts = { left: e2.left, right: e2.right };
    joinLeaves(type, holder1, key1, parts, 'left', typeOf, counter);
    joinLeaves(type, holder1, key1, parts, 'right', typeOf, counter);
    holder2[key2] = { kind: type, left: parts.left, right: parts.right } as Slot<B>[B];
    return;
  }
  const joined = type === 'or' ? joinOr(e1, e2, typeOf) : joinAnd(e1, e2, typeOf);
  if (joined) {
    holder1[key1] = (type === 'or' ? NO : YES) as Slot<A>[A];
    holder2[key2] = joined as Slot<B>[B];
    counter.changes++;
  }
}

/** A writable place holding an expression: the root, or a side of an `&&`/`||` node of the working copy. */
interface Place {
  get(): DepExpr;
  set(e: DepExpr): void;
}

type Chain = { kind: 'and' | 'or'; left: DepExpr; right: DepExpr };

function sideOf(node: Chain, side: 'left' | 'right'): Place {
  return { get: () => node[side], set: (e) => (node[side] = e) };
}

/** A private copy of the `&&`/`||`/`!` structure, which 6.1's rewrite then changes in place. */
function copyStructure(e: DepExpr): DepExpr {
  if (e.kind === 'and' || e.kind === 'or')
    return { kind: e.kind, left: copyStructure(e.left), right: copyStructure(e.right) };
  if (e.kind === 'not') return { kind: 'not', operand: copyStructure(e.operand) };
  return e;
}

/** 6.1's expr_eliminate_dups: passes over the whole chain until one changes nothing. */
function eliminateDupsInPlace(e: DepExpr, typeOf: OperandType): DepExpr {
  let root = copyStructure(e);
  const place: Place = { get: () => root, set: (x) => (root = x) };
  for (;;) {
    const counter = { changes: 0 };
    if (root.kind === 'and' || root.kind === 'or') dedupInPlace(root.kind, place, place, typeOf, counter);
    if (counter.changes === 0) return root;
    root = eliminateYn(root);
  }
}

/**
 * 6.1's expr_eliminate_dups1, called with the same chain twice: every leaf is compared with every other leaf
 * in order, and a pair that joins leaves y (n for `||`) in the first place and the joined term in the second,
 * so later comparisons see the change. A leaf that is a chain of the other operator is first deduplicated
 * against itself.
 */
function dedupInPlace(
  type: 'and' | 'or',
  p1: Place,
  p2: Place,
  typeOf: OperandType,
  counter: { changes: number },
): void {
  const e1 = p1.get();
  if (e1.kind === type) {
    dedupInPlace(type, sideOf(e1 as Chain, 'left'), p2, typeOf, counter);
    dedupInPlace(type, sideOf(e1 as Chain, 'right'), p2, typeOf, counter);
    return;
  }
  const e2 = p2.get();
  if (e2.kind === type) {
    dedupInPlace(type, p1, sideOf(e2 as Chain, 'left'), typeOf, counter);
    dedupInPlace(type, p1, sideOf(e2 as Chain, 'right'), typeOf, counter);
    return;
  }
  if (e1 === e2) return;
  if (e1.kind === 'and' || e1.kind === 'or') dedupInPlace(e1.kind, p1, p1, typeOf, counter);
  const a = p1.get();
  const b = p2.get();
  const joined = type === 'or' ? joinOr(a, b, typeOf) : joinAnd(a, b, typeOf);
  if (joined) {
    p1.set(constant(type === 'or' ? 'n' : 'y'));
    p2.set(joined === a ? copyStructure(a) : joined);
    counter.changes++;
  }
}
