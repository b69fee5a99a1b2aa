import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BuildRequest, buildKernel } from '../../src/build/build.js';
import type { BuildProgress } from '../../src/build/progress.js';
import { readInterim } from '../../src/interim/manifest.js';
import { fakeCalls, fakeEnv, fixture } from '../support/fakes.js';
import { BOOTABLE_CONFIG } from '../support/interim.js';
import { snapshotTree, tempDir } from '../support/tree.js';

async function configured(config = BOOTABLE_CONFIG) {
  const work = await tempDir();
  const buildDir = join(work, 'build');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(buildDir);
  await writeFile(join(buildDir, '.config'), config);
  const log = join(work, 'calls.log');
  const request = (extra: Partial<BuildRequest> = {}): BuildRequest => ({
    sourceDir: fixture('linux'),
    buildDir,
    interimDir: join(work, 'interim'),
    arch: 'x86_64',
    localVersion: '-dist',
    jobs: 2,
    initramfs: true,
    root: { fsType: 'ext4', device: 'virtio_blk' },
    sourceDateEpoch: 1700000000,
    env: fakeEnv(log),
    ...extra,
  });
  return { work, buildDir, log, request };
}

describe('buildKernel', () => {
  it('builds into an interim tree with modules, depmod output, headers and a manifest', async () => {
    const s = await configured();
    const result = await buildKernel(s.request({ toolchain: { cc: 'gcc', hostcc: 'gcc', ld: 'ld.bfd' } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ version: '6.12.0-dist', objects: 13 });
    expect(result.value.stages.map((s) => s.stage)).toEqual([
      'kernelrelease',
      'build',
      'modules_install',
      'depmod',
      'headers',
      'interim',
    ]);

    const tree = await snapshotTree(join(s.work, 'interim'));
    expect(
      Object.keys(tree)
        .filter((p) => !p.startsWith('usr/src/linux-6.12.0-dist/'))
        .sort(),
    ).toEqual([
      'boot',
      'boot/System.map',
      'boot/config',
      'boot/vmlinuz',
      'lib',
      'lib/modules',
      'lib/modules/6.12.0-dist',
      'lib/modules/6.12.0-dist/build',
      'lib/modules/6.12.0-dist/kernel',
      'lib/modules/6.12.0-dist/kernel/fs',
      'lib/modules/6.12.0-dist/kernel/fs/ext4',
      'lib/modules/6.12.0-dist/kernel/fs/ext4/ext4.ko',
      'lib/modules/6.12.0-dist/modules.dep',
      'lib/modules/6.12.0-dist/modules.order',
      'manifest.json',
      'usr',
      'usr/src',
      'usr/src/linux-6.12.0-dist',
    ]);
    expect(tree['lib/modules/6.12.0-dist/build']).toBe('symlink -> ../../../usr/src/linux-6.12.0-dist');
    // Headers: build files and include/ from the source, outputs from the build; no objects, no Documentation.
    const headers = Object.keys(tree)
      .filter((p) => p.startsWith('usr/src/linux-6.12.0-dist/') && tree[p]?.startsWith('file'))
      .map((p) => p.slice('usr/src/linux-6.12.0-dist/'.length))
      .sort();
    expect(headers).toEqual([
      '.config',
      'Kconfig',
      'Makefile',
      'Module.symvers',
      'arch/x86/include/asm/page.h',
      'fs/ext4/Kconfig',
      'fs/ext4/Makefile',
      'include/config/kernel.release',
      'include/generated/autoconf.h',
      'include/linux/module.h',
      'scripts/Makefile.build',
      'scripts/kconfig/merge_config.sh',
      'scripts/mod/modpost',
    ]);

    const interim = await readInterim(join(s.work, 'interim'), { verify: true });
    expect(interim.ok && interim.value.manifest).toMatchObject({
      version: '6.12.0-dist',
      arch: 'x86_64',
      sourceDateEpoch: 1700000000,
    });
    expect(await readFile(join(s.work, 'interim/lib/modules/6.12.0-dist/modules.dep'), 'utf8')).toBe(
      'kernel/fs/ext4/ext4.ko:\n',
    );

    const calls = await fakeCalls(s.log);
    const src = fixture('linux');
    const vars = `-C ${src} O=${s.buildDir} ARCH=x86_64 CC=gcc LD=ld.bfd HOSTCC=gcc LOCALVERSION=-dist`;
    expect(calls).toEqual([
      `make -s ${vars} kernelrelease`,
      `make ${vars} -j2 all`,
      `make -s ${vars} image_name`,
      `make ${vars} INSTALL_MOD_PATH=${join(s.work, 'interim')} modules_install`,
      `depmod -b ${join(s.work, 'interim')} -F ${join(s.buildDir, 'System.map')} 6.12.0-dist`,
    ]);
  });

  it('builds reproducibly: fixed KBUILD_BUILD_* and SOURCE_DATE_EPOCH', async () => {
    const s = await configured();
    const make = join(s.work, 'make-env');
    await writeFile(
      make,
      '#!/bin/sh\nenv | grep -E "^(KBUILD_BUILD|SOURCE_DATE)" | sort >> "$ENV_LOG"\nexec make "$@"\n',
      { mode: 0o755 },
    );
    const envLog = join(s.work, 'env.log');
    const result = await buildKernel(s.request({ make, env: fakeEnv(s.log, { ENV_LOG: envLog }) }));
    expect(result.ok).toBe(true);
    const lines = (await readFile(envLog, 'utf8')).split('\n').slice(0, 5);
    expect(lines).toEqual([
      'KBUILD_BUILD_HOST=distkernel',
      'KBUILD_BUILD_TIMESTAMP=Tue Nov 14 22:13:20 UTC 2023',
      'KBUILD_BUILD_USER=distkernel',
      'KBUILD_BUILD_VERSION=1',
      'SOURCE_DATE_EPOCH=1700000000',
    ]);
  });

  it('names the failing target and shows the log tail when the build fails', async () => {
    const s = await configured();
    const result = await buildKernel(s.request({ env: fakeEnv(s.log, { FAKE_MAKE_FAIL: 'fs/ext4/inode.o' }) }));
    expect(result.ok).toBe(false);
    const [d] = result.diagnostics;
    expect(d?.code).toBe('build-failed');
    expect(d?.message.split('\n')[0]).toBe(
      'Build failed: make could not build fs/ext4/inode.o (scripts/Makefile.build:229)',
    );
    expect(d?.message.split('\n')[1]).toMatch(/^Command failed with exit code 2: make -C .* -j2 all$/);
    expect(d?.notes?.[0]).toBe(`full log: ${join(s.buildDir, 'distkernel-build.log')}`);
    expect(d?.notes).toContain("fs/ext4/inode.c:42:7: error: 'struct inode' has no member named 'i_bogus'");
    const log = await readFile(join(s.buildDir, 'distkernel-build.log'), 'utf8');
    expect(log).toContain('  CC      kernel/obj1.o');
  });

  it('refuses a modular root filesystem without initramfs before building anything', async () => {
    const s = await configured();
    const result = await buildKernel(s.request({ initramfs: false }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['modular-root-fs']);
    expect(result.diagnostics[0]?.message).toMatch(
      /^CONFIG_EXT4_FS=m: the root filesystem \(ext4\) driver is built as a module/,
    );
    expect(await fakeCalls(s.log)).toEqual([]);
  });

  it('refuses when kernelrelease is not the expected one', async () => {
    const s = await configured();
    const result = await buildKernel(s.request({ expectRelease: '6.12.0-gentoo-dist' }));
    expect(result.diagnostics[0]).toMatchObject({
      code: 'kernelrelease-mismatch',
      message: 'make kernelrelease says 6.12.0-dist, expected 6.12.0-gentoo-dist',
    });
  });

  it("reports progress against the previous build's object count", async () => {
    const s = await configured();
    expect((await buildKernel(s.request())).ok).toBe(true);
    const seen: BuildProgress[] = [];
    const again = await buildKernel(
      s.request({ env: fakeEnv(s.log, { FAKE_MAKE_OBJECTS: '25' }), progress: (p) => seen.push(p) }),
    );
    expect(again.ok).toBe(true);
    const building = seen.filter((p) => p.stage === 'build' && !p.done);
    expect(building[0]).toMatchObject({ objects: 1, expected: 13, percent: 7 });
    expect(building.at(-1)).toMatchObject({ objects: 26, percent: 99 });
    expect(seen.filter((p) => p.done).map((p) => p.stage)).toEqual([
      'kernelrelease',
      'build',
      'modules_install',
      'depmod',
      'headers',
      'interim',
    ]);
  });

  it('runs distcc builds with the job count distcc suggests', async () => {
    const s = await configured();
    const result = await buildKernel(s.request({ jobs: undefined, toolchain: { compilerWrapper: 'distcc' } }));
    expect(result.ok).toBe(true);
    const build = (await fakeCalls(s.log)).find((c) => c.endsWith(' all'));
    expect(build).toMatch(/ CC=distcc gcc .* -j16 all$/);
  });

  it('refuses to replace a directory that is not an interim tree', async () => {
    const s = await configured();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(s.work, 'interim'));
    await writeFile(join(s.work, 'interim/precious'), 'data');
    const result = await buildKernel(s.request());
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('is not empty and is not an interim kernel tree');
    expect(await readFile(join(s.work, 'interim/precious'), 'utf8')).toBe('data');
  });
});
