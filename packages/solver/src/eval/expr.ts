/**
 * Dependency expressions as the evaluator sees them, after menu_finalize (scripts/kconfig/menu.c):
 * the model's expressions plus a `choice` leaf, because before 6.11 a choice is itself a tristate symbol
 * that its members depend on. Builders mirror expr_alloc_and/expr_alloc_or (an absent operand vanishes,
 * so `A || <nothing>` is `A`, a quirk conf's dirDep inherits), and the printer mirrors expr_print:
 * the same precedence rules, the same parentheses, optionally each symbol followed by ` [=value]`.
 */
export type Operand =
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'const'; readonly value: string }
  | { readonly kind: 'choice'; readonly choice: number };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A superset of the model's expressions: those are passed where a DepExpr is expected. */
export type DepExpr =
  | Operand
  | { readonly kind: 'not'; readonly operand: DepExpr }
  | { readonly kind: 'and'; readonly left: DepExpr; readonly right: DepExpr }
  | { readonly kind: 'or'; readonly left: DepExpr; readonly right: DepExpr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand };

export const constant = (value: string): Operand => ({ kind: 'const', value });
export const symbolRef = (name: string): Operand => ({ kind: 'symbol', name });

/** expr_alloc_and: an absent side leaves the other one. */
export function exprAnd(left: DepExpr | undefined, right: DepExpr | undefined): DepExpr | undefined {
  if (!left) return right;
  if (!right) return left;
  return { kind: 'and', left, right };
}

/** expr_alloc_or: an absent side leaves the other one. */
export function exprOr(left: DepExpr | undefined, right: DepExpr | undefined): DepExpr | undefined {
  if (!left) return right;
  if (!right) return left;
  return { kind: 'or', left, right };
}

/**
 * rewrite_m (menu.c): a literal `m` in a dependency or condition means `m && MODULES`, so that with
 * MODULES=n nothing can be limited to m. Defaults' value expressions are not rewritten.
 */
export function rewriteModules(e: DepExpr | undefined, modules: Operand): DepExpr | undefined {
  if (!e) return e;
  // Nodes without an `m` below are kept as they are.
  switch (e.kind) {
    case 'not': {
      const operand = rewriteModules(e.operand, modules) as DepExpr;
      return operand === e.operand ? e : { kind: 'not', operand };
    }
    case 'and':
    case 'or': {
      const left = rewriteModules(e.left, modules) as DepExpr;
      const right = rewriteModules(e.right, modules) as DepExpr;
      return left === e.left && right === e.right ? e : { kind: e.kind, left, right };
    }
    case 'const':
      return e.value === 'm' ? { kind: 'and', left: e, right: modules } : e;
    default:
      return e;
  }
}

/** Every symbol name an expression reads (for the reverse-dependency index). */
export function referencedSymbols(e: DepExpr | undefined, into: Set<string>): void {
  if (!e) return;
  switch (e.kind) {
    case 'symbol':
      into.add(e.name);
      break;
    case 'not':
      referencedSymbols(e.operand, into);
      break;
    case 'and':
    case 'or':
      referencedSymbols(e.left, into);
      referencedSymbols(e.right, into);
      break;
    case 'compare':
      referencedSymbols(e.left, into);
      referencedSymbols(e.right, into);
      break;
    default:
      break;
  }
}

/**
 * expr_depends_symbol: `e` can only be true when `name` is: `name`, `name=y`, `name=m`, `name!=n`, or an `&&`
 * with such a term.
 */
export function dependsOnSymbol(e: DepExpr | undefined, name: string): boolean {
  if (!e) return false;
  switch (e.kind) {
    case 'and':
      return dependsOnSymbol(e.left, name) || dependsOnSymbol(e.right, name);
    case 'symbol':
      return e.name === name;
    case 'compare': {
      if (e.left.kind !== 'symbol' || e.left.name !== name || e.right.kind !== 'const') return false;
      if (e.op === '=') return e.right.value === 'y' || e.right.value === 'm';
      if (e.op === '!=') return e.right.value === 'n';
      return false;
    }
    default:
      return false;
  }
}

/** How an operand prints: its name and, when the printer shows values, ` [=value]` (expr_print_gstr_helper). */
export type OperandPrinter = (operand: Operand) => string;

/** expr_print's precedence (expr_compare_type): a child is parenthesised when its parent binds tighter. */
function rank(e: DepExpr): number {
  switch (e.kind) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    case 'not':
      return 3;
    case 'compare':
      return e.op === '=' || e.op === '!=' ? 4 : 5;
    default:
      return 6;
  }
}

/** expr_print: `e` as conf prints it; an absent expression prints as `y`. */
export function formatExpr(e: DepExpr | undefined, operand: OperandPrinter = plainOperand): string {
  if (!e) return 'y';
  return print(e, 0, operand);
}

export function plainOperand(o: Operand): string {
  switch (o.kind) {
    case 'symbol':
      return o.name;
    case 'const':
      return o.value;
    case 'choice':
      return '<choice>';
  }
}

function print(e: DepExpr, parentRank: number, operand: OperandPrinter): string {
  const r = rank(e);
  let text: string;
  switch (e.kind) {
    case 'not':
      text = `!${print(e.operand, 3, operand)}`;
      break;
    case 'and':
      text = `${print(e.left, 2, operand)} && ${print(e.right, 2, operand)}`;
      break;
    case 'or':
      text = `${print(e.left, 1, operand)} || ${print(e.right, 1, operand)}`;
      break;
    case 'compare':
      text = `${operand(e.left)}${e.op}${operand(e.right)}`;
      break;
    default:
      return operand(e);
  }
  // Comparisons of different kinds never nest, so equal ranks (same kind) need no parentheses.
  return parentRank > r && r <= 4 ? `(${text})` : text;
}
