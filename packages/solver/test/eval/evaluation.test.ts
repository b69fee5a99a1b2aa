import { describe, expect, test } from 'vitest';
import { detectRules, Evaluation, rulesForVersion } from '../../src/eval/evaluation.js';
import { mod, no, yes } from '../../src/eval/tristate.js';
import { modelOf } from './support.js';

const tree = `
config MODULES
	bool "modules"
	modules
	default y
config A
	bool "a"
	default y
config T
	tristate "t"
	depends on A
	default m
config FOLLOW
	bool
	default T
config S
	bool "s"
	select SEL
config SEL
	bool
	depends on !A
config N
	int "n"
	range 1 10
	default 20
config STR
	string "str"
	default "v"
config IMPLY
	bool "imply"
	imply T
`;

describe('Evaluation', () => {
  test('defaults, visibility and SYMBOL_WRITE', () => {
    const ev = new Evaluation(modelOf(tree));
    expect(ev.tristate('A')).toBe(yes);
    expect(ev.tristate('T')).toBe(mod);
    expect(ev.value('FOLLOW')).toBe('y');
    expect(ev.isWritten('SEL')).toBe(false);
    expect(ev.value('N')).toBe('10');
    expect(ev.value('STR')).toBe('v');
  });

  test('a user value change recomputes exactly the dependents', () => {
    const ev = new Evaluation(modelOf(tree));
    expect(ev.value('T')).toBe('m');
    expect(ev.setUserValue('A', 'n')).toBe(true);
    expect(ev.tristate('T')).toBe(no);
    expect(ev.visibility('T')).toBe(no);
    expect(ev.setUserValue('A', 'y')).toBe(true);
    expect(ev.setUserValue('T', 'y')).toBe(true);
    expect(ev.value('T')).toBe('y');
    expect(ev.value('FOLLOW')).toBe('y');
  });

  test('MODULES=n turns m into y everywhere', () => {
    const ev = new Evaluation(modelOf(tree));
    ev.setUserValue('MODULES', 'n');
    expect(ev.value('T')).toBe('y');
    expect(ev.effectiveType('T')).toBe('bool');
  });

  test('select beyond dirDep forces the value and warns as conf does', () => {
    const ev = new Evaluation(modelOf(tree));
    ev.setUserValue('S', 'y');
    expect(ev.value('SEL')).toBe('y');
    expect(ev.warnings).toEqual([
      '\nWARNING: unmet direct dependencies detected for SEL\n  Depends on [n]: !A [=y]\n  Selected by [y]:\n  - S [=y]\n',
    ]);
  });

  test('a second full pass is known to repeat the first only when nothing could make it differ', () => {
    const names = ['MODULES', 'A', 'T', 'FOLLOW', 'S', 'SEL', 'N', 'STR', 'IMPLY'];
    const pass = (ev: Evaluation) => {
      ev.invalidateAll();
      return names.map((n) => ev.value(n));
    };
    const clean = new Evaluation(modelOf(tree), { rules: '6.12' });
    const first = pass(clean);
    expect(clean.recomputeWouldRepeat()).toBe(true);
    expect(pass(clean)).toEqual(first);
    // A change after the pass: the cache no longer holds one pass's values.
    clean.setUserValue('A', 'n');
    expect(clean.recomputeWouldRepeat()).toBe(false);
    // An unmet-dependency warning would be raised again by a second pass.
    const warned = new Evaluation(modelOf(tree), { rules: '6.12' });
    warned.setUserValue('S', 'y');
    pass(warned);
    expect(warned.warnings).toHaveLength(1);
    expect(warned.recomputeWouldRepeat()).toBe(false);
    // 6.1's choices change their user state while computed: never assumed to repeat.
    const legacy = new Evaluation(modelOf(tree), { rules: '6.1' });
    pass(legacy);
    expect(legacy.recomputeWouldRepeat()).toBe(false);
  });

  test('invalid user values are refused; out-of-range ones are clamped', () => {
    const ev = new Evaluation(modelOf(tree));
    expect(ev.setUserValue('N', '0x5')).toBe(false);
    expect(ev.setUserValue('A', 'm')).toBe(false);
    expect(ev.setUserValue('N', '0')).toBe(true);
    expect(ev.value('N')).toBe('1');
  });

  test('imply raises the default within dirDep; savedefconfig sees it as the default', () => {
    const ev = new Evaluation(modelOf(tree));
    ev.setUserValue('IMPLY', 'y');
    expect(ev.value('T')).toBe('y');
    expect(ev.defaultValue('T')).toBe('y');
  });

  test('rules come from the tree: old-style choices mean 6.1', () => {
    expect(detectRules(modelOf(tree))).toBe('6.12');
    expect(detectRules(modelOf('choice\n\ttristate "c"\nconfig X\n\ttristate "x"\nendchoice\n'))).toBe('6.1');
  });
});

describe('choices', () => {
  const choice = `
config GATE
	bool "gate"
	default y
choice
	prompt "c"
	default TWO
config ONE
	bool "one"
config TWO
	bool "two"
	depends on GATE
config THREE
	bool "three"
endchoice
`;

  test('6.12: default, then user y by priority, then a default the user set n is skipped', () => {
    const ev = new Evaluation(modelOf(choice), { rules: '6.12' });
    expect(ev.choiceSelection(0)).toBe('TWO');
    ev.setUserValue('THREE', 'y');
    ev.setUserValue('ONE', 'y');
    ev.promoteChoiceMember('ONE');
    expect(ev.value('ONE')).toBe('y');
    expect(ev.value('THREE')).toBe('n');
    ev.resetUserValues();
    ev.setUserValue('TWO', 'n');
    expect(ev.choiceSelection(0)).toBe('ONE');
  });

  test('6.1: the choice is y while visible and selects its default', () => {
    const ev = new Evaluation(modelOf(choice), { rules: '6.1' });
    expect(ev.choiceSelection(0)).toBe('TWO');
    ev.setUserValue('GATE', 'n');
    expect(ev.choiceSelection(0)).toBe('ONE');
    expect(ev.isWritten('TWO')).toBe(false);
  });
});

describe('rulesForVersion', () => {
  test('kernels before 6.11 follow 6.1', () => {
    expect(rulesForVersion('6.1.0')).toBe('6.1');
    expect(rulesForVersion('5.15')).toBe('6.1');
    expect(rulesForVersion('6.11.0-rc1')).toBe('6.12');
    expect(rulesForVersion('6.12.57')).toBe('6.12');
    expect(rulesForVersion('')).toBeUndefined();
  });
});
