// explainSymbol on the fixture tree: every kind of origin, the definitions with file:line and menu path,
// the dependency display with values, reverse dependencies, defaults, ranges and choices.
import { describe, expect, test } from 'vitest';
import { explainSymbol, resolveSymbolName, type SymbolExplanation } from '../../src/explain/explain.js';
import type { Evaluation } from '../../src/eval/evaluation.js';
import { readAsOlddefconfig } from '../../src/explain/config.js';
import { modelOf } from '../eval/support.js';
import { fixtureWith } from './support.js';

function explain(ev: Evaluation, name: string): SymbolExplanation {
  const e = explainSymbol(ev, name, { enableWith: false });
  if (e.kind !== 'symbol') throw new Error(e.message);
  return e;
}

describe('value origin', () => {
  test('a user value from .config', () => {
    const e = explain(fixtureWith('CONFIG_WIFI=m\n'), 'WIFI');
    expect(e.value).toBe('m');
    expect(e.origin).toEqual({ kind: 'user', userValue: 'm' });
    expect(e.userValue).toBe('m');
    expect(e.userValueNotTaken).toBeUndefined();
    expect(e.written).toBe(true);
  });

  test('a default: which one, with its condition and location', () => {
    const e = explain(fixtureWith('CONFIG_BUS=y\n'), 'ETH');
    expect(e.value).toBe('m');
    expect(e.origin).toMatchObject({
      kind: 'default',
      default: {
        value: { shown: 'm' },
        condition: { shown: 'BUS [=y]', value: 'y' },
        file: 'drivers/Kconfig',
        line: 12,
      },
    });
    expect(e.defaults.map((d) => [d.value.shown, d.condition?.shown, d.active, d.gives])).toEqual([
      ['m', 'BUS [=y]', true, 'm'],
      ['y', undefined, false, 'y'],
    ]);
  });

  test('a select raises the value over the .config', () => {
    const e = explain(fixtureWith('CONFIG_WIFI=y\n# CONFIG_CRYPTO is not set\n'), 'CRYPTO');
    expect(e.value).toBe('y');
    expect(e.origin).toEqual({
      kind: 'select',
      by: [{ expr: 'WIFI && NET', shown: 'WIFI [=y] && NET [=y]', value: 'y' }],
    });
    expect(e.userValue).toBe('n');
    expect(e.userValueNotTaken).toMatchObject({ kind: 'selected', by: ['WIFI'] });
    expect(e.selectedBy).toEqual([{ expr: 'WIFI && NET', shown: 'WIFI [=y] && NET [=y]', value: 'y' }]);
  });

  test('an imply raises the default of a symbol without a value', () => {
    const e = explain(fixtureWith('CONFIG_WIFI=m\n'), 'LED');
    expect(e.value).toBe('m');
    expect(e.origin).toEqual({
      kind: 'imply',
      by: [{ expr: 'WIFI && NET', shown: 'WIFI [=m] && NET [=y]', value: 'm' }],
    });
    expect(e.impliedBy.map((t) => t.shown)).toEqual(['WIFI [=m] && NET [=y]']);
  });

  test('a choice member: picked by the .config, by the default, or as the first visible member', () => {
    const byUser = fixtureWith('CONFIG_BUS=y\nCONFIG_XZ=y\n');
    expect(explain(byUser, 'XZ')).toMatchObject({
      value: 'y',
      origin: { kind: 'choice', choice: { prompt: 'Compression', selected: 'XZ', pickedBy: 'user' } },
    });
    expect(explain(byUser, 'GZIP')).toMatchObject({
      value: 'n',
      origin: { kind: 'choice', choice: { selected: 'XZ' } },
    });
    const byDefault = explain(fixtureWith('CONFIG_BUS=y\n'), 'GZIP');
    expect(byDefault.origin).toMatchObject({
      kind: 'choice',
      choice: {
        selected: 'GZIP',
        pickedBy: 'default',
        default: { target: 'GZIP', condition: { shown: 'BUS [=y]' }, file: 'Kconfig', line: 39 },
        members: [
          { name: 'GZIP', value: 'y' },
          { name: 'XZ', value: 'n' },
        ],
      },
    });
    // Without BUS the default line does not apply: the first visible member is taken.
    const first = explain(fixtureWith(''), 'GZIP');
    expect(first.origin).toMatchObject({ kind: 'choice', choice: { selected: 'GZIP', pickedBy: 'first-visible' } });
    expect(first.choice?.default).toBeUndefined();
  });

  test('not set: no default, or unmet dependencies', () => {
    expect(explain(fixtureWith(''), 'HIDDEN')).toMatchObject({
      value: 'n',
      written: false,
      origin: { kind: 'not-set', why: 'no default applies and nothing selects it' },
    });
    const eth = explain(fixtureWith('CONFIG_ETH=y\n'), 'ETH');
    expect(eth).toMatchObject({ value: 'n', origin: { kind: 'not-set', why: 'its dependencies are not met' } });
    expect(eth.userValueNotTaken?.kind).toBe('dependency');
    expect(eth.userValueNotTaken?.message).toContain('BUS [=n]');
    expect(explain(fixtureWith('CONFIG_BUS=y\n'), 'BUS').origin).toEqual({ kind: 'user', userValue: 'y' });
    expect(explain(fixtureWith(''), 'BUS').origin).toMatchObject({ kind: 'not-set' });
  });

  test('int, hex and string: user value, default, and a range that clamps', () => {
    const clamped = explain(fixtureWith('CONFIG_BUS=y\nCONFIG_COUNT=50\n'), 'COUNT');
    expect(clamped.value).toBe('8');
    expect(clamped.origin).toEqual({ kind: 'user', userValue: '50' });
    expect(clamped.userValueNotTaken).toMatchObject({ kind: 'range', range: { low: '1', high: '8' } });
    expect(clamped.range).toEqual({ low: '1', high: '8' });
    expect(clamped.ranges.map((r) => [r.low, r.high, r.condition?.shown, r.active])).toEqual([
      ['1', '8', 'BUS [=y]', true],
      ['1', '100', undefined, false],
    ]);
    expect(explain(fixtureWith(''), 'BASE')).toMatchObject({
      value: '0x1000',
      typeName: 'hex',
      origin: { kind: 'default', default: { gives: '0x1000', line: 31 } },
    });
    const name = explain(fixtureWith('CONFIG_NAME="box"\n'), 'NAME');
    expect(name).toMatchObject({ value: 'box', origin: { kind: 'user', userValue: 'box' } });
    expect(name.defaults[0]?.value.shown).toBe('"kernel"');
  });
});

