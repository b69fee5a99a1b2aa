// `kconfig-solve set`: scripts/config's command line with our options mixed in, silent success, --state on
// stdout, refusals on stderr (exit 1, file unchanged), --force, --json, usage errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runSet } from '../../src/cli/commands/set.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { fixtureTree } from '../explain/support.js';

const START = '# CONFIG_BUS is not set\nCONFIG_WIFI=y\n';

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'set-cli-'));
  const file = join(dir, '.config');
  writeFileSync(file, START);
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = runSet(['--srctree', fixtureTree, '--shell=stub', '--file', file, ...argv], io, env);
  return { code, stdout, stderr, file, text: readFileSync(file, 'latin1') };
}

describe('kconfig-solve set', () => {
  test('silent on success, like scripts/config; --state prints', () => {
    const r = run(['-e', 'BUS', '-s', 'bus', '-m', 'ETH', '-s', 'CONFIG_ETH']);
    expect(r).toMatchObject({ code: 0, stdout: 'y\nm\n', stderr: '' });
    expect(r.text).toBe('CONFIG_BUS=y\nCONFIG_WIFI=y\nCONFIG_ETH=m\n');
    expect(readFileSync(`${r.file}.old`, 'latin1')).toBe(START);
  });

  test('a refusal names the reason and the way out; nothing is written', () => {
    const r = run(['-e', 'ETH', '-e', 'NOPE']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.text).toBe(START);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^kconfig-solve set: CONFIG_ETH=y refused: .*BUS \[=n\]/);
    expect(lines[1]).toMatch(/^ {2}to make it possible, also set .*CONFIG_BUS=y/);
    expect(lines[2]).toBe(
      "kconfig-solve set: CONFIG_NOPE refused: CONFIG_NOPE is not defined in this kernel's Kconfig",
    );
    expect(lines[3]).toBe(`kconfig-solve set: ${r.file} left unchanged (--force writes it anyway)`);
  });

  test('--force writes, with warnings', () => {
    const r = run(['--force', '-e', 'ETH']);
    expect(r.code).toBe(0);
    expect(r.text).toBe(`${START}CONFIG_ETH=y\n`);
    expect(r.stderr).toMatch(/^kconfig-solve set: warning: CONFIG_ETH=y will not hold: .*BUS \[=n\]\n/);
  });

  test('--json', () => {
    const r = run(['--json', '--set-val', 'COUNT', '500', '-s', 'WIFI']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ file: r.file, written: false, refused: true, backup: null, error: null });
    expect(json.operations[0]).toMatchObject({
      command: '--set-val CONFIG_COUNT 500',
      status: 'refused',
      requested: '500',
      // conf clamps it to the range's bound.
      value: '100',
      why: { kind: 'range' },
    });
    expect(json.operations[1]).toMatchObject({ command: '--state CONFIG_WIFI', status: 'ok', state: 'y' });
  });

  test('$CONFIG_ sets the prefix, as for scripts/config and conf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'set-cli-'));
    const file = join(dir, 'my.config');
    writeFileSync(file, 'FOO_WIFI=y\n');
    const io: Io = { stdout: () => {}, stderr: () => {} };
    const code = runSet(['--srctree', fixtureTree, '--shell', 'stub', '--file', file, '-e', 'FOO_BUS'], io, {
      CONFIG_: 'FOO_',
    });
    expect(code).toBe(0);
    expect(readFileSync(file, 'latin1')).toBe('FOO_WIFI=y\nFOO_BUS=y\n');
  });

  test('usage errors exit 2; the command is registered', async () => {
    expect(run([]).code).toBe(2);
    expect(run(['-e']).code).toBe(2);
    const bad = run(['frob']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.startsWith('kconfig-solve set: bad command: frob\nUsage: kconfig-solve set')).toBe(true);
    expect(run(['--arch']).code).toBe(2);
    let stdout = '';
    expect(await main(['set', '-h'], { stdout: (t) => void (stdout += t), stderr: () => {} })).toBe(0);
    expect(stdout).toContain('--enable|-e SYMBOL');
  });
});
