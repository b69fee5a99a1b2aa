// A small but complete interim tree (image, System.map, config, one module with modules.dep, a headers
// tree and the manifest), standing in for a real build in layout and install tests.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { interimPaths, writeManifest } from '../../src/interim/manifest.js';

export interface FakeInterimOptions {
  readonly version?: string;
  readonly config?: string;
  readonly initramfs?: boolean;
  /** Distinguishes two builds of the same version. */
  readonly build?: string;
}

export const BOOTABLE_CONFIG =
  'CONFIG_MODULES=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_DEVTMPFS=y\nCONFIG_EXT4_FS=m\nCONFIG_VIRTIO_BLK=y\nCONFIG_VIRTIO_PCI=y\n';

export async function makeFakeInterim(dir: string, options: FakeInterimOptions = {}): Promise<string> {
  const version = options.version ?? '6.12.0-test';
  const build = options.build ?? 'build 1';
  const paths = interimPaths(version);
  const write = async (path: string, text: string) => {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  await write(paths.image, `kernel image ${version} ${build}\n`);
  await write(paths.systemMap, `ffffffff81000000 T _stext ${version}\n`);
  await write(paths.config, options.config ?? BOOTABLE_CONFIG);
  if (options.initramfs) await write(paths.initramfs, `prebuilt initramfs ${version}\n`);
  await write(`${paths.modulesDir}/kernel/fs/ext4/ext4.ko`, `ext4 module ${build}\n`);
  await write(`${paths.modulesDir}/modules.dep`, 'kernel/fs/ext4/ext4.ko:\n');
  await write(`${paths.buildDir}/Makefile`, `# headers for ${version}\n`);
  await write(`${paths.buildDir}/.config`, options.config ?? BOOTABLE_CONFIG);
  await symlink(`../../../${paths.buildDir}`, join(dir, paths.modulesDir, 'build'));
  const manifest = await writeManifest(dir, {
    version,
    arch: 'x86_64',
    image: paths.image,
    systemMap: paths.systemMap,
    config: paths.config,
    initramfs: options.initramfs ? paths.initramfs : null,
    modulesDir: paths.modulesDir,
    buildDir: paths.buildDir,
    sourceDateEpoch: 1700000000,
  });
  if (!manifest.ok) throw new Error(`fake interim: ${JSON.stringify(manifest.diagnostics)}`);
  return dir;
}
