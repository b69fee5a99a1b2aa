import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InstallRequest, installKernel } from '../../src/install/install.js';
import { createPackage } from '../../src/package/package.js';
import { fakeCalls, fakeEnv } from '../support/fakes.js';
import { makeFakeInterim } from '../support/interim.js';
import { filesOf, snapshotTree, tempDir } from '../support/tree.js';

const VERSION = '6.12.0-test';
const MACHINE_ID = '0123456789abcdef0123456789abcdef';

interface Setup {
  readonly interim: string;
  readonly root: string;
  readonly log: string;
  readonly request: (extra?: Partial<InstallRequest>) => InstallRequest;
}

async function setup(options: { initramfs?: boolean; build?: string; config?: string } = {}): Promise<Setup> {
  const work = await tempDir();
  const interim = await makeFakeInterim(join(work, 'interim'), options);
  const root = join(work, 'root');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(join(root, 'etc/machine-id'), `${MACHINE_ID}\n`);
  await writeFile(join(root, 'etc/os-release'), 'PRETTY_NAME="Test Linux 1"\nID=testos\n');
  const log = join(work, 'calls.log');
  return {
    interim,
    root,
    log,
    request: (extra = {}) => ({ from: interim, root, env: fakeEnv(log), logFile: join(work, 'install.log'), ...extra }),
  };
}

/** An older kernel already installed, so that "unchanged" is checked on a lived-in root. */
async function installOlder(s: Setup, layout = 'traditional') {
  const older = await makeFakeInterim(join(s.root, '..', 'older'), { version: '6.11.0-old' });
  const result = await installKernel({
    ...s.request(),
    from: older,
    layout,
    initramfs: 'dracut',
    cmdline: 'root=/dev/vda',
  });
  expect(result.ok).toBe(true);
}

