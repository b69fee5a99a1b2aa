import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLintEbuild } from '../../src/cli/commands/lint-ebuild.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

const fixtures = fileURLToPath(new URL('../fixtures/ebuilds/', import.meta.url));
const tree = join(fixtures, 'tree');

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = runLintEbuild(argv, io);
  return { code, stdout, stderr };
}

describe('kconfig-solve lint-ebuild', () => {
  it('prints findings as file:line: severity: message [code] and exits 1 on errors', () => {
    const file = join(fixtures, 'net-vpn/openvpn/openvpn-2.6.12.ebuild');
    const { code, stdout, stderr } = run(['--srctree', tree, '--arch', 'x86_64', '--shell', 'stub', file]);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      `${file}:13: error: '~TUNN': no symbol CONFIG_TUNN in this tree; did you mean CONFIG_TUN? [unknown-symbol]\n` +
        '1 files: 1 errors, 0 warnings\n',
    );
    expect(code).toBe(1);
  });

  it('exits 0 with warnings only', () => {
    const file = join(fixtures, 'sys-apps/ptrauth-tools/ptrauth-tools-1.0.ebuild');
    const { code, stdout } = run(['--srctree', tree, '--arch', 'x86_64', '--shell', 'stub', file]);
    expect(stdout).toContain('[other-arch-symbol]');
    expect(code).toBe(0);
  });

  it('searches directories for ebuilds and eclasses and prints JSON', () => {
    const { code, stdout } = run(['--srctree', tree, '--arch', 'x86_64', '--shell', 'stub', '--json', fixtures]);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.files).toHaveLength(13);
    expect(json.files).toContain(join(fixtures, 'eclass/container-kernel.eclass'));
    expect(json).toMatchObject({ arch: 'x86_64', kernelVersion: '6.12.0', errors: 8, warnings: 6 });
    expect(json.findings[0]).toEqual({
      file: join(fixtures, 'app-admin/cmdline-tool/cmdline-tool-0.3.ebuild'),
      line: 11,
      symbol: 'CMDLINE',
      code: 'not-bool-or-tristate',
      severity: 'warning',
      message:
        "'~CMDLINE': CONFIG_CMDLINE is a string symbol; linux-info only counts y or m, so this check always fails",
    });
  });

  it('rejects a missing tree, arch or file', () => {
    expect(run([join(fixtures, 'eclass')]).code).toBe(2);
    expect(run(['--srctree', tree, '--arch', 'x86_64']).code).toBe(2);
    const missing = run(['--srctree', tree, '--arch', 'x86_64', join(fixtures, 'nope.ebuild')]);
    expect(missing).toMatchObject({ code: 1, stderr: `${join(fixtures, 'nope.ebuild')}: error: cannot read\n` });
  });

  it('is reachable from the dispatcher', async () => {
    let stdout = '';
    expect(await main(['lint-ebuild', '--help'], { stdout: (t) => void (stdout += t), stderr: () => {} })).toBe(0);
    expect(stdout).toContain('Usage: kconfig-solve lint-ebuild');
  });
});
