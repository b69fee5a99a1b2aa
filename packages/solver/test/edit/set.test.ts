// setConfig on the explain fixture tree: scripts/config's edits, refused when the value cannot hold (unknown
// symbol, wrong type, unmet dependency, select, no prompt, range, choice), written with --force, the old file
// kept as .old and the write atomic.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseSetArguments } from '../../src/edit/scripts-config.js';
import { type SetResult, setConfig } from '../../src/edit/set.js';
import { fixtureModel, fixtureTree } from '../explain/support.js';

const START = '# CONFIG_BUS is not set\nCONFIG_WIFI=y\nCONFIG_COUNT=4\n';

/** Runs `set` with scripts/config's arguments on a fresh copy of `text` (null: no file). */
function run(argv: string[], text: string | null = START, force = false): SetResult & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'set-'));
  if (text !== null) writeFileSync(join(dir, '.config'), text);
  const parsed = parseSetArguments(argv);
  expect(parsed.problems).toEqual([]);
  const result = setConfig({
    tree: { model: fixtureModel(), env: { srctree: fixtureTree }, cwd: dir },
    file: parsed.file ?? '.config',
    operations: parsed.operations,
    force,
  });
  return { ...result, dir };
}
const onDisk = (r: { dir: string }, name = '.config') => readFileSync(join(r.dir, name), 'latin1');

describe('accepted edits are written like scripts/config, the old file kept as .old', () => {
  test('enable, module, set-val, set-str, disable in one call', () => {
    const r = run(['-e', 'BUS', '-m', 'ETH', '--set-val', 'COUNT', '7', '--set-str', 'NAME', 'box', '-d', 'LED']);
    expect(r.refused).toBe(false);
    expect(r.outcomes.map((o) => [o.status, o.requested, o.value])).toEqual([
      ['ok', 'y', 'y'],
      ['ok', 'm', 'm'],
      ['ok', '7', '7'],
      ['ok', 'box', 'box'],
      ['ok', 'n', 'n'],
    ]);
    expect(onDisk(r)).toBe(
      'CONFIG_BUS=y\nCONFIG_WIFI=y\nCONFIG_COUNT=7\nCONFIG_ETH=m\nCONFIG_NAME="box"\n# CONFIG_LED is not set\n',
    );
    expect(r).toMatchObject({ written: true, backup: '.config.old' });
    expect(onDisk(r, '.config.old')).toBe(START);
    // Replaced by rename: no temporary file is left behind.
    expect(readdirSync(r.dir).sort()).toEqual(['.config', '.config.old']);
  });

  test('a missing file is created (no .old); an unchanged one is left alone', () => {
    const created = run(['-e', 'BUS'], null);
    expect(onDisk(created)).toBe('CONFIG_BUS=y\n');
    expect(created.backup).toBeUndefined();
    expect(existsSync(join(created.dir, '.config.old'))).toBe(false);
    const same = run(['-e', 'WIFI']);
    expect(same).toMatchObject({ written: false, refused: false });
    expect(existsSync(join(same.dir, '.config.old'))).toBe(false);
  });

  test('--state answers at its place; --undefine and --refresh', () => {
    const r = run(['-s', 'WIFI', '-u', 'WIFI', '-s', 'WIFI', '-s', 'BUS']);
    expect(r.outcomes.map((o) => o.state)).toEqual(['y', undefined, 'undef', 'n']);
    expect(onDisk(r)).toBe('# CONFIG_BUS is not set\nCONFIG_COUNT=4\n');
    const refreshed = run(['--refresh'], 'CONFIG_BUS=y\n');
    expect(onDisk(refreshed)).toContain('\nCONFIG_BUS=y\n');
    expect(onDisk(refreshed)).toContain('\nCONFIG_NET=y\nCONFIG_ETH=m\n');
  });

  test('only the last operation on a symbol is checked', () => {
    const r = run(['-e', 'ETH', '-d', 'ETH']);
    expect(r.outcomes.map((o) => o.status)).toEqual(['superseded', 'ok']);
  });
});

