import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

const examples = fileURLToPath(new URL('../../../../examples', import.meta.url));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('kconfig-solve parse', () => {
  it('loads the examples tree without diagnostics and lists its symbols as JSON', async () => {
    const { code, stdout, stderr } = await run(['parse', '--srctree', examples, '--arch', 'x86_64', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.diagnostics).toEqual([]);
    expect(result.srcarch).toBe('x86');
    expect(result.symbols).toEqual(
      expect.arrayContaining(['MODULES', 'X86', 'EXT4_FS', 'MODULE_SIG_SHA512', 'NR_CPUS']),
    );
    expect(result.fileList).toEqual([
      'Kconfig',
      'scripts/Kconfig.include',
      'arch/x86/Kconfig',
      'drivers/Kconfig',
      'fs/Kconfig',
    ]);
    expect(result).toMatchObject({ files: 5, choices: 1, menus: 2, comments: 1, ok: true });
  });

  it('prints a one-line summary without --json', async () => {
    const { code, stdout } = await run(['parse', '--srctree', examples, '--arch', 'x86_64', '--shell', 'stub']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Kconfig: 5 files, \d+ symbols \(\d+ definitions\), 2 menus, 1 comments, 1 choices; 0 errors, 0 warnings/,
    );
  });

  it('reports located errors and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-cli-'));
    writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\n\nmenu "M"\nconfig B\n\tbool\n');
    const text = await run(['parse', '--srctree', dir]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/^Kconfig:\d+:\d+: error: /m);
    const json = await run(['parse', '--srctree', dir, '--json']);
    expect(json.code).toBe(1);
    const [d] = JSON.parse(json.stdout).diagnostics;
    expect(d).toMatchObject({ severity: 'error', file: 'Kconfig' });
    expect(typeof d.line).toBe('number');
    expect(typeof d.column).toBe('number');
  });

  it('exits 1 with a clear message when the top file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-cli-'));
    const { code, stderr } = await run(['parse', '--srctree', dir, 'Nope']);
    expect(code).toBe(1);
    expect(stderr).toContain("can't find file Nope");
  });

  it('treats bad usage as exit 2 and prints help on request', async () => {
    expect((await run(['parse', '--bogus'])).code).toBe(2);
    expect((await run(['parse', '--shell', 'maybe'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    const help = await run(['parse', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kconfig-solve parse');
    expect((await run(['--help'])).stdout).toContain('Commands:');
  });
});
