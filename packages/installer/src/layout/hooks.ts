/**
 * The installkernel plugin directories: executables in /etc/kernel/{preinst,postinst}.d and
 * /usr/lib/kernel/{preinst,postinst}.d of the target root, run in name order with `VERSION IMAGE`.
 * A name present in both directories runs once, from /etc (the admin's override of the vendor's).
 * Exit status 77 ends the chain successfully (the convention of Gentoo's installkernel and kernel-install),
 * any other non-zero status fails the install.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, type Outcome, succeed } from '../diagnostics.js';
import { commandDiagnostic, run } from '../process/run.js';
import { hostPath } from './transaction.js';

export type HookPhase = 'preinst' | 'postinst';

export const HOOK_DIRS = ['/usr/lib/kernel', '/etc/kernel'] as const;

/** The exit status that stops the chain and counts as success. */
export const STOP_CHAIN = 77;

export interface Hook {
  readonly name: string;
  /** Host path of the executable. */
  readonly path: string;
}

export interface HookRun {
  readonly phase: HookPhase;
  readonly name: string;
  readonly path: string;
  readonly exitCode: number | undefined;
}

/** Executables of one phase, /etc winning over /usr/lib on the same name, sorted by name. */
export async function findHooks(root: string, phase: HookPhase): Promise<readonly Hook[]> {
  const byName = new Map<string, Hook>();
  for (const base of HOOK_DIRS) {
    const dir = hostPath(root, `${base}/${phase}.d`);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      // Skip what package managers and editors leave behind, as run-parts does.
      if (name.startsWith('.') || name.endsWith('~') || /\.dpkg-|\.rpm(new|save)$/.test(name)) continue;
      const path = join(dir, name);
      if (await isExecutableFile(path)) byName.set(name, { name, path });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface HookOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

/** Runs a chain until it ends, a hook exits 77 (success) or a hook fails (failure naming it). */
export async function runHooks(
  hooks: readonly Hook[],
  phase: HookPhase,
  args: readonly string[],
  options: HookOptions,
): Promise<Outcome<readonly HookRun[]>> {
  const runs: HookRun[] = [];
  for (const hook of hooks) {
    const result = await run(hook.path, args, {
      env: options.env,
      ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    runs.push({ phase, name: hook.name, path: hook.path, exitCode: result.exitCode });
    if (result.exitCode === STOP_CHAIN) break;
    if (result.failed) {
      return fail(
        commandDiagnostic('plugin-failed', result, {
          message: `${phase} plugin ${hook.name} failed`,
          fix: `fix or remove ${hook.path} (exit 77 skips the remaining plugins), then retry`,
        }),
      );
    }
  }
  return succeed(runs);
}

async function isExecutableFile(path: string): Promise<boolean> {
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  return (
    isFile &&
    access(path, constants.X_OK).then(
      () => true,
      () => false,
    )
  );
}
