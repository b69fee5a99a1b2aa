// What the build-and-boot test needs from the machine: Debian packages (installed with apt-get when missing and
// running as root, as CI does) and the linux-source-6.12 tree extracted once into <repo>/.cache/e2e.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const KERNEL_SOURCE_PACKAGE = 'linux-source-6.12';
export const KERNEL_TARBALL = `/usr/src/${KERNEL_SOURCE_PACKAGE}.tar.xz`;

/** Debian packages of the tools the test runs: build deps, dracut, qemu, mkfs.ext4, a static libc. */
export const TOOL_PACKAGES = [
  'make',
  'gcc',
  'libc6-dev',
  'flex',
  'bison',
  'bc',
  'libelf-dev',
  'libssl-dev',
  'kmod',
  'cpio',
  'xz-utils',
  'e2fsprogs',
  'dracut',
  'qemu-system-x86',
] as const;

/** dpkg-query's format: `${Status}` is dpkg's field syntax, not a JavaScript placeholder. */
const STATUS_FORMAT = ['-f=$', '{Status}'].join('');

function installed(pkg: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', STATUS_FORMAT, pkg], { encoding: 'utf8' }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

/** Installs the missing packages (dracut without recommends: they would pull in a whole boot stack). */
export function ensurePackages(packages: readonly string[]): void {
  const missing = packages.filter((pkg) => !installed(pkg));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')} (apt-get install --no-install-recommends ${missing.join(' ')})`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, stdio: 'inherit' });
}

/** The extracted kernel tree, reused across runs (a marker file says the extraction completed). */
export async function kernelSourceTree(cacheDir: string): Promise<string> {
  const tree = join(cacheDir, KERNEL_SOURCE_PACKAGE);
  const done = join(cacheDir, `.${KERNEL_SOURCE_PACKAGE}.extracted`);
  if (existsSync(done) && existsSync(join(tree, 'Makefile'))) return tree;
  if (!existsSync(KERNEL_TARBALL)) ensurePackages([KERNEL_SOURCE_PACKAGE]);
  const partial = join(cacheDir, 'extracting');
  await rm(partial, { recursive: true, force: true });
  await rm(tree, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  execFileSync('tar', ['-xf', KERNEL_TARBALL, '-C', partial], { stdio: 'inherit' });
  await rename(join(partial, KERNEL_SOURCE_PACKAGE), tree);
  await rm(partial, { recursive: true, force: true });
  await writeFile(done, `${new Date().toISOString()}\n`);
  return tree;
}
