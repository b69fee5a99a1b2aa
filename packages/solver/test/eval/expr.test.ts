import { describe, expect, test } from 'vitest';
import { constant, type DepExpr, exprAnd, exprOr, formatExpr, rewriteModules, symbolRef } from '../../src/eval/expr.js';

const A = symbolRef('A');
const B = symbolRef('B');
const C = symbolRef('C');

describe('expression builders', () => {
  test('an absent operand vanishes (expr_alloc_and / expr_alloc_or)', () => {
    expect(exprAnd(undefined, A)).toBe(A);
    expect(exprOr(A, undefined)).toBe(A);
    expect(exprAnd(undefined, undefined)).toBeUndefined();
  });

  test('rewrite_m turns m into m && MODULES, not other constants', () => {
    const e: DepExpr = { kind: 'or', left: constant('m'), right: constant('y') };
    expect(formatExpr(rewriteModules(e, symbolRef('MODULES')))).toBe('m && MODULES || y');
  });
});

describe('formatExpr (expr_print)', () => {
  test('parenthesises an || inside an && and a && inside a !', () => {
    const or: DepExpr = { kind: 'or', left: A, right: B };
    expect(formatExpr({ kind: 'and', left: or, right: C })).toBe('(A || B) && C');
    expect(formatExpr({ kind: 'not', operand: { kind: 'and', left: A, right: B } })).toBe('!(A && B)');
    expect(formatExpr({ kind: 'or', left: { kind: 'and', left: A, right: B }, right: C })).toBe('A && B || C');
  });

  test('comparisons print without spaces; an absent expression is y', () => {
    expect(formatExpr({ kind: 'compare', op: '!=', left: A, right: constant('n') })).toBe('A!=n');
    // expr_compare_type puts no parentheses around a comparison under `!` (the parser reads `!A=B` that way too).
    expect(formatExpr({ kind: 'not', operand: { kind: 'compare', op: '=', left: A, right: B } })).toBe('!A=B');
    expect(formatExpr(undefined)).toBe('y');
  });

  test('an operand printer can add values', () => {
    expect(formatExpr({ kind: 'and', left: A, right: B }, (o) => (o.kind === 'symbol' ? `${o.name} [=y]` : '?'))).toBe(
      'A [=y] && B [=y]',
    );
  });
});
