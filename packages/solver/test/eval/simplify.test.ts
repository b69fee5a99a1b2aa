import type { SymbolType } from '@kconfig-solve/kconfig-parser';
import { describe, expect, test } from 'vitest';
import { constant, type DepExpr, formatExpr, symbolRef } from '../../src/eval/expr.js';
import { eliminateDups, transform } from '../../src/eval/simplify.js';

const types: Record<string, SymbolType> = { B: 'bool', C: 'bool', T: 'tristate' };
const typeOf = (o: { kind: string; name?: string; value?: string }): SymbolType =>
  o.kind === 'symbol'
    ? (types[o.name as string] ?? 'unknown')
    : ['y', 'm', 'n'].includes(o.value ?? '')
      ? 'tristate'
      : 'unknown';
const B = symbolRef('B');
const C = symbolRef('C');
const T = symbolRef('T');
const and = (left: DepExpr, right: DepExpr): DepExpr => ({ kind: 'and', left, right });
const or = (left: DepExpr, right: DepExpr): DepExpr => ({ kind: 'or', left, right });
const not = (operand: DepExpr): DepExpr => ({ kind: 'not', operand });
const eq = (left: typeof B, value: string, op: '=' | '!=' = '='): DepExpr => ({
  kind: 'compare',
  op,
  left,
  right: constant(value),
});

describe('transform (expr_transform)', () => {
  test('bool comparisons with constants become terms; tristate ones stay', () => {
    expect(formatExpr(transform(eq(B, 'y'), typeOf))).toBe('B');
    expect(formatExpr(transform(eq(B, 'n'), typeOf))).toBe('!B');
    expect(formatExpr(transform(eq(B, 'y', '!='), typeOf))).toBe('!B');
    expect(formatExpr(transform(eq(T, 'y'), typeOf))).toBe('T=y');
  });

  test('negations are pushed inwards', () => {
    expect(formatExpr(transform(not(or(B, eq(T, 'n'))), typeOf))).toBe('!B && T!=n');
    expect(formatExpr(transform(not(not(C)), typeOf))).toBe('C');
    expect(formatExpr(transform(not({ kind: 'compare', op: '<', left: T, right: constant('3') }), typeOf))).toBe(
      'T>=3',
    );
  });
});

describe('eliminateDups (expr_eliminate_dups)', () => {
  test('a repeated term disappears, the later copy stays', () => {
    expect(formatExpr(eliminateDups(and(and(B, C), B), typeOf))).toBe('C && B');
    expect(formatExpr(eliminateDups(or(or(B, C), C), typeOf))).toBe('B || C');
  });

  test('a || !a is y for a bool; tristate equalities merge', () => {
    expect(formatExpr(eliminateDups(or(B, not(B)), typeOf))).toBe('y');
    expect(formatExpr(eliminateDups(or(eq(T, 'y'), eq(T, 'm')), typeOf))).toBe('T!=n');
    expect(formatExpr(eliminateDups(and(T, eq(T, 'y')), typeOf))).toBe('T=y');
  });

  test('different subexpressions are left alone', () => {
    const e = and(or(B, C), T);
    expect(eliminateDups(e, typeOf)).toEqual(e);
  });
});
