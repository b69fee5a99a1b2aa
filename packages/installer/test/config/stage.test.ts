import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { kernelToolsResolver } from '../../src/config/kernel-tools.js';
import { type ConfigStageRequest, configureKernel, NO_CONFIG_FIX } from '../../src/config/stage.js';
import { fakeCalls, fakeEnv, fixture } from '../support/fakes.js';
import { tempDir } from '../support/tree.js';

async function setup() {
  const work = await tempDir();
  const log = join(work, 'calls.log');
  const fragment = join(work, 'boot.config');
  await writeFile(
    fragment,
    'CONFIG_MODULES=y\nCONFIG_EXT4_FS=m\nCONFIG_DEVTMPFS=y\nCONFIG_BLK_DEV_INITRD=y\n# CONFIG_DEBUG_KERNEL is not set\n',
  );
  const request = (extra: Partial<ConfigStageRequest> = {}): ConfigStageRequest => ({
    sourceDir: fixture('linux'),
    buildDir: join(work, 'build'),
    arch: 'x86_64',
    initramfs: true,
    root: { fsType: 'ext4' },
    env: fakeEnv(log),
    // These tests follow the kernel tools' steps through the fake make; solver.test.ts covers the default.
    resolver: kernelToolsResolver,
    ...extra,
  });
  return { work, log, fragment, request };
}

describe('configureKernel', () => {
  it('stops with a message that says what to do when there is no config at all', async () => {
    const s = await setup();
    const result = await configureKernel(s.request());
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      { severity: 'error', code: 'no-config', message: 'no kernel configuration to start from', fix: NO_CONFIG_FIX },
    ]);
    expect(NO_CONFIG_FIX).toContain('--savedconfig FILE');
    expect(NO_CONFIG_FIX).toContain('--defconfig TARGET');
  });

  it('starts from a defconfig target, merges the fragments, then runs olddefconfig', async () => {
    const s = await setup();
    const result = await configureKernel(s.request({ defconfig: 'tinyconfig', fragments: [s.fragment] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ base: 'make tinyconfig', resolver: 'kernel-tools', notTaken: [] });
    expect(result.value.requested.map((r) => `${r.symbol}=${r.requested}->${r.actual}`)).toEqual([
      'MODULES=y->y',
      'EXT4_FS=m->m',
      'DEVTMPFS=y->y',
      'BLK_DEV_INITRD=y->y',
      'DEBUG_KERNEL=n->n',
    ]);
    const calls = await fakeCalls(s.log);
    expect(calls.map((c) => c.split(' ').at(-1))).toEqual(['tinyconfig', s.fragment, 'olddefconfig']);
    expect(calls[1]).toBe(
      `merge_config.sh -m -O ${join(s.work, 'build')} ${join(s.work, 'build/.config')} ${s.fragment}`,
    );
    const config = await readFile(join(s.work, 'build/.config'), 'utf8');
    expect(config).toContain('CONFIG_EXT4_FS=m\n');
    expect(config).not.toContain('# CONFIG_MODULES is not set');
  });

  it('prefers the savedconfig over the generic bases', async () => {
    const s = await setup();
    const saved = join(s.work, 'my.config');
    await writeFile(saved, 'CONFIG_MODULES=y\nCONFIG_DEVTMPFS=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_EXT4_FS=y\n');
    const result = await configureKernel(
      s.request({ savedconfig: saved, distributionConfig: '/nonexistent', defconfig: 'defconfig' }),
    );
    expect(result.ok && result.value.base).toBe(`savedconfig ${saved}`);
    expect((await fakeCalls(s.log)).map((c) => c.split(' ').at(-1))).toEqual(['olddefconfig']);
  });

  it('reads a compressed distribution config', async () => {
    const s = await setup();
    const base = join(s.work, 'config.amd64.gz');
    await writeFile(base, gzipSync('CONFIG_MODULES=y\nCONFIG_DEVTMPFS=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_EXT4_FS=m\n'));
    const result = await configureKernel(s.request({ distributionConfig: base }));
    expect(result.ok).toBe(true);
    expect(await readFile(join(s.work, 'build/.config'), 'utf8')).toContain('CONFIG_EXT4_FS=m\n');
  });

  it("reports a requested value that did not take, in merge_config.sh's words", async () => {
    const s = await setup();
    const result = await configureKernel(
      s.request({
        defconfig: 'tinyconfig',
        fragments: [s.fragment],
        env: fakeEnv(s.log, { FAKE_MAKE_DROP: 'MODULES' }),
      }),
    );
    expect(result.ok).toBe(true);
    const warning = result.diagnostics.find((d) => d.code === 'value-not-taken');
    expect(warning).toMatchObject({
      severity: 'warning',
      message: 'Value requested for CONFIG_MODULES not in final .config',
      notes: [`Requested value: CONFIG_MODULES=y (${s.fragment}:1)`, 'Actual value:    # CONFIG_MODULES is not set'],
    });
    const strict = await configureKernel(
      s.request({
        defconfig: 'tinyconfig',
        fragments: [s.fragment],
        strict: true,
        env: fakeEnv(s.log, { FAKE_MAKE_DROP: 'MODULES' }),
      }),
    );
    expect(strict.ok).toBe(false);
  });

  it('refuses a modular root filesystem when no initramfs is wanted', async () => {
    const s = await setup();
    const result = await configureKernel(
      s.request({ defconfig: 'tinyconfig', fragments: [s.fragment], initramfs: false }),
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['modular-root-fs']);
  });

  it('names an unreadable fragment', async () => {
    const s = await setup();
    const result = await configureKernel(s.request({ defconfig: 'tinyconfig', fragments: ['/nonexistent.config'] }));
    expect(result.diagnostics).toEqual([
      { severity: 'error', code: 'file-unreadable', message: 'cannot read fragment /nonexistent.config' },
    ]);
  });
});
