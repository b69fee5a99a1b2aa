import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runDiff } from '../../src/cli/commands/diff.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

const dir = mkdtempSync(join(tmpdir(), 'kconfig-solve-diff-'));
const a = join(dir, 'a');
const b = join(dir, 'b.gz');
const bad = join(dir, 'bad');
writeFileSync(a, 'CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n');
writeFileSync(b, gzipSync('CONFIG_A=y\nCONFIG_B=y\nCONFIG_D="x"\n'));
writeFileSync(bad, 'CONFIG_A=y\ngarbage\n');
const out = join(dir, 'out');
mkdirSync(out);
writeFileSync(join(out, '.config.old'), 'CONFIG_A=y\n');
writeFileSync(join(out, '.config'), 'CONFIG_A=m\n');

function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = runDiff(argv, io, env);
  return { code, stdout, stderr };
}

describe('kconfig-solve diff', () => {
  it('diffs a plain and a gzip file', () => {
    expect(run([a, b])).toEqual({ code: 0, stdout: '-C n\n B m -> y\n+D "x"\n', stderr: '' });
  });

  it('has a merge style', () => {
    expect(run(['-m', a, b]).stdout).toBe('CONFIG_B=y\nCONFIG_D="x"\n');
  });

  it('prints JSON', () => {
    const { code, stdout } = run(['--json', a, b]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      old: a,
      new: b,
      removed: [{ symbol: 'C', value: 'n' }],
      changed: [{ symbol: 'B', old: 'm', new: 'y' }],
      added: [{ symbol: 'D', value: '"x"' }],
    });
  });

  it('defaults to .config.old and .config under KBUILD_OUTPUT', () => {
    expect(run([], { KBUILD_OUTPUT: out }).stdout).toBe(' A y -> m\n');
  });

  it('reports malformed lines with file:line and exits 1', () => {
    const { code, stdout, stderr } = run([bad, a]);
    expect(stderr).toBe(`${bad}:2: error: unexpected data: garbage\n`);
    expect(stdout).toBe('+B m\n+C n\n');
    expect(code).toBe(1);
  });

  it('rejects one file, and a missing file', () => {
    expect(run([a]).code).toBe(2);
    const missing = run([a, join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read: ENOENT');
  });

  it('is reachable from the dispatcher', async () => {
    let stdout = '';
    expect(await main(['diff', '--help'], { stdout: (t) => void (stdout += t), stderr: () => {} })).toBe(0);
    expect(stdout).toContain('scripts/diffconfig');
  });
});