describe('installKernel, traditional layout', () => {
  it('installs image, System.map, config, initramfs, modules and headers', async () => {
    const s = await setup();
    const result = await installKernel(s.request({ initramfs: 'dracut' }));
    expect(result.ok && result.value.changes.map((c) => `${c.action} ${c.path}`)).toEqual([
      `create /lib/modules/${VERSION}`,
      `create /usr/src/linux-${VERSION}`,
      `create /boot/vmlinuz-${VERSION}`,
      `create /boot/System.map-${VERSION}`,
      `create /boot/config-${VERSION}`,
      `create /boot/initramfs-${VERSION}.img`,
    ]);
    const files = await filesOf(s.root);
    expect(Object.keys(files).sort()).toEqual([
      `boot/System.map-${VERSION}`,
      `boot/config-${VERSION}`,
      `boot/initramfs-${VERSION}.img`,
      `boot/vmlinuz-${VERSION}`,
      'etc/machine-id',
      'etc/os-release',
      `lib/modules/${VERSION}/kernel/fs/ext4/ext4.ko`,
      `lib/modules/${VERSION}/modules.dep`,
      `usr/src/linux-${VERSION}/.config`,
      `usr/src/linux-${VERSION}/Makefile`,
    ]);
    expect(files[`boot/vmlinuz-${VERSION}`]).toBe(`kernel image ${VERSION} build 1\n`);
    expect(files[`boot/initramfs-${VERSION}.img`]).toBe(`fake initramfs for ${VERSION}\n`);
    const tree = await snapshotTree(s.root);
    expect(tree[`lib/modules/${VERSION}/build`]).toBe(`symlink -> ../../../usr/src/linux-${VERSION}`);
    expect(tree[`boot/initramfs-${VERSION}.img`]).toMatch(/^file 600 /);
    const calls = await fakeCalls(s.log);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(
      new RegExp(
        `^dracut --kver ${VERSION} --kmoddir \\S+/interim/lib/modules/${VERSION} --no-hostonly --reproducible --force \\S+initramfs-${VERSION}\\.img$`,
      ),
    );
  });

  it('keeps the previous build as .old when the same version is reinstalled', async () => {
    const s = await setup();
    expect((await installKernel(s.request({ initramfs: 'dracut' }))).ok).toBe(true);
    const rebuilt = await makeFakeInterim(join(s.root, '..', 'rebuilt'), { build: 'build 2' });
    const result = await installKernel(s.request({ from: rebuilt, initramfs: 'dracut' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const files = await filesOf(s.root);
    expect(files[`boot/vmlinuz-${VERSION}`]).toBe(`kernel image ${VERSION} build 2\n`);
    expect(files[`boot/vmlinuz-${VERSION}.old`]).toBe(`kernel image ${VERSION} build 1\n`);
    expect(files[`boot/System.map-${VERSION}.old`]).toBeDefined();
    expect(files[`boot/config-${VERSION}.old`]).toBeDefined();
    expect(files[`boot/initramfs-${VERSION}.img.old`]).toBeDefined();
    expect(files[`lib/modules/${VERSION}/kernel/fs/ext4/ext4.ko`]).toBe('ext4 module build 2\n');
    expect(result.value.changes).toContainEqual({
      path: `/boot/vmlinuz-${VERSION}`,
      action: 'replace',
      kind: 'file',
      keepOld: `/boot/vmlinuz-${VERSION}.old`,
    });
    // No staging or backup files are left behind.
    expect(Object.keys(await snapshotTree(s.root)).filter((p) => p.includes('.distkernel-'))).toEqual([]);
  });

  it('leaves the root byte-for-byte as before when dracut fails', async () => {
    const s = await setup();
    await installOlder(s);
    const before = await snapshotTree(s.root);
    const result = await installKernel(
      s.request({ initramfs: 'dracut', env: fakeEnv(s.log, { FAKE_DRACUT_FAIL: '1' }) }),
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'initramfs-failed' });
    expect(result.diagnostics[0]?.message).toContain(`dracut could not build the initramfs for ${VERSION}`);
    expect(result.diagnostics[0]?.message).toMatch(/Command failed with exit code 1: dracut --kver/);
    expect(result.diagnostics[0]?.notes).toContain("dracut: FATAL: Module 'ext4' not found.");
    expect(await snapshotTree(s.root)).toEqual(before);
  });

  it('refuses --initramfs none for a root filesystem driver built as a module', async () => {
    const s = await setup();
    const before = await snapshotTree(s.root);
    const result = await installKernel(
      s.request({ initramfs: 'none', rootSpec: { fsType: 'ext4', device: 'virtio_blk' } }),
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['modular-root-fs']);
    expect(result.diagnostics[0]?.fix).toBe(
      'add CONFIG_EXT4_FS=y to a fragment, or build an initramfs (--initramfs dracut)',
    );
    expect(await snapshotTree(s.root)).toEqual(before);
  });

  it('installs without initramfs when the root drivers are built in', async () => {
    const config = 'CONFIG_DEVTMPFS=y\nCONFIG_EXT4_FS=y\nCONFIG_VIRTIO_BLK=y\nCONFIG_VIRTIO_PCI=y\n';
    const s = await setup({ config });
    const result = await installKernel(
      s.request({ initramfs: 'none', rootSpec: { fsType: 'ext4', device: 'virtio_blk' } }),
    );
    expect(result.ok).toBe(true);
    expect(Object.keys(await filesOf(s.root)).filter((p) => p.startsWith('boot/'))).toEqual([
      `boot/System.map-${VERSION}`,
      `boot/config-${VERSION}`,
      `boot/vmlinuz-${VERSION}`,
    ]);
    expect(await fakeCalls(s.log)).toEqual([]);
  });

  it("uses the interim tree's own initramfs by default", async () => {
    const s = await setup({ initramfs: true });
    const result = await installKernel(s.request());
    expect(result.ok && result.value.initramfs).toBe('interim');
    expect((await filesOf(s.root))[`boot/initramfs-${VERSION}.img`]).toBe(`prebuilt initramfs ${VERSION}\n`);
    expect(await fakeCalls(s.log)).toEqual([]);
  });

  it('lists every file it would write with --dry-run, and writes nothing', async () => {
    const s = await setup();
    await installOlder(s);
    const before = await snapshotTree(s.root);
    const result = await installKernel(s.request({ initramfs: 'dracut', dryRun: true }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.changes.map((c) => `${c.action} ${c.path}`)).toEqual([
      `create /lib/modules/${VERSION}`,
      `create /usr/src/linux-${VERSION}`,
      `create /boot/vmlinuz-${VERSION}`,
      `create /boot/System.map-${VERSION}`,
      `create /boot/config-${VERSION}`,
      `create /boot/initramfs-${VERSION}.img`,
    ]);
    expect(result.value.commands[0]).toMatch(/^dracut --kver 6\.12\.0-test /);
    expect(await snapshotTree(s.root)).toEqual(before);
    expect((await fakeCalls(s.log)).filter((c) => c.startsWith('dracut') && c.includes(VERSION))).toEqual([]);
  });
});

describe('installKernel, BLS layout', () => {
  it('writes the kernel directory and an entry with title, version, sort-key, options, linux and initrd', async () => {
    const s = await setup();
    const result = await installKernel(
      s.request({ layout: 'bls', initramfs: 'dracut', cmdline: 'root=/dev/vda rw quiet' }),
    );
    expect(result.ok).toBe(true);
    const files = await filesOf(s.root);
    expect(files[`boot/${MACHINE_ID}/${VERSION}/linux`]).toBe(`kernel image ${VERSION} build 1\n`);
    expect(files[`boot/${MACHINE_ID}/${VERSION}/initrd`]).toBe(`fake initramfs for ${VERSION}\n`);
    expect(files[`boot/loader/entries/${MACHINE_ID}-${VERSION}.conf`]).toBe(
      [
        'title      Test Linux 1',
        `version    ${VERSION}`,
        `machine-id ${MACHINE_ID}`,
        'sort-key   testos',
        'options    root=/dev/vda rw quiet',
        `linux      /${MACHINE_ID}/${VERSION}/linux`,
        `initrd     /${MACHINE_ID}/${VERSION}/initrd`,
        '',
      ].join('\n'),
    );
  });

  it('names entries after --entry-token and reads /etc/kernel/cmdline', async () => {
    const s = await setup({ initramfs: true });
    await mkdir(join(s.root, 'etc/kernel'));
    await writeFile(join(s.root, 'etc/kernel/cmdline'), 'root=UUID=1234 ro\n');
    const result = await installKernel(s.request({ layout: 'bls', entryToken: 'mytoken' }));
    expect(result.ok).toBe(true);
    const entry = (await filesOf(s.root))[`boot/loader/entries/mytoken-${VERSION}.conf`];
    expect(entry).toContain('options    root=UUID=1234 ro\n');
    expect(entry).toContain(`linux      /mytoken/${VERSION}/linux\n`);
  });

  it('leaves nothing half installed when a write fails midway', async () => {
    const s = await setup();
    await installOlder(s, 'bls');
    // /boot/loader/entries cannot be created: a file is where the loader directory should be.
    await writeFile(join(s.root, 'boot/loader.tmp'), '');
    const { rename, rm } = await import('node:fs/promises');
    await rm(join(s.root, 'boot/loader'), { recursive: true });
    await rename(join(s.root, 'boot/loader.tmp'), join(s.root, 'boot/loader'));
    const before = await snapshotTree(s.root);
    const result = await installKernel(s.request({ layout: 'bls', initramfs: 'dracut', cmdline: 'root=/dev/vda' }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'write-failed' });
    expect(result.diagnostics[0]?.message).toMatch(
      /^cannot create directory \/boot\/loader\/entries: .*\/boot\/loader is not a directory$/,
    );
    // The modules, the headers and the kernel directory had been staged: all gone again.
    expect(await snapshotTree(s.root)).toEqual(before);
  });

  it('fails clearly without an entry token', async () => {
    const s = await setup({ initramfs: true });
    const { rm } = await import('node:fs/promises');
    await rm(join(s.root, 'etc/machine-id'));
    await rm(join(s.root, 'etc/os-release'));
    const result = await installKernel(s.request({ layout: 'bls' }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'no-entry-token' });
  });
});

describe('installKernel, UKI layout', () => {
  it('builds the UKI with ukify from the image, initramfs, command line and os-release', async () => {
    const s = await setup({ initramfs: true });
    const result = await installKernel(s.request({ layout: 'uki', cmdline: 'root=/dev/vda' }));
    expect(result.ok).toBe(true);
    const uki = (await filesOf(s.root))[`boot/EFI/Linux/${MACHINE_ID}-${VERSION}.efi`];
    expect(uki?.split('\n')).toEqual(
      expect.arrayContaining([
        'fake UKI',
        'build',
        `--uname=${VERSION}`,
        '--cmdline=root=/dev/vda',
        expect.stringMatching(/^--linux=.*\/interim\/boot\/vmlinuz$/),
        expect.stringMatching(/^--initrd=.*\/interim\/boot\/initramfs\.img$/),
        `--os-release=@${join(s.root, 'etc/os-release')}`,
      ]),
    );
    const again = await installKernel(s.request({ layout: 'uki', cmdline: 'root=/dev/vda' }));
    expect(again.ok).toBe(true);
    expect((await filesOf(s.root))[`boot/EFI/Linux/${MACHINE_ID}-${VERSION}-old.efi`]).toBe(uki);
  });

  it('says what to install when ukify is missing', async () => {
    const s = await setup({ initramfs: true });
    const emptyBin = await tempDir();
    const before = await snapshotTree(s.root);
    const result = await installKernel(s.request({ layout: 'uki', env: { PATH: emptyBin } }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'tool-missing' });
    expect(result.diagnostics[0]?.message).toContain('ukify');
    expect(result.diagnostics[0]?.fix).toContain('systemd-ukify');
    expect(await snapshotTree(s.root)).toEqual(before);
  });
});

describe('installKernel, grub layout', () => {
  it('regenerates grub.cfg after the kernel files are in place', async () => {
    const s = await setup({ initramfs: true });
    await mkdir(join(s.root, 'etc/default'), { recursive: true });
    await writeFile(join(s.root, 'etc/default/grub'), 'GRUB_TIMEOUT=1\n');
    const env = fakeEnv(s.log, { FAKE_GRUB_BOOT: join(s.root, 'boot') });
    const result = await installKernel(s.request({ layout: 'grub', env }));
    expect(result.ok).toBe(true);
    expect((await filesOf(s.root))['boot/grub/grub.cfg']).toBe(`# fake grub.cfg\nmenuentry 'vmlinuz-${VERSION}'\n`);
  });

  it('rolls the install back when grub-mkconfig fails', async () => {
    const s = await setup({ initramfs: true });
    await mkdir(join(s.root, 'etc/default'), { recursive: true });
    await writeFile(join(s.root, 'etc/default/grub'), 'GRUB_TIMEOUT=1\n');
    const before = await snapshotTree(s.root);
    const result = await installKernel(s.request({ layout: 'grub', env: fakeEnv(s.log, { FAKE_GRUB_FAIL: '1' }) }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('grub-mkconfig could not regenerate /boot/grub/grub.cfg');
    expect(await snapshotTree(s.root)).toEqual(before);
  });
});

describe('installKernel, installkernel layout', () => {
  it('calls installkernel VERSION IMAGE MAP DIR with the initrd next to the image', async () => {
    const s = await setup({ initramfs: true });
    const result = await installKernel(s.request({ layout: 'installkernel' }));
    expect(result.ok).toBe(true);
    const calls = await fakeCalls(s.log);
    expect(calls).toHaveLength(1);
    const args = calls[0]?.split(' ') ?? [];
    expect(args[0]).toBe('installkernel');
    expect(args[1]).toBe(VERSION);
    expect(args[2]).toMatch(/\/installkernel\/vmlinuz$/);
    expect(args[3]).toMatch(/\/installkernel\/System\.map$/);
    expect(args[4]).toBe(join(s.root, 'boot'));
    const files = await filesOf(s.root);
    expect(files[`boot/vmlinuz-${VERSION}`]).toBe(`kernel image ${VERSION} build 1\n`);
    expect(files[`boot/initramfs-${VERSION}.img`]).toBe(`prebuilt initramfs ${VERSION}\n`);
  });

  it('rolls back the modules when installkernel fails', async () => {
    const s = await setup({ initramfs: true });
    const before = await snapshotTree(s.root);
    const program = join(s.root, '..', 'my-installkernel');
    await writeFile(program, '#!/bin/sh\necho "no space left on /boot" >&2\nexit 3\n');
    await chmod(program, 0o755);
    const result = await installKernel(s.request({ layout: 'installkernel', installkernel: program }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toContain('Command failed with exit code 3');
    expect(result.diagnostics[0]?.notes).toContain('no space left on /boot');
    expect(await snapshotTree(s.root)).toEqual(before);
  });
});

describe('installKernel, pre/postinst plugins', () => {
  async function hook(root: string, dir: string, name: string, body: string) {
    await mkdir(join(root, dir), { recursive: true });
    await writeFile(join(root, dir, name), `#!/bin/sh\necho "${dir}/${name} $*" >> "$FAKE_LOG"\n${body}\n`);
    await chmod(join(root, dir, name), 0o755);
  }

  it('runs /etc over /usr/lib by name, in order, and stops the chain at exit 77', async () => {
    const s = await setup({ initramfs: true });
    await hook(s.root, 'usr/lib/kernel/postinst.d', '10-vendor', 'exit 0');
    await hook(s.root, 'usr/lib/kernel/postinst.d', '20-shadowed', 'exit 1');
    await hook(s.root, 'etc/kernel/postinst.d', '20-shadowed', 'exit 0');
    await hook(s.root, 'etc/kernel/postinst.d', '30-stop', 'exit 77');
    await hook(s.root, 'usr/lib/kernel/postinst.d', '40-never', 'exit 1');
    await hook(s.root, 'etc/kernel/preinst.d', '50-pre', 'exit 0');
    const result = await installKernel(s.request());
    expect(result.ok).toBe(true);
    const image = join(s.root, `boot/vmlinuz-${VERSION}`);
    expect(await fakeCalls(s.log)).toEqual([
      `etc/kernel/preinst.d/50-pre ${VERSION} ${image}`,
      `usr/lib/kernel/postinst.d/10-vendor ${VERSION} ${image}`,
      `etc/kernel/postinst.d/20-shadowed ${VERSION} ${image}`,
      `etc/kernel/postinst.d/30-stop ${VERSION} ${image}`,
    ]);
    if (!result.ok) return;
    expect(result.value.hooks.map((h) => `${h.phase} ${h.name} ${h.exitCode}`)).toEqual([
      'preinst 50-pre 0',
      'postinst 10-vendor 0',
      'postinst 20-shadowed 0',
      'postinst 30-stop 77',
    ]);
  });

  it('rolls back when a postinst plugin fails, and names it', async () => {
    const s = await setup({ initramfs: true });
    await hook(s.root, 'etc/kernel/postinst.d', 'zz-broken', 'echo "cannot update bootloader" >&2; exit 1');
    const before = await snapshotTree(s.root);
    const result = await installKernel(s.request());
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'plugin-failed' });
    expect(result.diagnostics[0]?.message).toMatch(
      /^postinst plugin zz-broken failed\nCommand failed with exit code 1: /,
    );
    expect(await snapshotTree(s.root)).toEqual(before);
  });

  it('lists the plugins that would run with --dry-run', async () => {
    const s = await setup({ initramfs: true });
    await hook(s.root, 'etc/kernel/postinst.d', '10-a', 'exit 0');
    const result = await installKernel(s.request({ dryRun: true }));
    expect(result.ok && result.value.hooks.map((h) => `${h.phase} ${h.name}`)).toEqual(['postinst 10-a']);
    expect(await fakeCalls(s.log)).toEqual([]);
  });
});

describe('installKernel from a package', () => {
  it('round-trips: the package installs exactly what the interim tree installs', async () => {
    const s = await setup({ initramfs: true });
    const direct = await installKernel(s.request({ layout: 'bls', cmdline: 'root=/dev/vda' }));
    expect(direct.ok).toBe(true);

    const packaged = await createPackage({ interimDir: s.interim, output: join(s.root, '..', 'kernel.tar.gz') });
    expect(packaged.ok).toBe(true);
    if (!packaged.ok) return;
    expect(packaged.value).toMatchObject({ version: VERSION, arch: 'x86_64' });
    expect(packaged.value.sha256).toMatch(/^[0-9a-f]{64}$/);

    const fresh = join(s.root, '..', 'fresh');
    await mkdir(join(fresh, 'etc'), { recursive: true });
    await writeFile(join(fresh, 'etc/machine-id'), `${MACHINE_ID}\n`);
    await writeFile(join(fresh, 'etc/os-release'), 'PRETTY_NAME="Test Linux 1"\nID=testos\n');
    const fromPackage = await installKernel(
      s.request({ from: packaged.value.file, root: fresh, layout: 'bls', cmdline: 'root=/dev/vda' }),
    );
    expect(fromPackage.ok).toBe(true);
    expect(await snapshotTree(fresh)).toEqual(await snapshotTree(s.root));
  });

  it('is reproducible: packaging twice gives the same bytes', async () => {
    const s = await setup({ initramfs: true });
    const a = await createPackage({ interimDir: s.interim, output: join(s.root, '..', 'a.tar.gz') });
    const b = await createPackage({ interimDir: s.interim, output: join(s.root, '..', 'b.tar.gz') });
    expect(a.ok && b.ok && a.value.sha256 === b.value.sha256).toBe(true);
  });

  it('refuses a damaged package', async () => {
    const s = await setup({ initramfs: true });
    await writeFile(join(s.interim, 'boot/vmlinuz'), 'tampered\n');
    const packaged = await createPackage({ interimDir: s.interim, output: join(s.root, '..', 'kernel.tar.gz') });
    expect(packaged.ok).toBe(false);
    expect(packaged.diagnostics[0]).toMatchObject({
      code: 'checksum-mismatch',
      notes: ['boot/vmlinuz: checksum differs'],
    });
    expect(await readFile(join(s.interim, 'manifest.json'), 'utf8')).toContain('"boot/vmlinuz"');
  });
});
