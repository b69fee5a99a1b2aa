// The text of an explanation: its .config line, the origin, menuconfig's help screen exactly as conf prints
// it (the same code as helpnewconfig's), then unmet dependencies, defaults, ranges, the choice, enableWith.
import { describe, expect, test } from 'vitest';
import type { MenuNode } from '@kconfig-solve/kconfig-parser';
import { extendedHelp } from '../../src/conf/help.js';
import { buildConfMenu, type ConfMenu } from '../../src/conf/menu-tree.js';
import { explainSymbol } from '../../src/explain/explain.js';
import { formatExplanation } from '../../src/explain/format.js';
import type { Evaluation } from '../../src/eval/evaluation.js';
import { fixtureWith } from './support.js';

/** conf's help for the first definition of `name` (what `?` and helpnewconfig print). */
function confHelp(ev: Evaluation, name: string): string {
  const menus = new Map<MenuNode, ConfMenu>();
  const index = (m: ConfMenu) => {
    menus.set(m.node, m);
    m.children.forEach(index);
  };
  index(buildConfMenu(ev.deps));
  const menu = [...menus.values()].find((m) => m.node.kind === 'config' && m.node.symbol === name);
  if (!menu) throw new Error(name);
  return extendedHelp(ev, menu, menus);
}

const text = (ev: Evaluation, name: string) => formatExplanation(explainSymbol(ev, name, { enableWith: false }));

describe('formatExplanation', () => {
  test('a default: .config line, origin, the help screen, defaults', () => {
    const ev = fixtureWith('CONFIG_BUS=y\n');
    expect(text(ev, 'ETH')).toBe(
      [
        'CONFIG_ETH=m',
        'Value: m, from default m if BUS [=y] (drivers/Kconfig:12)',
        '',
        'CONFIG_ETH:',
        '',
        'Ethernet drivers.',
        '',
        'Symbol: ETH [=m]',
        'Type  : tristate',
        'Defined at drivers/Kconfig:9',
        '  Prompt: Ethernet',
        '  Depends on: NET [=y] && BUS [=y]',
        '  Location:',
        '    -> Device Drivers',
        '      -> Networking support (NET [=y])',
        '        -> Ethernet (ETH [=m])',
        '',
        '',
        'Defaults:',
        '  - m if BUS [=y] (drivers/Kconfig:12) [in effect]',
        '  - y (drivers/Kconfig:13)',
        '',
      ].join('\n'),
    );
  });

  test("the help screen part is conf's own text, byte for byte", () => {
    for (const [config, names] of [
      ['CONFIG_WIFI=y\n# CONFIG_CRYPTO is not set\n', ['CRYPTO', 'WIFI', 'LED', 'WIFI_DEBUG', 'EXTRA']],
      ['CONFIG_BUS=y\nCONFIG_COUNT=50\n', ['COUNT', 'BASE', 'NAME', 'GZIP', 'HIDDEN']],
    ] as const) {
      const ev = fixtureWith(config);
      for (const name of names) expect(text(ev, name)).toContain(confHelp(ev, name));
    }
  });

  test('a select over a .config value that does not take; unmet dependencies; a choice', () => {
    const ev = fixtureWith('CONFIG_WIFI=y\n# CONFIG_CRYPTO is not set\nCONFIG_ETH=y\n');
    const crypto = text(ev, 'CRYPTO');
    expect(crypto.split('\n').slice(0, 2)).toEqual(['CONFIG_CRYPTO=y', 'Value: y, selected by WIFI [=y] && NET [=y]']);
    expect(crypto.split('\n')[2]).toMatch(/^The \.config asks for n, which does not take: .*WIFI \[=y\] && NET \[=y\]/);
    expect(crypto).toContain('Selected by [y]:\n  - WIFI [=y] && NET [=y]\n');
    const eth = text(ev, 'ETH');
    expect(eth.startsWith('CONFIG_ETH is not written to .config (its value is n)\n')).toBe(true);
    expect(eth).toContain('\nUnmet dependencies: BUS [=n]\n');
    expect(text(ev, 'XZ')).toContain(
      'Value: n, the choice "Compression" picked CONFIG_GZIP instead (its first visible member: no default applies)\n',
    );
    expect(text(ev, 'GZIP')).toContain('\nChoice "Compression" (Kconfig:37): GZIP [=y], XZ [=n]\n');
  });

  test('strings are quoted; ranges list their conditions', () => {
    const ev = fixtureWith('CONFIG_NAME="a \\"box\\""\nCONFIG_BUS=y\nCONFIG_COUNT=50\n');
    expect(text(ev, 'NAME').split('\n')[0]).toBe('CONFIG_NAME="a \\"box\\""');
    expect(text(ev, 'COUNT')).toMatch(/\nThe \.config asks for 50, which does not take: .*1 to 8\n/);
    expect(text(ev, 'COUNT')).toContain(
      'Ranges:\n  - [1 8] if BUS [=y] (Kconfig:25) [in effect]\n  - [1 100] (Kconfig:26)\n',
    );
  });

  test('enableWith: the settings, or why there are none', () => {
    const ev = fixtureWith('');
    const out = formatExplanation(explainSymbol(ev, 'WIFI_DEBUG'));
    expect(out).toMatch(/\nTo enable it \(y\): .*CONFIG_WIFI=[my].*\n$|\nCannot be enabled: .*\n$/);
    expect(formatExplanation(explainSymbol(ev, 'NOPE'))).toBe("CONFIG_NOPE is not defined in this kernel's Kconfig\n");
  });
});
