import { describe, expect, it } from 'vitest';
import { expressionOf } from './support.js';

describe('expression precedence (parser.y: || < && < comparisons, ! applied to a whole comparison)', () => {
  it.each([
    ['A', 'A'],
    ['"quoted"', '"quoted"'],
    ["'single'", "'single'"],
    ['A || B && C', '(A || (B && C))'],
    ['A && B || C', '((A && B) || C)'],
    ['A || B || C', '((A || B) || C)'],
    ['A && B && C', '((A && B) && C)'],
    ['!A', '!A'],
    ['!!A', '!!A'],
    ['!A && B', '(!A && B)'],
    ['!A = B', '!(A = B)'],
    ['!(A = B)', '!(A = B)'],
    ['A = B && C != D', '((A = B) && (C != D))'],
    ['A < B || C <= D', '((A < B) || (C <= D))'],
    ['A > B && C >= D', '((A > B) && (C >= D))'],
    ['(A || B) && C', '((A || B) && C)'],
    ['((A))', 'A'],
    ['!(A || B)', '!(A || B)'],
    ['A = "y"', '(A = "y")'],
    ['"0x10" >= X', '("0x10" >= X)'],
    ['$(cc-option,-mx) && A', '($(cc-option,-mx) && A)'],
    ['A = $(ARCH)', '(A = $(ARCH))'],
  ])('%s', (source, expected) => {
    expect(expressionOf(source)).toBe(expected);
  });

  it('keeps the comparison operator in the AST', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) expect(expressionOf(`A ${op} B`)).toBe(`(A ${op} B)`);
  });
});
