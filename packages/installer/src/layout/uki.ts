/**
 * The Unified Kernel Image layout: one EFI executable per kernel at ESP/EFI/Linux/TOKEN-VER.efi, built by
 * systemd's `ukify` from the image (.linux), the initramfs (.initrd), the command line (.cmdline), the root's
 * os-release (.osrel) and the version (.uname). UEFI boot loaders pick these files up without any entry file.
 * A same-version reinstall keeps the current image as TOKEN-VER-old.efi, as Gentoo's installkernel does.
 */
import { readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { error, fail, succeed } from '../diagnostics.js';
import { commandDiagnostic, formatCommand, run } from '../process/run.js';
import { findProgram } from '../process/which.js';
import type { InstalledKernel, LayoutContext, LayoutPlugin } from './plugin.js';
import { hostPath } from './transaction.js';

export function ukiPath(bootDir: string, token: string, version: string): string {
  return posix.join(bootDir, 'EFI/Linux', `${token}-${version}.efi`);
}

function ukifyArgs(ctx: LayoutContext, output: string): string[] {
  const args = ['build', `--linux=${ctx.kernel.image}`, `--uname=${ctx.kernel.version}`, `--output=${output}`];
  if (ctx.kernel.initramfs !== undefined) args.push(`--initrd=${ctx.kernel.initramfs}`);
  if (ctx.identity.cmdline !== '') args.push(`--cmdline=${ctx.identity.cmdline}`);
  if (Object.keys(ctx.identity.osRelease).length > 0)
    args.push(`--os-release=@${hostPath(ctx.root, '/etc/os-release')}`);
  return args;
}

async function installedUki(root: string, bootDir: string): Promise<readonly InstalledKernel[]> {
  const dir = posix.join(bootDir, 'EFI/Linux');
  const names = await readdir(hostPath(root, dir)).catch(() => [] as string[]);
  const kernels: InstalledKernel[] = [];
  // TOKEN-VER.efi: a machine-id token is 32 hex digits; other tokens (os-release IDs) contain no '-'.
  for (const name of names) {
    const match = /^(?:[0-9a-f]{32}|[^-]+)-(.+?)(-old)?\.efi$/.exec(name);
    if (!match?.[1] || match[2] !== undefined) continue;
    const version = match[1];
    const paths = [posix.join(dir, name), posix.join(dir, name.replace(/\.efi$/, '-old.efi'))].filter((p) =>
      names.includes(posix.basename(p)),
    );
    kernels.push({ version, layout: 'uki', bootable: true, paths });
  }
  return kernels;
}

export const ukiLayout: LayoutPlugin = {
  name: 'uki',
  description: 'Unified Kernel Image built by ukify: /boot/EFI/Linux/TOKEN-VER.efi (-old.efi kept on reinstall)',
  changes: async (ctx) => {
    const token = ctx.identity.entryToken;
    if (token === undefined) {
      return fail(
        error('no-entry-token', `no entry token for ${ctx.root}: it has no /etc/machine-id and no os-release ID`, {
          fix: 'pass --entry-token NAME, or create the machine id (systemd-machine-id-setup --root DIR)',
        }),
      );
    }
    const ukify = await findProgram('ukify', ctx.env);
    if (ukify === undefined && !ctx.dryRun) {
      return fail(
        error('tool-missing', "the uki layout needs systemd's ukify, and there is no ukify on PATH", {
          fix: 'install it (Debian 13 and later: apt-get install systemd-ukify; Gentoo: sys-apps/systemd[ukify]), or choose --layout bls',
        }),
      );
    }
    const path = ukiPath(ctx.bootDir, token, ctx.kernel.version);
    return succeed([
      {
        kind: 'file',
        path,
        mode: 0o644,
        keepOld: path.replace(/\.efi$/, '-old.efi'),
        source: {
          by: 'ukify',
          generate: async (staged: string) => {
            const result = await run(ukify ?? 'ukify', ukifyArgs(ctx, staged), {
              env: ctx.env,
              ...(ctx.logFile === undefined ? {} : { logFile: ctx.logFile }),
              ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
            });
            return result.failed
              ? fail(commandDiagnostic('tool-failed', result, { message: `ukify could not build ${path}` }))
              : succeed(undefined);
          },
        },
      },
    ]);
  },
  commands: async (ctx) => [
    formatCommand(
      'ukify',
      ukifyArgs(ctx, ukiPath(ctx.bootDir, ctx.identity.entryToken ?? 'TOKEN', ctx.kernel.version)),
    ),
  ],
  imagePath: (ctx) => ukiPath(ctx.bootDir, ctx.identity.entryToken ?? 'unknown', ctx.kernel.version),
  installed: installedUki,
};