describe('definitions and dependencies', () => {
  test('every definition with file:line, prompt, dependencies with values and menu location', () => {
    const e = explain(fixtureWith('CONFIG_WIFI=y\n'), 'WIFI_DEBUG');
    expect(e.definitions).toEqual([
      {
        file: 'drivers/Kconfig',
        line: 22,
        prompt: 'Wireless debugging',
        dependsOn: { expr: 'NET && WIFI', shown: 'NET [=y] && WIFI [=y]', value: 'y' },
        location: [
          { prompt: 'Device Drivers' },
          { prompt: 'Networking support', symbol: 'NET', value: 'y' },
          // The automatic submenu: a symbol depending on the one before it sits under it.
          { prompt: 'Wireless', symbol: 'WIFI', value: 'y' },
          { prompt: 'Wireless debugging', symbol: 'WIFI_DEBUG', value: 'n' },
        ],
      },
    ]);
  });

  test('a symbol defined twice: prompt condition shown as "Visible if", the second definition its own deps', () => {
    const e = explain(fixtureWith(''), 'EXTRA');
    expect(e.definitions.map((d) => [d.file, d.line, d.prompt, d.dependsOn?.shown, d.visibleIf?.shown])).toEqual([
      ['Kconfig', 49, 'Extra features', undefined, 'BUS [=n]'],
      ['Kconfig', 55, undefined, 'NET [=y]', undefined],
    ]);
    expect(e.help).toContain('offered only with a bus');
  });

  test("direct dependencies with each operand's value, and which terms fail", () => {
    const e = explain(fixtureWith(''), 'ETH');
    expect(e.dirDep).toEqual({ expr: 'NET && BUS', shown: 'NET [=y] && BUS [=n]', value: 'n' });
    expect(e.dirDepTerms.map((t) => [t.shown, t.value])).toEqual([
      ['NET [=y]', 'y'],
      ['BUS [=n]', 'n'],
    ]);
    expect(explain(fixtureWith(''), 'LED').dirDep.shown).toBe('BUS [=n] || NET [=y]');
  });

  test('what a symbol selects and implies, with location', () => {
    const e = explain(fixtureWith('CONFIG_WIFI=y\n'), 'WIFI');
    expect(e.selects).toEqual([{ target: 'CRYPTO', shown: 'CRYPTO [=y]', file: 'drivers/Kconfig', line: 19 }]);
    expect(e.implies).toEqual([{ target: 'LED', shown: 'LED [=y]', file: 'drivers/Kconfig', line: 20 }]);
  });
});

