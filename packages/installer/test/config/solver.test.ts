import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigBase, ConfigRequest } from '../../src/config/resolver.js';
import { solverResolver } from '../../src/config/solver.js';
import { configureKernel } from '../../src/config/stage.js';
import { fixture } from '../support/fakes.js';
import { tempDir } from '../support/tree.js';

const SOURCE = fixture('kconfig-linux');

async function resolve(base: ConfigBase, fragments: Record<string, string> = {}) {
  const work = await tempDir();
  const files: string[] = [];
  for (const [name, text] of Object.entries(fragments)) {
    files.push(join(work, name));
    await writeFile(join(work, name), text);
  }
  const request: ConfigRequest = {
    make: { sourceDir: SOURCE, buildDir: join(work, 'build'), arch: 'x86_64' },
    base,
    fragments: files,
    env: { PATH: process.env.PATH },
    logFile: join(work, 'config.log'),
  };
  const outcome = await solverResolver.resolve(request);
  const config = await readFile(join(work, 'build/.config'), 'utf8').catch(() => '');
  return { work, files, outcome, config, log: () => readFile(join(work, 'config.log'), 'utf8') };
}

const tinyconfig: ConfigBase = { kind: 'target', target: 'tinyconfig' };

describe('solverResolver', () => {
  it('makes tinyconfig as make does: allnoconfig over tiny-base.config, then the tiny.config fragments', async () => {
    const r = await resolve(tinyconfig);
    expect(r.outcome.ok).toBe(true);
    expect(r.config).toBe(
      [
        '#',
        '# Automatically generated file; DO NOT EDIT.',
        '# Linux/x86_64 6.12.3 Kernel Configuration',
        '#',
        'CONFIG_64BIT=y',
        'CONFIG_X86_64=y',
        'CONFIG_EXPERT=y',
        '# CONFIG_PRINTK is not set',
        'CONFIG_LOG_BUF_SHIFT=12',
        '# CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE is not set',
        'CONFIG_CC_OPTIMIZE_FOR_SIZE=y',
        '# CONFIG_MODULES is not set',
        '# CONFIG_BLK_DEV_INITRD is not set',
        '# CONFIG_DEVTMPFS is not set',
        '# CONFIG_BLOCK is not set',
        '# CONFIG_PCI is not set',
        '# CONFIG_VIRTIO_MENU is not set',
        '# CONFIG_CRC32 is not set',
        '',
      ].join('\n'),
    );
    expect(await r.log()).toContain('$ kconfig-solve conf --allnoconfig\n');
  });

  it('merges the fragments in order (a later one wins, "is not set" is n), then runs olddefconfig', async () => {
    const r = await resolve(tinyconfig, {
      'boot.config': 'CONFIG_MODULES=y\nCONFIG_BLOCK=y\nCONFIG_EXT4_FS=y\nCONFIG_PCI=y\nCONFIG_VIRTIO_MENU=y\n',
      'local.config': 'CONFIG_EXT4_FS=m\nCONFIG_VIRTIO_PCI=m\n# CONFIG_BLOCK is not set\nCONFIG_BLOCK=y\n',
    });
    expect(r.outcome.ok).toBe(true);
    if (!r.outcome.ok) return;
    expect(r.config).toContain('CONFIG_MODULES=y\n');
    expect(r.config).toContain('CONFIG_CRC32=m\nCONFIG_EXT4_FS=m\n');
    expect(r.config).toContain('CONFIG_VIRTIO=m\nCONFIG_VIRTIO_PCI=m\n');
    const { requested, value } = r.outcome.value;
    expect(
      requested.map((q) => `${q.symbol}=${q.requested}->${q.actual} ${q.fragment.split('/').at(-1)}:${q.line}`),
    ).toEqual([
      'MODULES=y->y boot.config:1',
      'BLOCK=y->y local.config:4',
      'EXT4_FS=m->m local.config:1',
      'PCI=y->y boot.config:4',
      'VIRTIO_MENU=y->y boot.config:5',
      'VIRTIO_PCI=m->m local.config:2',
    ]);
    expect([value('EXT4_FS'), value('CRC32'), value('LOG_BUF_SHIFT'), value('NO_SUCH')]).toEqual(['m', 'm', '12', 'n']);
  });

  it('starts from a whole config as given', async () => {
    const r = await resolve({
      kind: 'config',
      origin: 'savedconfig',
      name: 'my.config',
      text: 'CONFIG_MODULES=y\nCONFIG_EXT4_FS=m\n',
    });
    expect(r.outcome.ok).toBe(true);
    // Symbols the config does not mention take their defaults, as olddefconfig gives them.
    expect(r.config).toContain('# CONFIG_EXPERT is not set\nCONFIG_PRINTK=y\nCONFIG_LOG_BUF_SHIFT=17\n');
    expect(r.config).toContain('CONFIG_BLOCK=y\n');
    expect(r.config).toContain('CONFIG_CRC32=m\nCONFIG_EXT4_FS=m\n');
  });

  it("finds `defconfig` through the arch Makefile's KBUILD_DEFCONFIG, the same as naming x86_64_defconfig", async () => {
    const named = await resolve({ kind: 'target', target: 'x86_64_defconfig' });
    const generic = await resolve({ kind: 'target', target: 'defconfig' });
    expect(named.outcome.ok && generic.outcome.ok).toBe(true);
    expect(named.config).toContain('CONFIG_VIRTIO_BLK=y\nCONFIG_CRC32=y\nCONFIG_EXT4_FS=y\n');
    expect(generic.config).toBe(named.config);
  });

  it('runs the all*config targets and refuses a target it does not know, naming the alternative', async () => {
    const all = await resolve({ kind: 'target', target: 'allmodconfig' });
    expect(all.config).toContain('CONFIG_EXT4_FS=m\n');
    const unknown = await resolve({ kind: 'target', target: 'localmodconfig' });
    expect(unknown.outcome.ok).toBe(false);
    expect(unknown.outcome.diagnostics[0]).toMatchObject({
      code: 'config-failed',
      fix: "give the target's config with --savedconfig/--base, or use --resolver kernel-tools",
    });
    const fragment = await resolve({ kind: 'target', target: 'kvm_guest.config' });
    expect(fragment.outcome.diagnostics[0]?.message).toBe(
      'kvm_guest.config fragment does not exists on this architecture',
    );
  });

  it('says why each requested value did not take', async () => {
    const r = await resolve(tinyconfig, {
      'want.config': [
        'CONFIG_VIRTIO_BLK=y',
        'CONFIG_VIRTIO=y',
        'CONFIG_PCI=y',
        'CONFIG_VIRTIO_MENU=y',
        'CONFIG_VIRTIO_PCI=y',
        '# CONFIG_VIRTIO is not set',
        '# CONFIG_EXPERT is not set',
        '# CONFIG_PRINTK is not set',
        'CONFIG_MODULES=m',
        'CONFIG_LOG_BUF_SHIFT=40',
        'CONFIG_NO_SUCH=y',
        'CONFIG_EXT4_FS=y',
        '',
      ].join('\n'),
      'later.config': 'CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE=y\n',
    });
    expect(r.outcome.ok).toBe(true);
    if (!r.outcome.ok) return;
    const reasons = Object.fromEntries(
      r.outcome.value.requested.filter((q) => q.requested !== q.actual).map((q) => [q.symbol, q.reason?.message]),
    );
    expect(reasons).toEqual({
      VIRTIO: 'it is selected by VIRTIO_PCI [=y] && PCI [=y] && VIRTIO_MENU [=y]',
      PRINTK: 'its prompt is not visible: EXPERT [=n], so its default (y) applies',
      MODULES: 'CONFIG_MODULES is a bool: it cannot be m',
      LOG_BUF_SHIFT: '40 is outside its range 12 to 25',
      NO_SUCH: "CONFIG_NO_SUCH is not defined in this kernel's Kconfig",
    });
  });

  it('names the member a choice took instead, and the missing dependency of a driver', async () => {
    const r = await resolve(
      { kind: 'target', target: 'allnoconfig' },
      {
        'a.config': 'CONFIG_CC_OPTIMIZE_FOR_SIZE=y\nCONFIG_VIRTIO_BLK=y\nCONFIG_VIRTIO=y\n',
        'b.config': 'CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE=y\n',
      },
    );
    expect(r.outcome.ok).toBe(true);
    if (!r.outcome.ok) return;
    const notTaken = r.outcome.value.requested.filter((q) => q.requested !== q.actual);
    expect(notTaken.map((q) => [q.symbol, q.actual, q.reason?.message])).toEqual([
      ['CC_OPTIMIZE_FOR_SIZE', 'n', 'its choice selected CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE instead'],
      ['VIRTIO_BLK', 'n', 'it depends on VIRTIO [=n]'],
      ['VIRTIO', 'n', 'CONFIG_VIRTIO has no prompt: only a default or a select sets it'],
    ]);
  });
});

describe('configureKernel with the default resolver', () => {
  it('solves with our solver, reports the reason, and runs the safety checks on its values', async () => {
    const work = await tempDir();
    const fragment = join(work, 'boot.config');
    await writeFile(fragment, 'CONFIG_MODULES=y\nCONFIG_BLOCK=y\nCONFIG_EXT4_FS=m\nCONFIG_VIRTIO_BLK=y\n');
    const result = await configureKernel({
      sourceDir: SOURCE,
      buildDir: join(work, 'build'),
      arch: 'x86_64',
      defconfig: 'tinyconfig',
      fragments: [fragment],
      initramfs: false,
      root: { fsType: 'ext4' },
      env: { PATH: process.env.PATH },
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['value-not-taken', 'modular-root-fs', 'devtmpfs-off']);
    expect(result.diagnostics[0]?.notes).toEqual([
      `Requested value: CONFIG_VIRTIO_BLK=y (${fragment}:4)`,
      'Actual value:    # CONFIG_VIRTIO_BLK is not set',
      'Reason:          it depends on VIRTIO [=n]',
    ]);
  });
});
