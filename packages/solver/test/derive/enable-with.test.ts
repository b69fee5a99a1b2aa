import { describe, expect, test } from 'vitest';
import { readConfig } from '../../src/config/read.js';
import { enableWith } from '../../src/derive/enable-with.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

/** An evaluation of `kconfig` with `config` read as olddefconfig reads .config. */
function evaluationOf(kconfig: string, config = ''): Evaluation {
  const ev = new Evaluation(modelOf(kconfig));
  readConfig(config, '.config', ev);
  return ev;
}

/** The assignments as `SYMBOL=value` words, in their order. */
const words = (r: ReturnType<typeof enableWith>) => r.assignments?.map((a) => `${a.symbol}=${a.value}`);

const MODULES = `
config MODULES
	bool "modules"
	modules
`;

describe('enableWith', () => {
  test('a dependency chain: every prompt on the way, in .config order', () => {
    const ev = evaluationOf(`
config A
	bool "a"
config B
	bool "b"
	depends on A
config C
	bool "c"
	depends on B
`);
    const r = enableWith(ev, 'C');
    expect(r).toMatchObject({ symbol: 'C', target: 'y', verified: true });
    expect(words(r)).toEqual(['A=y', 'B=y', 'C=y']);
  });

  test('of two paths (||), the one with fewer changes', () => {
    const ev = evaluationOf(`
config Z
	bool "z"
config X
	bool "x"
	depends on Z
config Y
	bool "y"
config T
	bool "t"
	depends on X || Y
`);
    expect(words(enableWith(ev, 'T'))).toEqual(['Y=y', 'T=y']);
  });

  test('a time limit stops the minimisation: the answer still works, marked not minimal', () => {
    const ev = evaluationOf(`
config Z
	bool "z"
config X
	bool "x"
	depends on Z
config Y
	bool "y"
config T
	bool "t"
	depends on X || Y
`);
    const r = enableWith(ev, 'T', { timeLimitMs: -1 });
    expect(r).toMatchObject({ verified: true, minimal: false });
    expect(words(r)).toContain('T=y');
    // Without a limit the same question gives the fewest settings, and says nothing about minimality.
    const full = enableWith(ev, 'T');
    expect(full.minimal).toBeUndefined();
    expect(r.assignments?.length).toBeGreaterThanOrEqual(full.assignments?.length ?? 0);
  });

  test('`!X`: a symbol that is set gets turned off', () => {
    const ev = evaluationOf(
      `
config X
	bool "x"
config T
	bool "t"
	depends on !X
`,
      'CONFIG_X=y\n# CONFIG_T is not set\n',
    );
    const r = enableWith(ev, 'T');
    expect(words(r)).toEqual(['X=n', 'T=y']);
    expect(r.verified).toBe(true);
  });

  test('a symbol without prompt is enabled through what selects it, and nothing else', () => {
    const ev = evaluationOf(`
config HIDDEN
	bool
config USER
	bool "user"
	select HIDDEN
config OTHER
	bool "other"
`);
    expect(words(enableWith(ev, 'HIDDEN'))).toEqual(['USER=y']);
  });

  test('a default that depends on something is enabled by that something, without a setting of its own', () => {
    const ev = evaluationOf(`
config A
	bool "a"
config D
	bool
	default y if A
`);
    expect(words(enableWith(ev, 'D'))).toEqual(['A=y']);
  });

  test('implied symbols count: imply raises a hidden symbol within its dependencies', () => {
    const ev = evaluationOf(`
config DEP
	bool "dep"
config IMPLIED
	tristate
	depends on DEP
config USER
	bool "user"
	imply IMPLIED
`);
    const r = enableWith(ev, 'IMPLIED');
    expect(words(r)).toEqual(['DEP=y', 'USER=y']);
    expect(r.target).toBe('y');
  });

  test('a choice: its member is picked, and the member picked so far is turned off where it would win', () => {
    const ev = evaluationOf(
      `
choice
	prompt "mode"
	default FAST
config FAST
	bool "fast"
config SMALL
	bool "small"
endchoice
config NEEDS_SMALL
	bool "needs small"
	depends on SMALL
`,
      // FAST, read last, has the priority (6.12 conf_read_simple): SMALL=y alone would not take.
      '# CONFIG_SMALL is not set\nCONFIG_FAST=y\n# CONFIG_NEEDS_SMALL is not set\n',
    );
    const r = enableWith(ev, 'NEEDS_SMALL');
    expect(words(r)).toEqual(['FAST=n', 'SMALL=y', 'NEEDS_SMALL=y']);
    expect(r.verified).toBe(true);
  });

  test('a tristate comes out as m where modules are on, else y (fewer changes than turning modules on)', () => {
    const kconfig = `${MODULES}
config DRIVER
	tristate "driver"
`;
    expect(enableWith(evaluationOf(kconfig, 'CONFIG_MODULES=y\n'), 'DRIVER')).toMatchObject({
      target: 'm',
      assignments: [{ symbol: 'DRIVER', value: 'm' }],
      verified: true,
    });
    expect(words(enableWith(evaluationOf(kconfig, '# CONFIG_MODULES is not set\n'), 'DRIVER'))).toEqual(['DRIVER=y']);
    // At least m: y is enabled too, with one change instead of two.
    const asM = enableWith(evaluationOf(kconfig, '# CONFIG_MODULES is not set\n'), 'DRIVER', { target: 'm' });
    expect(asM).toMatchObject({ target: 'm', assignments: [{ symbol: 'DRIVER', value: 'y' }], verified: true });
  });

  test('a bool never takes m', () => {
    const r = enableWith(evaluationOf('config B\n\tbool "b"\n'), 'B', { target: 'm' });
    expect(r.verified).toBe(false);
    expect(r.assignments).toBeUndefined();
    expect(r.reason).toMatch(/bool/);
  });

  test('y asked of a tristate that depends on an m', () => {
    const ev = evaluationOf(
      `${MODULES}
config LIB
	tristate "lib"
config USER
	tristate "user"
	depends on LIB
`,
      'CONFIG_MODULES=y\nCONFIG_LIB=m\n# CONFIG_USER is not set\n',
    );
    expect(words(enableWith(ev, 'USER', { target: 'y' }))).toEqual(['LIB=y', 'USER=y']);
  });

  test('impossible: a dependency without prompt, with the reason', () => {
    const ev = evaluationOf(`
config FIXED
	bool
	default n
config T
	bool "t"
	depends on FIXED
`);
    const r = enableWith(ev, 'T');
    expect(r).toMatchObject({ verified: false, reason: 'depends on FIXED [=n], which no prompt can change' });
    expect(r.assignments).toBeUndefined();
  });

  test('impossible: the nearest fixed fact is named, not the ones behind it', () => {
    const ev = evaluationOf(`
config SIXTY_FOUR
	bool
	default y
config THIRTY_TWO
	def_bool !SIXTY_FOUR
config T
	bool "t"
	depends on THIRTY_TWO
`);
    expect(enableWith(ev, 'T').reason).toBe('depends on THIRTY_TWO [=n], which no prompt can change');
  });

  test('impossible: a name the tree does not define, and a compare of fixed values', () => {
    const undefinedDep = enableWith(evaluationOf('config T\n\tbool "t"\n\tdepends on NOWHERE\n'), 'T');
    expect(undefinedDep.reason).toBe('depends on NOWHERE, which this tree does not define');
    const compare = enableWith(evaluationOf('config T\n\tbool "t" if "x86_64" = "x86"\n'), 'T');
    expect(compare.reason).toBe('has a prompt that needs x86_64=x86 [=n], which no prompt can change');
  });

  test('impossible: an n in a condition (what a failed $(success,...) test leaves)', () => {
    const ev = evaluationOf(`
config PLUGINS
	bool "plugins"
	depends on n
config T
	bool "t"
	depends on PLUGINS
`);
    expect(enableWith(ev, 'T').reason).toBe(
      'depends on PLUGINS [=n], which depends on n, a condition fixed when the Kconfig files were read (such as a $(success,...) test)',
    );
  });

  test('impossible: alternatives (`||`) are each named, any of them would do', () => {
    const ev = evaluationOf(`
config FIXED_A
	bool
config FIXED_B
	bool
config T
	bool "t"
	depends on FIXED_A || FIXED_B
`);
    expect(enableWith(ev, 'T').reason).toBe(
      'depends on FIXED_A [=n], which no prompt can change; or depends on FIXED_B [=n], which no prompt can change',
    );
  });

  test('6.1 rules: a choice member is selected through the choice', () => {
    const ev = new Evaluation(
      modelOf(`
choice
	prompt "mode"
	default FAST
config FAST
	bool "fast"
config SMALL
	bool "small"
endchoice
config NEEDS_SMALL
	bool "needs small"
	depends on SMALL
`),
      { rules: '6.1' },
    );
    readConfig('CONFIG_FAST=y\n# CONFIG_SMALL is not set\n', '.config', ev);
    const r = enableWith(ev, 'NEEDS_SMALL');
    expect(r.verified).toBe(true);
    expect(words(r)).toContain('SMALL=y');
    expect(ev.value('FAST')).toBe('y');
  });

  test('impossible: contradictory dependencies', () => {
    const ev = evaluationOf(`
config A
	bool "a"
config T
	bool "t"
	depends on A && !A
`);
    const r = enableWith(ev, 'T');
    expect(r.verified).toBe(false);
    expect(r.reason).toMatch(/^its dependencies cannot hold: A \[=n\] && !A \[=n\]/);
  });

  test('a compare on a prompted int is met by a value that satisfies it', () => {
    const ev = evaluationOf(`
config NR
	int "number"
	default 3
config T
	bool "t"
	depends on NR > 5
`);
    const r = enableWith(ev, 'T');
    expect(words(r)).toEqual(['NR=6', 'T=y']);
    expect(r.verified).toBe(true);
  });

  test('already enabled: nothing to set', () => {
    const ev = evaluationOf('config T\n\tbool "t"\n\tdefault y\n');
    expect(enableWith(ev, 'T')).toEqual({ symbol: 'T', target: 'y', assignments: [], verified: true });
  });

  test('unknown and non-boolean symbols are reported, not thrown', () => {
    const ev = evaluationOf('config S\n\tstring "s"\n');
    expect(enableWith(ev, 'NOPE')).toMatchObject({
      verified: false,
      reason: 'CONFIG_NOPE is not defined in this tree',
    });
    expect(enableWith(ev, 'S').reason).toMatch(/string symbol/);
  });

  test('the evaluation is left as it was: user values, values and warnings', () => {
    const ev = evaluationOf(
      `
config A
	bool "a"
config SEL
	bool "sel"
	select LEAF
config LEAF
	bool
	depends on A
config T
	bool "t"
	depends on SEL && LEAF
`,
      '# CONFIG_A is not set\n',
    );
    const before = ['A', 'SEL', 'LEAF', 'T'].map((n) => [ev.userValue(n), ev.value(n)]);
    const warnings = ev.warnings.length;
    const r = enableWith(ev, 'T');
    expect(r.verified).toBe(true);
    expect(['A', 'SEL', 'LEAF', 'T'].map((n) => [ev.userValue(n), ev.value(n)])).toEqual(before);
    expect(ev.warnings.length).toBe(warnings);
  });
});
