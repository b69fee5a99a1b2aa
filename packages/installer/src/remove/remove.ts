/**
 * `distkernel remove` and `--prune`: deleting installed kernels without ever making the machine unbootable.
 * Two rules hold whatever is asked: the running kernel (uname -r) is never removed, and neither is the last
 * bootable kernel of the root. A refused request removes nothing. Removal is one transaction, and a grub.cfg
 * is regenerated inside it so the menu never lists a deleted kernel.
 */
import { readdir } from 'node:fs/promises';
import { release } from 'node:os';
import { posix, resolve } from 'node:path';
import { error, fail, type InstallerDiagnostic, type Outcome, succeed } from '../diagnostics.js';
import { HEADERS_ROOT, MODULES_ROOT } from '../install/system-paths.js';
import { blsLayout } from '../layout/bls.js';
import { regenerateGrubConfig } from '../layout/grub.js';
import type { InstalledKernel } from '../layout/plugin.js';
import { traditionalLayout } from '../layout/traditional.js';
import { applyChanges, type Change, hostPath, type PlannedChange, planChanges } from '../layout/transaction.js';
import { ukiLayout } from '../layout/uki.js';
import { compareVersions } from './versions.js';

/** Everything installed for one version, across layouts. */
export interface InstalledVersion {
  readonly version: string;
  readonly bootable: boolean;
  readonly layouts: readonly string[];
  readonly paths: readonly string[];
}

export interface RemoveRequest {
  readonly root?: string;
  readonly bootDir?: string;
  /** Versions to remove. */
  readonly versions?: readonly string[];
  /** Prune instead: keep the newest `keep` bootable kernels (and the running one), remove the others. */
  readonly keep?: number;
  /** The running kernel's release; default uname -r of this machine. */
  readonly runningRelease?: string;
  readonly dryRun?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface RemoveReport {
  readonly root: string;
  readonly removed: readonly string[];
  readonly kept: readonly string[];
  readonly changes: readonly PlannedChange[];
  readonly dryRun: boolean;
}

/** The kernels installed under a root, newest first, whatever layout installed them. */
export async function listInstalledKernels(root: string, bootDir = '/boot'): Promise<readonly InstalledVersion[]> {
  const found: InstalledKernel[] = [];
  // grub and installkernel use the traditional names, so three scans cover every layout.
  for (const layout of [traditionalLayout, blsLayout, ukiLayout])
    found.push(...(await layout.installed(root, bootDir)));
  for (const name of await readdir(hostPath(root, MODULES_ROOT)).catch(() => [] as string[])) {
    found.push({ version: name, layout: 'modules', bootable: false, paths: [posix.join(MODULES_ROOT, name)] });
  }
  // /usr/src also holds source tarballs and distribution configs: only a version already found elsewhere
  // claims its linux-VER tree.
  const versions = new Set(found.map((k) => k.version));
  for (const name of await readdir(hostPath(root, HEADERS_ROOT)).catch(() => [] as string[])) {
    const version = name.slice('linux-'.length);
    if (name.startsWith('linux-') && versions.has(version)) {
      found.push({ version, layout: 'modules', bootable: false, paths: [posix.join(HEADERS_ROOT, name)] });
    }
  }
  const byVersion = new Map<string, InstalledVersion>();
  for (const kernel of found) {
    const seen = byVersion.get(kernel.version);
    byVersion.set(kernel.version, {
      version: kernel.version,
      bootable: (seen?.bootable ?? false) || kernel.bootable,
      layouts: [...new Set([...(seen?.layouts ?? []), kernel.layout])],
      paths: [...new Set([...(seen?.paths ?? []), ...kernel.paths])],
    });
  }
  return [...byVersion.values()].sort((a, b) => compareVersions(b.version, a.version));
}

export async function removeKernels(request: RemoveRequest): Promise<Outcome<RemoveReport>> {
  const root = resolve(request.root ?? '/');
  const bootDir = request.bootDir ?? '/boot';
  const running = request.runningRelease ?? release();
  const installed = await listInstalledKernels(root, bootDir);

  const chosen = choose(installed, request, running);
  if (!chosen.ok) return chosen;
  const removed = chosen.value;
  const kept = installed.filter((k) => !removed.includes(k.version)).map((k) => k.version);
  const changes: Change[] = installed
    .filter((k) => removed.includes(k.version))
    .flatMap((k) => k.paths.map((path): Change => ({ kind: 'remove', path })));

  const dryRun = request.dryRun ?? false;
  if (dryRun || changes.length === 0) {
    return succeed({ root, removed, kept, changes: await planChanges(root, changes), dryRun });
  }
  const applied = await applyChanges(root, changes);
  if (!applied.ok) return applied;
  const env = { ...process.env, ...request.env };
  const grub = await regenerateGrubConfig(
    {
      root,
      bootDir,
      env,
      ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    },
    applied.value,
  );
  if (!grub.ok) return fail(...grub.diagnostics, ...(await applied.value.rollback()));
  // Not configured for grub is the normal case here, not worth a warning.
  const warnings = grub.diagnostics.filter((d) => d.code !== 'tool-missing');
  warnings.push(...(await applied.value.finalize()));
  return succeed({ root, removed, kept, changes: applied.value.planned, dryRun }, warnings);
}

/** The versions to remove, or the refusal that protects the running and the last bootable kernel. */
function choose(
  installed: readonly InstalledVersion[],
  request: RemoveRequest,
  running: string,
): Outcome<readonly string[]> {
  if (request.keep !== undefined) {
    if (!Number.isInteger(request.keep) || request.keep < 1) {
      return fail(error('usage', `--keep must be a whole number of at least 1, not ${request.keep}`));
    }
    // Keep the newest `keep` bootable kernels; the running one is kept on top of them.
    const keep = new Set(
      installed
        .filter((k) => k.bootable)
        .slice(0, request.keep)
        .map((k) => k.version),
    );
    keep.add(running);
    return succeed(installed.filter((k) => !keep.has(k.version)).map((k) => k.version));
  }
  const versions = request.versions ?? [];
  if (versions.length === 0)
    return fail(error('usage', 'nothing to remove', { fix: 'name versions to remove, or use --prune --keep N' }));
  const problems: InstallerDiagnostic[] = [];
  for (const version of versions) {
    if (!installed.some((k) => k.version === version)) {
      problems.push(
        error('not-installed', `${version} is not installed`, {
          fix: `installed: ${installed.map((k) => k.version).join(', ') || 'none'}`,
        }),
      );
    }
    if (version === running) {
      problems.push(
        error('remove-running', `refusing to remove ${version}: it is the running kernel (uname -r)`, {
          fix: 'boot another kernel first',
        }),
      );
    }
  }
  const bootableLeft = installed.filter((k) => k.bootable && !versions.includes(k.version));
  if (bootableLeft.length === 0 && installed.some((k) => k.bootable)) {
    problems.push(
      error('remove-last', `refusing to remove ${versions.join(', ')}: no bootable kernel would be left`, {
        fix: 'install another kernel first',
      }),
    );
  }
  return problems.length > 0 ? fail(...problems) : succeed(versions);
}
