import { describe, expect, test } from 'vitest';
import { DependencyModel } from '../../src/eval/dependencies.js';
import { formatExpr } from '../../src/eval/expr.js';
import { modelOf } from './support.js';

describe('DependencyModel (menu_finalize)', () => {
  const model = modelOf(`
config MODULES
	bool "modules"
	modules
config A
	bool "a"
menu "M"
	depends on A
	visible if B
config B
	tristate "b" if m
	depends on C
	select D
	imply E
endmenu
config D
	bool
config D
	bool "d"
	depends on A
config E
	tristate "e"
config C
	bool "c"
`);
  const deps = new DependencyModel(model, '6.12');

  test('dependencies accumulate parent first, with m rewritten', () => {
    expect(formatExpr(deps.symbol('B')?.dirDep)).toBe('A && C');
    expect(formatExpr(deps.symbol('B')?.prompts[0]?.visibility)).toBe('A && C && m && MODULES && B');
  });

  test('select and imply build revDep and weakRevDep from the selector and the visibility', () => {
    expect(formatExpr(deps.symbol('D')?.revDep)).toBe('B && A && C');
    expect(formatExpr(deps.symbol('E')?.weakRevDep)).toBe('B && A && C');
  });

  test('a definition without dependencies vanishes from the OR (expr_alloc_or)', () => {
    expect(formatExpr(deps.symbol('D')?.dirDep)).toBe('A');
  });
});

describe('choice membership', () => {
  const text = `
choice
	prompt "c"
config ONE
	bool "one"
config SUB
	bool "sub"
	depends on ONE
config TWO
	bool "two"
endchoice
`;

  test('6.1: a member depending on the previous one is nested, not a choice value', () => {
    const deps = new DependencyModel(modelOf(text), '6.1');
    expect(deps.choices[0]?.members).toEqual(['ONE', 'TWO']);
    expect(deps.symbol('SUB')?.choice).toBeUndefined();
    expect(formatExpr(deps.symbol('TWO')?.prompts[0]?.visibility)).toBe('<choice>');
  });

  test('6.12: every member is a choice value and has no dirDep of its own', () => {
    const deps = new DependencyModel(modelOf(text), '6.12');
    expect(deps.choices[0]?.members).toEqual(['ONE', 'SUB', 'TWO']);
    expect(deps.symbol('TWO')?.dirDep).toBeUndefined();
  });
});
