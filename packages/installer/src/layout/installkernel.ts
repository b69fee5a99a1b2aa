/**
 * The installkernel layout: hands the kernel to an `installkernel` program with the protocol the kernel's own
 * `make install` uses, `installkernel VERSION IMAGE MAP DIR`. The image, System.map and (as Gentoo's
 * installkernel expects) an `initrd` sit together in a scratch directory, so the program may move or link
 * them freely. That program owns its files and runs the /etc/kernel hooks itself; its writes are outside
 * the install transaction (only the modules and headers placed by distkernel are rolled back if it fails).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { error, fail, succeed } from '../diagnostics.js';
import { commandDiagnostic, formatCommand, run } from '../process/run.js';
import { findProgram } from '../process/which.js';
import type { LayoutContext, LayoutPlugin } from './plugin.js';
import { installedTraditional, traditionalPaths } from './traditional.js';
import { hostPath } from './transaction.js';

function handOver(ctx: LayoutContext) {
  const dir = join(ctx.scratchDir, 'installkernel');
  return {
    dir,
    image: join(dir, 'vmlinuz'),
    systemMap: join(dir, 'System.map'),
    initrd: join(dir, 'initrd'),
    args: (image: string, map: string) => [ctx.kernel.version, image, map, hostPath(ctx.root, ctx.bootDir)],
  };
}

export const installkernelLayout: LayoutPlugin = {
  name: 'installkernel',
  description: 'runs installkernel VERSION IMAGE MAP DIR (--installkernel PATH, else the one on PATH)',
  runsHooks: true,
  changes: async (ctx) => {
    if (!ctx.dryRun && (await findProgram(ctx.installkernel ?? 'installkernel', ctx.env)) === undefined) {
      return fail(
        error('tool-missing', `installkernel program not found: ${ctx.installkernel ?? 'installkernel (on PATH)'}`, {
          fix: 'pass --installkernel PATH (an executable taking VERSION IMAGE MAP DIR), or choose another --layout',
        }),
      );
    }
    return succeed([]);
  },
  afterCommit: async (ctx) => {
    const program = (await findProgram(ctx.installkernel ?? 'installkernel', ctx.env)) ?? 'installkernel';
    const handed = handOver(ctx);
    try {
      await mkdir(handed.dir, { recursive: true });
      await copyFile(ctx.kernel.image, handed.image);
      await copyFile(ctx.kernel.systemMap, handed.systemMap);
      if (ctx.kernel.initramfs !== undefined) await copyFile(ctx.kernel.initramfs, handed.initrd);
    } catch (e) {
      return fail(error('write-failed', `cannot prepare the files for installkernel in ${handed.dir}: ${String(e)}`));
    }
    const result = await run(program, handed.args(handed.image, handed.systemMap), {
      env: ctx.env,
      ...(ctx.logFile === undefined ? {} : { logFile: ctx.logFile }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    });
    if (result.failed) {
      return fail(
        commandDiagnostic('tool-failed', result, {
          message: `installkernel failed for ${ctx.kernel.version}; files it wrote itself are not undone`,
          fix: `check ${program}, then retry`,
        }),
      );
    }
    return succeed([]);
  },
  commands: async (ctx) => {
    const handed = handOver(ctx);
    return [formatCommand(ctx.installkernel ?? 'installkernel', handed.args(handed.image, handed.systemMap))];
  },
  imagePath: (ctx) => traditionalPaths(ctx.bootDir, ctx.kernel.version).image,
  installed: (root, bootDir) => installedTraditional(root, bootDir, 'installkernel'),
};
