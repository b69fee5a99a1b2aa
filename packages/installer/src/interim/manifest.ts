/**
 * The interim location: everything one kernel build produced, laid out independently of how any machine
 * boots (GLEP 26 / Gentoo's dist-kernel approach), so the same tree, or the package made from it, installs
 * on any boot layout. It is a small root-like tree:
 *
 *   manifest.json               version, arch, config hash, checksums of every file
 *   boot/vmlinuz                the kernel image
 *   boot/System.map, boot/config
 *   boot/initramfs.img          optional, a generic (non-hostonly) initramfs
 *   lib/modules/VER/            modules_install output with modules.dep; build -> ../../../usr/src/linux-VER
 *   usr/src/linux-VER/          what external modules build against (headers, scripts, .config, Module.symvers)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { error, fail, type InstallerDiagnostic, type Outcome, succeed } from '../diagnostics.js';
import type { KernelArtifacts } from '../layout/plugin.js';
import { sha256File, walkTree } from './files.js';

export const INTERIM_FORMAT = 'distkernel-interim/1';
export const MANIFEST_NAME = 'manifest.json';

export interface InterimManifest {
  readonly format: typeof INTERIM_FORMAT;
  readonly version: string;
  readonly arch: string;
  /** Paths relative to the interim directory. */
  readonly image: string;
  readonly systemMap: string;
  readonly config: string;
  readonly initramfs: string | null;
  readonly modulesDir: string;
  readonly buildDir: string;
  /** sha256 of the final .config: two builds with the same hash were configured identically. */
  readonly configSha256: string;
  readonly sourceDateEpoch: number | null;
  /** sha256 of every regular file except the manifest itself. */
  readonly files: Readonly<Record<string, string>>;
  /** Target of every symlink. */
  readonly links: Readonly<Record<string, string>>;
}

export interface Interim {
  readonly dir: string;
  readonly manifest: InterimManifest;
  readonly artifacts: KernelArtifacts;
}

/** Where each part of version VER goes inside an interim tree. */
export function interimPaths(version: string) {
  return {
    image: 'boot/vmlinuz',
    systemMap: 'boot/System.map',
    config: 'boot/config',
    initramfs: 'boot/initramfs.img',
    modulesDir: `lib/modules/${version}`,
    buildDir: `usr/src/linux-${version}`,
  } as const;
}

export type ManifestFields = Omit<InterimManifest, 'format' | 'files' | 'links' | 'configSha256'>;

/** Checksums the tree and writes manifest.json; call it last, after every file is in place. */
export async function writeManifest(dir: string, fields: ManifestFields): Promise<Outcome<InterimManifest>> {
  try {
    const files: Record<string, string> = {};
    const links: Record<string, string> = {};
    for (const entry of await walkTree(dir)) {
      if (entry.path === MANIFEST_NAME) continue;
      if (entry.type === 'file') files[entry.path] = await sha256File(join(dir, entry.path));
      if (entry.type === 'symlink' && entry.target !== undefined) links[entry.path] = entry.target;
    }
    const configSha256 = files[fields.config];
    if (configSha256 === undefined) {
      return fail(error('interim-invalid', `${join(dir, fields.config)} is missing: the build did not finish`));
    }
    const manifest: InterimManifest = { format: INTERIM_FORMAT, ...fields, configSha256, files, links };
    await writeFile(join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    return succeed(manifest);
  } catch (e) {
    return fail(error('write-failed', `cannot write the interim manifest in ${dir}: ${String(e)}`));
  }
}

/** Reads and checks the manifest of an interim tree; `verify` also compares every checksum. */
export async function readInterim(dir: string, options: { readonly verify?: boolean } = {}): Promise<Outcome<Interim>> {
  const text = await readFile(join(dir, MANIFEST_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) {
    return fail(
      error('interim-invalid', `${dir} is not an interim kernel tree: it has no ${MANIFEST_NAME}`, {
        fix: 'give the --interim directory of `distkernel build`, or a package made by `distkernel package`',
      }),
    );
  }
  const manifest = parseManifest(text);
  if (manifest === undefined) {
    return fail(error('interim-invalid', `${join(dir, MANIFEST_NAME)} is not a ${INTERIM_FORMAT} manifest`));
  }
  if (options.verify) {
    const problems = await verifyTree(dir, manifest);
    if (problems.length > 0) return fail(...problems);
  }
  const artifacts: KernelArtifacts = {
    version: manifest.version,
    image: join(dir, manifest.image),
    systemMap: join(dir, manifest.systemMap),
    config: join(dir, manifest.config),
    ...(manifest.initramfs === null ? {} : { initramfs: join(dir, manifest.initramfs) }),
  };
  return succeed({ dir, manifest, artifacts });
}

async function verifyTree(dir: string, manifest: InterimManifest): Promise<readonly InstallerDiagnostic[]> {
  const bad: string[] = [];
  for (const [path, expected] of Object.entries(manifest.files)) {
    const actual = await sha256File(join(dir, path)).catch(() => 'missing');
    if (actual !== expected) bad.push(actual === 'missing' ? `${path}: missing` : `${path}: checksum differs`);
  }
  if (bad.length === 0) return [];
  return [
    error(
      'checksum-mismatch',
      `${dir} does not match its manifest (${bad.length} file(s)): the tree or package is damaged`,
      {
        fix: 'copy the package again, or rebuild it with `distkernel package`',
        notes: bad.slice(0, 20),
      },
    ),
  ];
}

function parseManifest(text: string): InterimManifest | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  const strings = ['version', 'arch', 'image', 'systemMap', 'config', 'modulesDir', 'buildDir', 'configSha256'];
  if (m.format !== INTERIM_FORMAT || strings.some((key) => typeof m[key] !== 'string')) return undefined;
  if (m.initramfs !== null && typeof m.initramfs !== 'string') return undefined;
  // A damaged or hostile package must not point outside its own tree.
  const paths = [m.image, m.systemMap, m.config, m.modulesDir, m.buildDir, m.initramfs].filter((p) => p !== null);
  if (paths.some((p) => typeof p !== 'string' || p.startsWith('/') || p.split('/').includes('..'))) return undefined;
  if (typeof m.files !== 'object' || m.files === null || typeof m.links !== 'object' || m.links === null)
    return undefined;
  return data as InterimManifest;
}