describe('refused with the reason, nothing written', () => {
  const refusal = (argv: string[], text?: string) => {
    const r = run(argv, text);
    expect(r.refused).toBe(true);
    expect(r.written).toBe(false);
    expect(onDisk(r)).toBe(text ?? START);
    const refused = r.outcomes.filter((o) => o.status === 'refused');
    expect(refused).toHaveLength(1);
    return refused[0];
  };

  test('an unknown symbol, with close matches', () => {
    expect(refusal(['-e', 'WIFI_DEBUGG'])?.reason).toBe(
      "CONFIG_WIFI_DEBUGG is not defined in this kernel's Kconfig; did you mean CONFIG_WIFI_DEBUG?",
    );
  });

  test('wrong types: m for a bool, y for an int, text for an int, a bad hex, a string without quotes', () => {
    expect(refusal(['-m', 'BUS'])?.reason).toBe('CONFIG_BUS is a bool: it cannot be m');
    expect(refusal(['-e', 'COUNT'])?.reason).toBe('CONFIG_COUNT is an int: use --set-val');
    expect(refusal(['-d', 'NAME'])?.reason).toBe('CONFIG_NAME is a string: use --set-str');
    expect(refusal(['--set-val', 'COUNT', 'ten'])?.reason).toBe(
      'CONFIG_COUNT is an int: "ten" is not a decimal number without leading zeros',
    );
    expect(refusal(['--set-val', 'COUNT', '07'])?.reason).toContain('"07" is not a decimal number');
    expect(refusal(['--set-val', 'BASE', '0xZZ'])?.reason).toBe(
      'CONFIG_BASE is a hex: "0xZZ" is not hex digits, with or without 0x',
    );
    expect(refusal(['--set-val', 'NAME', 'box'])?.reason).toBe(
      'CONFIG_NAME is a string: conf ignores a value without quotes; use --set-str',
    );
    // conf reads the first letter, in lower case only.
    expect(refusal(['--set-val', 'BUS', 'Y'])?.reason).toBe('CONFIG_BUS is a bool: "Y" is not y, m or n');
    expect(run(['--set-val', 'BUS', 'yes']).outcomes[0]).toMatchObject({ status: 'ok', requested: 'y' });
    expect(refusal(['--set-str', 'BUS', 'y'])?.reason).toBe(
      'CONFIG_BUS is a bool: --set-str writes a quoted string; use -e, -m or -d',
    );
  });

  test('a dependency not met, with the settings that would make it possible', () => {
    const r = refusal(['-e', 'ETH']);
    expect(r).toMatchObject({ requested: 'y', value: 'n', why: { kind: 'dependency' } });
    expect(r?.reason).toContain('BUS [=n]');
    expect(r?.hint).toContain('CONFIG_BUS=y');
  });

  test('selected by something, no prompt, out of range, a choice that keeps another member', () => {
    // The reasons are notTakenReason's (eval/reason.ts): checked by kind and the operands they name.
    const selected = refusal(['-d', 'CRYPTO']);
    expect(selected?.why?.kind).toBe('selected');
    expect(selected?.reason).toContain('WIFI [=y] && NET [=y]');
    expect(refusal(['-e', 'HIDDEN'])?.why?.kind).toBe('no-prompt');
    const range = refusal(['--set-val', 'COUNT', '500']);
    expect(range?.why).toMatchObject({ kind: 'range', range: { low: '1', high: '100' } });
    // XZ=y comes first, GZIP stays y after it: conf keeps the member read last.
    const choice = refusal(['-E', 'BUS', 'XZ'], '# CONFIG_BUS is not set\nCONFIG_GZIP=y\n');
    expect(choice?.why).toMatchObject({ kind: 'choice', chosen: 'GZIP' });
  });

  test('an older line of the symbol after the new one (--enable-after) wins in conf', () => {
    const r = refusal(['-E', 'BUS', 'WIFI'], '# CONFIG_BUS is not set\n# CONFIG_WIFI is not set\n');
    expect(r?.reason).toBe('.config:3 sets CONFIG_WIFI again, and conf reads the last assignment');
  });

  test('--force writes it anyway, keeping the reason', () => {
    const r = run(['-e', 'ETH', '-e', 'NOPE'], START, true);
    expect(r.refused).toBe(false);
    expect(r.outcomes.map((o) => o.status)).toEqual(['forced', 'forced']);
    expect(r.outcomes[0]?.reason).toContain('BUS [=n]');
    expect(onDisk(r)).toBe(`${START}CONFIG_ETH=y\nCONFIG_NOPE=y\n`);
  });
});
