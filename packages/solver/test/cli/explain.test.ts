// `kconfig-solve explain` on the explain fixture tree: text and JSON output, --dot (with a fake Graphviz on
// PATH, and without one), unknown symbols, usage errors.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runExplain } from '../../src/cli/commands/explain.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { fixtureTree } from '../explain/support.js';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = runExplain(['--srctree', fixtureTree, '--shell', 'stub', ...argv], io);
  return { code, stdout, stderr };
}

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'explain-cli-'));
  writeFileSync(join(dir, '.config'), text);
  return join(dir, '.config');
}

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('kconfig-solve explain', () => {
  test('explains each symbol of a .config in text', () => {
    const { code, stdout, stderr } = run(['--config', configFile('CONFIG_BUS=y\nCONFIG_WIFI=y\n'), 'ETH', 'crypto']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('CONFIG_ETH=m\nValue: m, from default m if BUS [=y] (drivers/Kconfig:12)\n');
    expect(stdout).toContain('\nCONFIG_CRYPTO=y\nValue: y, selected by WIFI [=y] && NET [=y]\n');
    expect(stdout).toContain('Selected by [y]:\n  - WIFI [=y] && NET [=y]\n');
  });

  test('--json gives the same data', () => {
    const { code, stdout } = run(['--config', configFile('CONFIG_BUS=y\n'), '--json', 'ETH', 'NOPE']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.config).toMatch(/\.config$/);
    expect(json.dot).toBeNull();
    expect(json.symbols[0]).toMatchObject({
      kind: 'symbol',
      name: 'ETH',
      value: 'm',
      type: 'tristate',
      origin: { kind: 'default', default: { line: 12 } },
      definitions: [{ file: 'drivers/Kconfig', line: 9, prompt: 'Ethernet' }],
    });
    expect(json.symbols[1]).toMatchObject({ kind: 'unknown', name: 'NOPE' });
  });

  test('without a config the defaults are explained, and it says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-cli-'));
    const { code, stdout, stderr } = run(['--config', join(dir, 'missing'), 'ETH']);
    expect(code).toBe(1);
    expect(stderr).toBe(`kconfig-solve explain: ${join(dir, 'missing')}: no such file\n`);
    expect(stdout).toBe('');
    // The default is $KCONFIG_CONFIG, else .config.
    process.env.KCONFIG_CONFIG = join(dir, 'none.config');
    try {
      const defaults = run(['ETH']);
      expect(defaults.code).toBe(0);
      expect(defaults.stderr).toBe(`kconfig-solve explain: no ${join(dir, 'none.config')}: showing the defaults\n`);
      expect(defaults.stdout).toContain('Value: n, not set: its dependencies are not met\n');
    } finally {
      delete process.env.KCONFIG_CONFIG;
    }
  });

  test('an unknown symbol: an error with close matches, exit 1', () => {
    const { code, stdout, stderr } = run(['--config', configFile(''), 'WIFI_DEBUGG']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "kconfig-solve explain: CONFIG_WIFI_DEBUGG is not defined in this kernel's Kconfig; did you mean CONFIG_WIFI_DEBUG?\n",
    );
  });

  test('--dot writes the cone, and an SVG with dot installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-dot-'));
    // A fake Graphviz first on PATH.
    const fake = join(dir, 'dot');
    writeFileSync(fake, '#!/bin/sh\nprintf "<svg/>" > "$3"\n');
    chmodSync(fake, 0o755);
    process.env.PATH = `${dir}:${path}`;
    const file = join(dir, 'eth.dot');
    const { code, stdout } = run(['--config', configFile(''), '--dot', file, '--depth', '1', 'ETH']);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"ETH" -> "BUS" [label="depends on"');
    expect(readFileSync(join(dir, 'eth.svg'), 'utf8')).toBe('<svg/>');
    expect(stdout.endsWith(`\nDependency graph written to ${file} and ${join(dir, 'eth.svg')}\n`)).toBe(true);

    process.env.PATH = '/nonexistent';
    const json = JSON.parse(run(['--config', configFile(''), '--dot', join(dir, 'x.dot'), '--json', 'ETH']).stdout);
    expect(json.dot).toEqual({
      file: join(dir, 'x.dot'),
      svg: null,
      note: 'no SVG: Graphviz (dot) is not installed',
    });
  });

  test('usage errors exit 2; the command is registered', async () => {
    expect(run([]).code).toBe(2);
    expect(run(['--depth', 'x', 'ETH']).code).toBe(2);
    expect(run(['--bogus']).code).toBe(2);
    let stdout = '';
    const code = await main(['explain', '--help'], { stdout: (t) => void (stdout += t), stderr: () => {} });
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: kconfig-solve explain [options] SYMBOL...');
  });
});
