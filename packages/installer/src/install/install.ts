/**
 * `distkernel install`: one kernel from an interim tree or a package onto a root, in one transaction.
 *
 * Order, chosen so that every failure before the last step leaves the root as it was:
 *   1. open the interim tree (unpacking and verifying a package);
 *   2. generate the initramfs into a scratch directory (a failing dracut touches nothing);
 *   3. ask the layout for its files, add /lib/modules/VER and /usr/src/linux-VER;
 *   4. run the preinst hooks; 5. stage and commit everything; 6. layout steps after the commit
 *      (grub-mkconfig, installkernel); 7. postinst hooks; any failure in 5-7 rolls the root back;
 *   8. delete what was replaced, except the `.old` files kept as the fallback kernel.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RootSpec } from '../config/safety.js';
import { error, fail, type InstallerDiagnostic, type Outcome, succeed } from '../diagnostics.js';
import type { InitramfsPlugin, InitramfsRequest } from '../initramfs/plugin.js';
import { INITRAMFS_GENERATORS } from '../initramfs/registry.js';
import { sourceDateEnv } from '../initramfs/stage.js';
import { type Interim, readInterim } from '../interim/manifest.js';
import { findHooks, type HookRun, runHooks } from '../layout/hooks.js';
import { readBootIdentity } from '../layout/identity.js';
import type { KernelArtifacts, LayoutContext, LayoutPlugin } from '../layout/plugin.js';
import { LAYOUTS } from '../layout/registry.js';
import { applyChanges, type Change, hostPath, type PlannedChange, planChanges } from '../layout/transaction.js';
import { unpackPackage } from '../package/package.js';
import { HEADERS_ROOT, MODULES_ROOT } from './system-paths.js';

export interface InstallRequest {
  /** An interim tree (`distkernel build --interim DIR`) or a package file (`distkernel package`). */
  readonly from: string;
  /** Target root; default '/'. */
  readonly root?: string;
  /** Boot directory inside the root; default '/boot'. */
  readonly bootDir?: string;
  /** Layout name (traditional, bls, uki, grub, installkernel) or plugin; default traditional. */
  readonly layout?: string | LayoutPlugin;
  /** 'auto' (default: the interim's initramfs if it has one, else dracut), 'interim', a generator name or plugin. */
  readonly initramfs?: string | InitramfsPlugin;
  readonly initramfsArgs?: readonly string[];
  /** Root filesystem and disk driver, checked when no initramfs is installed. */
  readonly rootSpec?: RootSpec;
  readonly cmdline?: string;
  readonly entryToken?: string;
  readonly installkernel?: string;
  readonly dryRun?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface InstallReport {
  readonly version: string;
  readonly root: string;
  readonly layout: string;
  /** 'interim', a generator name, or 'none'. */
  readonly initramfs: string;
  readonly dryRun: boolean;
  /** Every path written, replaced, kept as .old or removed (inside the root). */
  readonly changes: readonly PlannedChange[];
  /** External commands run (or, with dryRun, that would run). */
  readonly commands: readonly string[];
  /** Hooks run; with dryRun, the hooks that would run (exitCode undefined). */
  readonly hooks: readonly HookRun[];
}

