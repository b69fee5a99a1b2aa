/**
 * The tree external modules build against (what /lib/modules/VER/build points to), merged from the source
 * tree and the O= build directory into one directory, so `make -C /usr/src/linux-VER M=$PWD` works without
 * the full source or the gigabytes of objects: every Makefile/Kbuild/Kconfig, include/, scripts/,
 * arch/ARCH/include from the source; .config, Module.symvers, generated headers, the host tools in
 * scripts/ and objtool from the build.
 */
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The kernel's SRCARCH for an ARCH value (x86_64 and i386 live in arch/x86). */
export function srcArch(arch: string): string {
  if (arch === 'x86_64' || arch === 'i386' || arch === 'x86') return 'x86';
  if (arch === 'aarch64') return 'arm64';
  return arch;
}

const BUILD_FILES = /^(Makefile.*|Kbuild.*|Kconfig.*)$/;
/** Copied whole, so not walked for Makefiles; the rest is noise for module builds. */
const SKIP_WALK = new Set(['include', 'scripts', 'Documentation', 'tools', 'samples', '.git']);

export async function collectBuildTree(sourceDir: string, buildDir: string, arch: string, dest: string): Promise<void> {
  const archDir = `arch/${srcArch(arch)}`;
  await mkdir(dest, { recursive: true });
  for (const file of await findBuildFiles(sourceDir, '')) await copyInto(sourceDir, file, dest);
  for (const dir of ['include', 'scripts', `${archDir}/include`]) await copyInto(sourceDir, dir, dest);
  // Build outputs go on top of the source copies.
  for (const path of [
    '.config',
    'Module.symvers',
    'include/generated',
    'include/config',
    `${archDir}/include/generated`,
    'scripts',
    'tools/objtool/objtool',
  ]) {
    await copyInto(buildDir, path, dest, (name) => !name.endsWith('.o') && !/^\..*\.cmd$/.test(name));
  }
}

async function findBuildFiles(root: string, relative: string): Promise<readonly string[]> {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!(relative === '' && SKIP_WALK.has(entry.name))) found.push(...(await findBuildFiles(root, path)));
    } else if (entry.isFile() && BUILD_FILES.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}

/** Copies `from/path` to `dest/path` if it exists, keeping symlinks as they are. */
async function copyInto(from: string, path: string, dest: string, keep: (name: string) => boolean = () => true) {
  const source = join(from, path);
  if ((await stat(source).catch(() => undefined)) === undefined) return;
  await mkdir(join(dest, path, '..'), { recursive: true });
  await cp(source, join(dest, path), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => keep(basename(src)),
  });
}