describe('names', () => {
  test('CONFIG_ prefix and lower case are accepted', () => {
    const ev = fixtureWith('');
    expect(resolveSymbolName(ev, 'CONFIG_ETH')).toBe('ETH');
    expect(resolveSymbolName(ev, 'wifi_debug')).toBe('WIFI_DEBUG');
    expect(explain(ev, 'config_eth').name).toBe('ETH');
  });

  test('an unknown symbol: a clear error with close matches', () => {
    expect(explainSymbol(fixtureWith(''), 'CONFIG_WIFI_DEBUGG')).toEqual({
      kind: 'unknown',
      name: 'WIFI_DEBUGG',
      message: "CONFIG_WIFI_DEBUGG is not defined in this kernel's Kconfig; did you mean CONFIG_WIFI_DEBUG?",
      closeMatches: ['WIFI_DEBUG'],
    });
    expect(explainSymbol(fixtureWith(''), 'QQQQQQQQ')).toMatchObject({ kind: 'unknown', closeMatches: [] });
  });
});

describe('enableWith', () => {
  test('a symbol that is n gets the settings that would enable it; one that is set does not', () => {
    const off = explainSymbol(fixtureWith(''), 'ETH');
    expect(off.kind === 'symbol' && off.enableWith).toMatchObject({ symbol: 'ETH' });
    const on = explainSymbol(fixtureWith('CONFIG_WIFI=y\n'), 'WIFI');
    expect(on.kind === 'symbol' && on.enableWith).toBeUndefined();
  });
});

describe('6.1 rules (choices are tristate symbols)', () => {
  const tree = `
config MODULES
	bool "modules"
	modules
	default y
choice
	tristate "Scheduler"
	default DEADLINE
config DEADLINE
	tristate "deadline"
config CFQ
	tristate "cfq"
endchoice
`;

  test('a choice in y mode picks one member; in m mode the members are user values', () => {
    const model = modelOf(tree);
    const y = readAsOlddefconfig({ model }, { text: 'CONFIG_CFQ=y\n', name: '.config' }).evaluation;
    expect(y.rules).toBe('6.1');
    expect(explain(y, 'CFQ').origin).toMatchObject({ kind: 'choice', choice: { selected: 'CFQ', pickedBy: 'user' } });
    expect(explain(y, 'DEADLINE')).toMatchObject({
      value: 'n',
      origin: { kind: 'choice', choice: { selected: 'CFQ' } },
    });
    const m = readAsOlddefconfig({ model }, { text: 'CONFIG_CFQ=m\nCONFIG_DEADLINE=m\n', name: '.config' }).evaluation;
    expect(explain(m, 'CFQ')).toMatchObject({ value: 'm', origin: { kind: 'user', userValue: 'm' } });
    // The choice's own value shows in the menu path, as menuconfig's "Location:" prints it.
    expect(explain(m, 'CFQ').definitions[0]?.location[0]).toEqual({
      prompt: 'Scheduler',
      symbol: '<choice>',
      value: 'm',
    });
  });
});
