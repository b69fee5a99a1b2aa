/**
 * The traditional /boot layout (installkernel's "compat" layout, what grub-mkconfig scans):
 * /boot/vmlinuz-VER, /boot/System.map-VER, /boot/config-VER and /boot/initramfs-VER.img.
 * Reinstalling the same version keeps the current files as `.old`, as Debian's and Gentoo's installkernel do,
 * so the previous build of that version stays bootable.
 */
import { readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { succeed } from '../diagnostics.js';
import type { InstalledKernel, LayoutContext, LayoutPlugin } from './plugin.js';
import { type Change, hostPath } from './transaction.js';

export const TRADITIONAL_PREFIXES = {
  image: 'vmlinuz-',
  systemMap: 'System.map-',
  config: 'config-',
  initramfs: 'initramfs-',
} as const;

export function traditionalPaths(bootDir: string, version: string) {
  return {
    image: posix.join(bootDir, `vmlinuz-${version}`),
    systemMap: posix.join(bootDir, `System.map-${version}`),
    config: posix.join(bootDir, `config-${version}`),
    initramfs: posix.join(bootDir, `initramfs-${version}.img`),
  };
}

export function traditionalChanges(ctx: LayoutContext): readonly Change[] {
  const paths = traditionalPaths(ctx.bootDir, ctx.kernel.version);
  const file = (path: string, source: string, mode: number): Change => ({
    kind: 'file',
    path,
    source: { file: source },
    mode,
    keepOld: `${path}.old`,
  });
  const changes: Change[] = [
    file(paths.image, ctx.kernel.image, 0o644),
    file(paths.systemMap, ctx.kernel.systemMap, 0o644),
    file(paths.config, ctx.kernel.config, 0o644),
  ];
  // Without a new initramfs, one left from the previous build of this version belongs to the `.old` kernel.
  changes.push(
    ctx.kernel.initramfs === undefined
      ? { kind: 'remove', path: paths.initramfs, keepOld: `${paths.initramfs}.old` }
      : file(paths.initramfs, ctx.kernel.initramfs, 0o600),
  );
  return changes;
}

/** Versions with a /boot/vmlinuz-VER, with every file of that version (the `.old` ones included). */
export async function installedTraditional(
  root: string,
  bootDir: string,
  layout: string,
): Promise<readonly InstalledKernel[]> {
  const names = await readdir(hostPath(root, bootDir)).catch(() => [] as string[]);
  const kernels: InstalledKernel[] = [];
  for (const name of names) {
    if (!name.startsWith(TRADITIONAL_PREFIXES.image) || name.endsWith('.old')) continue;
    const version = name.slice(TRADITIONAL_PREFIXES.image.length);
    // Debian and Ubuntu name the initramfs initrd.img-VER: removal takes it along.
    const all = [...Object.values(traditionalPaths(bootDir, version)), posix.join(bootDir, `initrd.img-${version}`)];
    const present = new Set(names.map((n) => posix.join(bootDir, n)));
    const paths = [...all, ...all.map((p) => `${p}.old`)].filter((p) => present.has(p));
    kernels.push({ version, layout, bootable: true, paths });
  }
  return kernels;
}

export const traditionalLayout: LayoutPlugin = {
  name: 'traditional',
  description: '/boot/vmlinuz-VER, System.map-VER, config-VER, initramfs-VER.img (.old kept on reinstall)',
  changes: async (ctx) => succeed(traditionalChanges(ctx)),
  imagePath: (ctx) => traditionalPaths(ctx.bootDir, ctx.kernel.version).image,
  installed: (root, bootDir) => installedTraditional(root, bootDir, 'traditional'),
};