export async function installKernel(request: InstallRequest): Promise<Outcome<InstallReport>> {
  const layout = typeof request.layout === 'object' ? request.layout : LAYOUTS.get(request.layout ?? 'traditional');
  if (layout === undefined) {
    return fail(
      error('usage', `unknown layout "${String(request.layout)}"`, {
        fix: `choose one of: ${[...LAYOUTS.keys()].join(', ')}`,
      }),
    );
  }
  const scratchDir = await mkdtemp(join(tmpdir(), 'distkernel-install-')).catch(() => undefined);
  if (scratchDir === undefined) {
    return fail(
      error('write-failed', `cannot create a scratch directory in ${tmpdir()}`, {
        fix: 'free space there, or set TMPDIR',
      }),
    );
  }
  try {
    return await installWithScratch(request, layout, scratchDir);
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

async function installWithScratch(
  request: InstallRequest,
  layout: LayoutPlugin,
  scratchDir: string,
): Promise<Outcome<InstallReport>> {
  const root = resolve(request.root ?? '/');
  const env = { ...process.env, ...request.env };
  const dryRun = request.dryRun ?? false;
  const common = {
    ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  const warnings: InstallerDiagnostic[] = [];

  const rootIsDir = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!rootIsDir)
    return fail(error('usage', `the root ${root} is not a directory`, { fix: 'pass an existing --root DIR' }));

  const opened = await openInterim(request.from, join(scratchDir, 'package'), common);
  if (!opened.ok) return opened;
  const interim = opened.value;
  const version = interim.manifest.version;

  const initrd = await prepareInitramfs(request, interim, scratchDir, env, dryRun);
  if (!initrd.ok) return initrd;
  warnings.push(...initrd.diagnostics);

  const { initramfs: _prebuilt, ...base } = interim.artifacts;
  const kernel: KernelArtifacts = initrd.value.path === undefined ? base : { ...base, initramfs: initrd.value.path };
  const identity = await readBootIdentity(root, {
    ...(request.cmdline === undefined ? {} : { cmdline: request.cmdline }),
    ...(request.entryToken === undefined ? {} : { entryToken: request.entryToken }),
  });
  const ctx: LayoutContext = {
    root,
    bootDir: request.bootDir ?? '/boot',
    kernel,
    identity,
    scratchDir,
    env,
    dryRun,
    ...(request.installkernel === undefined ? {} : { installkernel: request.installkernel }),
    ...common,
  };

  const layoutChanges = await layout.changes(ctx);
  if (!layoutChanges.ok) return fail(...warnings, ...layoutChanges.diagnostics);
  const changes: Change[] = [...systemChanges(interim), ...layoutChanges.value];

  const hookArgs = [version, hostPath(root, layout.imagePath(ctx))];
  const hookEnv = {
    ...env,
    DISTKERNEL_ROOT: root,
    DISTKERNEL_BOOT_DIR: hostPath(root, ctx.bootDir),
    DISTKERNEL_LAYOUT: layout.name,
    DISTKERNEL_VERSION: version,
  };
  const hooks = layout.runsHooks
    ? { preinst: [], postinst: [] }
    : { preinst: await findHooks(root, 'preinst'), postinst: await findHooks(root, 'postinst') };
  const commands = [
    ...(initrd.value.command === undefined ? [] : [initrd.value.command]),
    ...((await layout.commands?.(ctx)) ?? []),
  ];

  if (dryRun) {
    const planned = await planChanges(root, changes);
    return succeed(
      {
        version,
        root,
        layout: layout.name,
        initramfs: initrd.value.generator,
        dryRun,
        changes: planned,
        commands,
        hooks: (['preinst', 'postinst'] as const).flatMap((phase) =>
          hooks[phase].map((h) => ({ phase, name: h.name, path: h.path, exitCode: undefined })),
        ),
      },
      warnings,
    );
  }

  const pre = await runHooks(hooks.preinst, 'preinst', hookArgs, { env: hookEnv, ...common });
  if (!pre.ok) return fail(...warnings, ...pre.diagnostics);

  const applied = await applyChanges(root, changes);
  if (!applied.ok) return fail(...warnings, ...applied.diagnostics);
  const after = (await layout.afterCommit?.(ctx, applied.value)) ?? succeed([]);
  if (!after.ok) return fail(...warnings, ...after.diagnostics, ...(await applied.value.rollback()));
  warnings.push(...after.diagnostics);
  const post = await runHooks(hooks.postinst, 'postinst', hookArgs, { env: hookEnv, ...common });
  if (!post.ok) return fail(...warnings, ...post.diagnostics, ...(await applied.value.rollback()));
  warnings.push(...(await applied.value.finalize()));

  return succeed(
    {
      version,
      root,
      layout: layout.name,
      initramfs: initrd.value.generator,
      dryRun,
      changes: applied.value.planned,
      commands,
      hooks: [...pre.value, ...post.value],
    },
    warnings,
  );
}

/** The files every layout shares: the modules (with modules.dep) and the tree external modules build against. */
function systemChanges(interim: Interim): readonly Change[] {
  const { manifest, dir } = interim;
  return [
    { kind: 'tree', path: `${MODULES_ROOT}/${manifest.version}`, source: join(dir, manifest.modulesDir) },
    { kind: 'tree', path: `${HEADERS_ROOT}/linux-${manifest.version}`, source: join(dir, manifest.buildDir) },
  ];
}

async function openInterim(
  from: string,
  unpackDir: string,
  options: { readonly logFile?: string; readonly signal?: AbortSignal },
): Promise<Outcome<Interim>> {
  const info = await stat(from).catch(() => undefined);
  if (info === undefined) {
    return fail(
      error('file-unreadable', `${from} does not exist`, { fix: 'give an interim directory or a package file' }),
    );
  }
  return info.isDirectory() ? readInterim(from, { verify: true }) : unpackPackage(from, unpackDir, options);
}

interface PreparedInitramfs {
  readonly generator: string;
  readonly path: string | undefined;
  readonly command: string | undefined;
}

async function prepareInitramfs(
  request: InstallRequest,
  interim: Interim,
  scratchDir: string,
  env: Readonly<Record<string, string | undefined>>,
  dryRun: boolean,
): Promise<Outcome<PreparedInitramfs>> {
  const choice = request.initramfs ?? 'auto';
  const prebuilt = interim.artifacts.initramfs;
  if (choice === 'interim' || (choice === 'auto' && prebuilt !== undefined)) {
    if (prebuilt === undefined) {
      return fail(
        error('usage', `${interim.dir} has no initramfs`, {
          fix: 'run `distkernel initramfs` on it first, or pass --initramfs dracut',
        }),
      );
    }
    return succeed({ generator: 'interim', path: prebuilt, command: undefined });
  }
  const plugin = typeof choice === 'object' ? choice : INITRAMFS_GENERATORS.get(choice === 'auto' ? 'dracut' : choice);
  if (plugin === undefined) {
    return fail(
      error('usage', `unknown initramfs generator "${String(choice)}"`, {
        fix: `choose one of: auto, interim, ${[...INITRAMFS_GENERATORS.keys()].join(', ')}`,
      }),
    );
  }
  const { manifest, dir } = interim;
  const generatorRequest: InitramfsRequest = {
    version: manifest.version,
    modulesDir: join(dir, manifest.modulesDir),
    config: join(dir, manifest.config),
    output: join(scratchDir, `initramfs-${manifest.version}.img`),
    root: request.rootSpec ?? {},
    extraArgs: request.initramfsArgs ?? [],
    env: { ...sourceDateEnv(manifest), ...env },
    ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  const command = plugin.command(generatorRequest);
  // A dry run still enforces the generator's refusals (none checks the config), but writes no image.
  if (dryRun && command !== undefined)
    return succeed({ generator: plugin.name, path: generatorRequest.output, command });
  const generated = await plugin.generate(generatorRequest);
  if (!generated.ok) return generated;
  return succeed({ generator: plugin.name, path: generated.value, command }, generated.diagnostics);
}
