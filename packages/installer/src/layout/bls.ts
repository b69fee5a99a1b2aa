/**
 * The Boot Loader Specification layout used by systemd-boot (what `kernel-install` writes for layout=bls):
 * /boot/TOKEN/VER/linux and initrd, and /boot/loader/entries/TOKEN-VER.conf with title, version, machine-id,
 * sort-key, options, linux and initrd lines. Paths inside an entry are relative to the boot partition.
 * A reinstall of the same version replaces it; earlier versions keep their own entries as the fallback.
 */
import { readdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { error, fail, succeed } from '../diagnostics.js';
import type { InstalledKernel, LayoutContext, LayoutPlugin } from './plugin.js';
import { type Change, hostPath } from './transaction.js';

export function blsPaths(bootDir: string, token: string, version: string) {
  const kernelDir = `/${token}/${version}`;
  return {
    kernelDir: posix.join(bootDir, kernelDir),
    linux: posix.join(bootDir, kernelDir, 'linux'),
    initrd: posix.join(bootDir, kernelDir, 'initrd'),
    entry: posix.join(bootDir, 'loader/entries', `${token}-${version}.conf`),
    /** As written inside the entry: relative to the boot partition's root. */
    entryLinux: `${kernelDir}/linux`,
    entryInitrd: `${kernelDir}/initrd`,
  };
}

/** The entry file's text; `key value` lines as the Boot Loader Specification defines them. */
export function blsEntry(ctx: LayoutContext, token: string): string {
  const { osRelease, machineId, cmdline } = ctx.identity;
  const paths = blsPaths(ctx.bootDir, token, ctx.kernel.version);
  const fields: [string, string | undefined][] = [
    ['title', osRelease.PRETTY_NAME ?? osRelease.NAME ?? 'Linux'],
    ['version', ctx.kernel.version],
    ['machine-id', machineId],
    ['sort-key', osRelease.IMAGE_ID ?? osRelease.ID ?? token],
    ['options', cmdline === '' ? undefined : cmdline],
    ['linux', paths.entryLinux],
    ['initrd', ctx.kernel.initramfs === undefined ? undefined : paths.entryInitrd],
  ];
  return fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([key, value]) => `${key.padEnd(10)} ${value}`)
    .join('\n')
    .concat('\n');
}

/** key -> value of an entry file; later duplicates are ignored except `initrd`, which may repeat. */
export function parseBlsEntry(text: string): ReadonlyMap<string, readonly string[]> {
  const fields = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^\s*([a-z-]+)\s+(.*?)\s*$/.exec(line);
    if (!match?.[1] || line.trimStart().startsWith('#')) continue;
    fields.set(match[1], [...(fields.get(match[1]) ?? []), match[2] ?? '']);
  }
  return fields;
}

async function installedBls(root: string, bootDir: string): Promise<readonly InstalledKernel[]> {
  const entriesDir = posix.join(bootDir, 'loader/entries');
  const names = await readdir(hostPath(root, entriesDir)).catch(() => [] as string[]);
  const kernels: InstalledKernel[] = [];
  for (const name of names.filter((n) => n.endsWith('.conf')).sort()) {
    const entryPath = posix.join(entriesDir, name);
    const text = await readFile(hostPath(root, entryPath), 'utf8').catch(() => '');
    const fields = parseBlsEntry(text);
    const version = fields.get('version')?.[0];
    if (version === undefined) continue;
    const files = [...(fields.get('linux') ?? []), ...(fields.get('initrd') ?? [])].map((p) => posix.join(bootDir, p));
    const dirs = new Set(files.map((p) => posix.dirname(p)));
    kernels.push({
      version,
      layout: 'bls',
      bootable: (fields.get('linux') ?? []).length > 0,
      paths: [entryPath, ...dirs],
    });
  }
  return kernels;
}

export const blsLayout: LayoutPlugin = {
  name: 'bls',
  description: 'systemd-boot BLS: /boot/TOKEN/VER/{linux,initrd} and /boot/loader/entries/TOKEN-VER.conf',
  changes: async (ctx) => {
    const token = ctx.identity.entryToken;
    if (token === undefined) {
      return fail(
        error('no-entry-token', `no BLS entry token for ${ctx.root}: it has no /etc/machine-id and no os-release ID`, {
          fix: 'pass --entry-token NAME, or create the machine id (systemd-machine-id-setup --root DIR)',
        }),
      );
    }
    const paths = blsPaths(ctx.bootDir, token, ctx.kernel.version);
    const changes: Change[] = [
      { kind: 'file', path: paths.linux, source: { file: ctx.kernel.image }, mode: 0o644 },
      ctx.kernel.initramfs === undefined
        ? { kind: 'remove', path: paths.initrd }
        : { kind: 'file', path: paths.initrd, source: { file: ctx.kernel.initramfs }, mode: 0o600 },
      // The entry goes last: a boot loader never sees an entry whose files are not in place yet.
      { kind: 'file', path: paths.entry, source: { text: blsEntry(ctx, token) }, mode: 0o644 },
    ];
    return succeed(changes);
  },
  imagePath: (ctx) => blsPaths(ctx.bootDir, ctx.identity.entryToken ?? 'unknown', ctx.kernel.version).linux,
  installed: installedBls,
};
