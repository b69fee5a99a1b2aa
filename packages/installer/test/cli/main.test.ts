import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeEnv, fixture } from '../support/fakes.js';
import { makeFakeInterim } from '../support/interim.js';
import { snapshotTree, tempDir } from '../support/tree.js';

/** Runs the CLI in process, collecting what it writes to stdout and stderr. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const status = await main(argv);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

async function interimAndRoot() {
  const work = await tempDir();
  const interim = await makeFakeInterim(join(work, 'interim'), { initramfs: true });
  const root = join(work, 'root');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  return { work, interim, root };
}

describe('distkernel CLI', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('prints usage and per-command help', async () => {
    const usage = await cli('--help');
    expect(usage.status).toBe(0);
    expect(usage.stdout).toContain('boot-test   boot a kernel under qemu');
    const help = await cli('install', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: distkernel install FROM/);
  });

  it('rejects unknown commands and options as usage errors', async () => {
    expect((await cli('frobnicate')).status).toBe(2);
    const bad = await cli('install', '--no-such-option');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--no-such-option'");
  });

  it('says what to do when config has no base', async () => {
    const work = await tempDir();
    const result = await cli('config', '--source', work, '--build-dir', join(work, 'build'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'distkernel config: error: no kernel configuration to start from\n  fix: give your own config with --savedconfig FILE',
    );
  });

  it('config solves with our solver by default and takes --resolver kernel-tools to compare', async () => {
    const work = await tempDir();
    const common = ['config', '--source', fixture('kconfig-linux'), '--defconfig', 'x86_64_defconfig'];
    const solved = await cli(...common, '--build-dir', join(work, 'solver'), '--root-fs', 'ext4');
    expect(solved.status).toBe(0);
    expect(solved.stdout).toContain('(make x86_64_defconfig, resolved by solver)');
    const bad = await cli(...common, '--build-dir', join(work, 'x'), '--resolver', 'conf');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--resolver must be solver or kernel-tools, not conf');
    process.env.PATH = `${fixture('bin')}:${savedPath}`;
    // The fake make's x86_64_defconfig lacks DEVTMPFS, which the tree's own defconfig (solved above) has.
    const tools = await cli(...common, '--build-dir', join(work, 'tools'), '--resolver', 'kernel-tools');
    expect(tools.status).toBe(1);
    expect(tools.stderr).toContain('CONFIG_DEVTMPFS is not set');
  });

  it('lists an install with --dry-run, as text and as JSON, writing nothing', async () => {
    const { interim, root } = await interimAndRoot();
    const before = await snapshotTree(root);
    const text = await cli(
      'install',
      interim,
      '--root',
      root,
      '--layout',
      'bls',
      '--cmdline',
      'root=/dev/vda',
      '--dry-run',
    );
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      `would install 6.12.0-test into ${root} (layout bls, initramfs interim)`,
      '  would write /lib/modules/6.12.0-test',
      '  would write /usr/src/linux-6.12.0-test',
      '  would write /boot/0123456789abcdef0123456789abcdef/6.12.0-test/linux',
      '  would write /boot/0123456789abcdef0123456789abcdef/6.12.0-test/initrd',
      '  would write /boot/loader/entries/0123456789abcdef0123456789abcdef-6.12.0-test.conf',
      '',
    ]);
    const json = await cli('install', interim, '--root', root, '--dry-run', '--json');
    const parsed = JSON.parse(json.stdout) as { ok: boolean; value: { changes: { path: string }[] } };
    expect(parsed.ok).toBe(true);
    expect(parsed.value.changes.map((c) => c.path)).toContain('/boot/vmlinuz-6.12.0-test');
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('installs, then refuses to remove the running kernel with exit status 1', async () => {
    const { interim, root, work } = await interimAndRoot();
    process.env.PATH = fakeEnv(join(work, 'log')).PATH;
    const installed = await cli('install', interim, '--root', root);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain(`  wrote /boot/vmlinuz-6.12.0-test`);
    const refused = await cli('remove', '6.12.0-test', '--root', root, '--running', '6.12.0-test', '--json');
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'remove-running' }, { code: 'remove-last' }],
    });
  });

  it('checks numeric options', async () => {
    const result = await cli('remove', '--prune', '--keep', 'two');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--keep must be a whole number of at least 1, not "two"');
  });
});
