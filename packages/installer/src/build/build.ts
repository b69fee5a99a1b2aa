/**
 * `distkernel build`, GLEP 26 stage 2: from a configured build directory to an interim tree.
 *
 *   safety checks on BUILD/.config (nothing unbootable gets built);
 *   make -s kernelrelease (checked against --expect-release, as Gentoo checks it against the package);
 *   make -jN all, with progress on stderr and the full log in a file;
 *   make modules_install INSTALL_MOD_PATH=INTERIM, then depmod -b INTERIM (a binary kernel without
 *   modules.dep cannot load modules), image, System.map and config into INTERIM/boot, the external-module
 *   build tree into INTERIM/usr/src/linux-VER, and the manifest last.
 */
import { copyFile, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { configValue, configValues, readDotConfig } from '../config/dotconfig.js';
import { checkBootSafety, type RootSpec } from '../config/safety.js';
import { error, fail, hasErrors, type InstallerDiagnostic, type Outcome, succeed, warning } from '../diagnostics.js';
import { type InterimManifest, interimPaths, MANIFEST_NAME, writeManifest } from '../interim/manifest.js';
import { type CommandResult, commandDiagnostic, run } from '../process/run.js';
import { failedTarget } from './failure.js';
import { collectBuildTree } from './headers.js';
import { type MakeSettings, makeArgs, makeProgram, reproducibleEnv, sourceDateEpoch } from './make.js';
import { type BuildProgress, type BuildStageName, estimatePercent, isObjectLine } from './progress.js';

export interface BuildRequest extends MakeSettings {
  /** Where the build's results go (created; an earlier interim tree there is replaced). */
  readonly interimDir: string;
  /** Parallel jobs; default the number of CPUs. With distcc/icecream, use several times the cluster's cores. */
  readonly jobs?: number;
  /** Default: the mtime of the source tree's Makefile. */
  readonly sourceDateEpoch?: number;
  /** Refuse to build when `make kernelrelease` differs. */
  readonly expectRelease?: string;
  /** Whether an initramfs will be used; decides the safety checks. */
  readonly initramfs: boolean;
  readonly root?: RootSpec;
  /** Object count of a full build, for the progress estimate when no earlier build left one. */
  readonly expectedObjects?: number;
  readonly progress?: (progress: BuildProgress) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default BUILD/distkernel-build.log. */
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface BuildReport {
  readonly version: string;
  readonly interimDir: string;
  readonly manifest: InterimManifest;
  readonly objects: number;
  readonly logFile: string;
  readonly durationMs: number;
  readonly stages: readonly { readonly stage: BuildStageName; readonly ms: number }[];
}

/** Saved after a successful build: the next build's progress estimate. */
const STATS_FILE = '.distkernel-build-stats.json';

export async function buildKernel(request: BuildRequest): Promise<Outcome<BuildReport>> {
  const started = Date.now();
  const logFile = request.logFile ?? join(request.buildDir, 'distkernel-build.log');
  const epoch = request.sourceDateEpoch ?? (await sourceDateEpoch(request.sourceDir));
  const env = { ...process.env, ...request.env, ...reproducibleEnv(epoch) };
  const options = { env, logFile, ...(request.signal === undefined ? {} : { signal: request.signal }) };
  const make = makeProgram(request);
  const stages: { stage: BuildStageName; ms: number }[] = [];
  const report = (stage: BuildStageName, stageStart: number, objects = 0, expected?: number) => {
    stages.push({ stage, ms: Date.now() - stageStart });
    request.progress?.({
      stage,
      objects,
      ...(expected === undefined ? {} : { expected }),
      elapsedMs: Date.now() - started,
      done: true,
      percent: 100,
    });
  };

  const configText = await readFile(join(request.buildDir, '.config'), 'utf8').catch(() => undefined);
  if (configText === undefined) {
    return fail(
      error('no-config', `${request.buildDir}/.config does not exist`, {
        fix: 'run `distkernel config` for this build directory first',
      }),
    );
  }
  const config = readDotConfig(configText);
  const safety = checkBootSafety(configValues(config), { initramfs: request.initramfs, root: request.root ?? {} });
  if (hasErrors(safety)) return fail(...safety);
  const warnings: InstallerDiagnostic[] = [...safety];

  let stageStart = Date.now();
  const release = await run(make, makeArgs(request, ['kernelrelease'], { silent: true }), {
    ...options,
    capture: true,
  });
  const version = release.stdout.trim().split('\n').pop() ?? '';
  if (release.failed || version === '') {
    return fail(
      commandDiagnostic('build-failed', release, {
        message: 'make kernelrelease failed: the build directory is not configured',
      }),
    );
  }
  if (request.expectRelease !== undefined && version !== request.expectRelease) {
    return fail(
      error('kernelrelease-mismatch', `make kernelrelease says ${version}, expected ${request.expectRelease}`, {
        fix: 'set --localversion (LOCALVERSION) or CONFIG_LOCALVERSION so the release matches, or drop --expect-release',
      }),
    );
  }
  report('kernelrelease', stageStart);

  stageStart = Date.now();
  const expected = (await readStats(request.buildDir)) ?? request.expectedObjects;
  let objects = 0;
  const errorLines: string[] = [];
  const onLine = (line: string) => {
    if (line.includes('***')) errorLines.push(line);
    if (!isObjectLine(line)) return;
    objects++;
    const percent = estimatePercent(objects, expected);
    request.progress?.({
      stage: 'build',
      objects,
      ...(expected === undefined ? {} : { expected }),
      ...(percent === undefined ? {} : { percent }),
      elapsedMs: Date.now() - started,
      done: false,
    });
  };
  const jobs = await chooseJobs(request, env);
  warnings.push(...jobs.diagnostics);
  const build = await run(make, makeArgs(request, ['all'], { jobs: jobs.jobs }), { ...options, onLine });
  if (build.failed) return fail(buildFailure(build, errorLines));
  report('build', stageStart, objects, expected);
  await writeFile(join(request.buildDir, STATS_FILE), `${JSON.stringify({ objects })}\n`).catch(() => undefined);

  const imageName = await run(make, makeArgs(request, ['image_name'], { silent: true }), { ...options, capture: true });
  const image = join(request.buildDir, imageName.stdout.trim().split('\n').pop() ?? '');
  const systemMap = join(request.buildDir, 'System.map');
  for (const file of [image, systemMap]) {
    if (imageName.failed || !(await isFile(file))) {
      return fail(
        error('build-output-missing', `the build finished but ${file} is missing`, { fix: `read ${logFile}` }),
      );
    }
  }

  const prepared = await prepareInterimDir(request.interimDir);
  if (!prepared.ok) return prepared;
  const paths = interimPaths(version);
  const interim = (path: string) => join(request.interimDir, path);

  stageStart = Date.now();
  if (configValue(config, 'MODULES') === 'y') {
    const install = await run(
      make,
      makeArgs(request, ['modules_install'], { extra: [`INSTALL_MOD_PATH=${request.interimDir}`] }),
      options,
    );
    if (install.failed)
      return fail(commandDiagnostic('build-failed', install, { message: 'make modules_install failed' }));
  }
  try {
    await mkdir(interim(paths.modulesDir), { recursive: true });
    // modules_install links `build` to this machine's build directory; the interim tree carries its own.
    await rm(interim(`${paths.modulesDir}/build`), { force: true });
    await symlink(`../../../${paths.buildDir}`, interim(`${paths.modulesDir}/build`));
  } catch (e) {
    return fail(error('write-failed', `cannot write ${interim(paths.modulesDir)}: ${String(e)}`));
  }
  report('modules_install', stageStart);

  stageStart = Date.now();
  const depmod = await run('depmod', ['-b', request.interimDir, '-F', systemMap, version], options);
  if (depmod.failed) {
    return fail(
      commandDiagnostic('build-failed', depmod, {
        message: 'depmod failed: the modules would have no modules.dep',
        fix: 'install kmod (it provides depmod)',
      }),
    );
  }
  report('depmod', stageStart);

  stageStart = Date.now();
  try {
    await mkdir(interim('boot'), { recursive: true });
    await copyFile(image, interim(paths.image));
    await copyFile(systemMap, interim(paths.systemMap));
    await copyFile(join(request.buildDir, '.config'), interim(paths.config));
    await collectBuildTree(request.sourceDir, request.buildDir, request.arch ?? hostArch(), interim(paths.buildDir));
  } catch (e) {
    return fail(error('write-failed', `cannot fill the interim tree ${request.interimDir}: ${String(e)}`));
  }
  report('headers', stageStart);

  stageStart = Date.now();
  const manifest = await writeManifest(request.interimDir, {
    version,
    arch: request.arch ?? hostArch(),
    image: paths.image,
    systemMap: paths.systemMap,
    config: paths.config,
    initramfs: null,
    modulesDir: paths.modulesDir,
    buildDir: paths.buildDir,
    sourceDateEpoch: epoch,
  });
  if (!manifest.ok) return manifest;
  report('interim', stageStart);

  return succeed(
    {
      version,
      interimDir: request.interimDir,
      manifest: manifest.value,
      objects,
      logFile,
      durationMs: Date.now() - started,
      stages,
    },
    warnings,
  );
}

/**
 * -j: as asked; else, with distcc, what `distcc -j` suggests for the configured hosts; else the local CPUs
 * (icecream has no such query: its users should give -j, hence the warning).
 */
async function chooseJobs(
  request: BuildRequest,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ readonly jobs: number; readonly diagnostics: readonly InstallerDiagnostic[] }> {
  if (request.jobs !== undefined) return { jobs: request.jobs, diagnostics: [] };
  const local = availableParallelism();
  const wrapper = request.toolchain?.compilerWrapper;
  if (wrapper === 'distcc') {
    const suggested = await run('distcc', ['-j'], { env, capture: true });
    const jobs = Number(suggested.stdout.trim());
    if (!suggested.failed && Number.isInteger(jobs) && jobs > 0) return { jobs, diagnostics: [] };
  }
  if (wrapper === undefined) return { jobs: local, diagnostics: [] };
  return {
    jobs: local,
    diagnostics: [
      warning('usage', `building with ${wrapper} but only ${local} jobs (the local CPUs)`, {
        fix: 'pass -j N with N about the number of cores in the compile cluster',
      }),
    ],
  };
}

/** "make could not build fs/ext4/inode.o", the composed command message, and the log's tail. */
function buildFailure(result: CommandResult, errorLines: readonly string[]): InstallerDiagnostic {
  const target = failedTarget(errorLines);
  const what =
    target === undefined
      ? 'the kernel build failed'
      : `make could not build ${target.target}${target.rule === undefined ? '' : ` (${target.rule})`}`;
  return commandDiagnostic('build-failed', result, {
    message: `Build failed: ${what}`,
    fix: `the compiler's message is just above the make error lines; full log: ${result.logFile ?? 'not kept'}`,
  });
}

/** An interim directory is replaced only when it is empty or holds an earlier interim tree. */
async function prepareInterimDir(dir: string): Promise<Outcome<void>> {
  const entries = await readdir(dir).catch(() => undefined);
  if (entries !== undefined && entries.length > 0 && !entries.includes(MANIFEST_NAME)) {
    return fail(
      error('usage', `${dir} is not empty and is not an interim kernel tree: refusing to replace it`, {
        fix: 'choose an empty or new --interim directory',
      }),
    );
  }
  try {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return succeed(undefined);
  } catch (e) {
    return fail(error('write-failed', `cannot create ${dir}: ${String(e)}`));
  }
}

async function readStats(buildDir: string): Promise<number | undefined> {
  const text = await readFile(join(buildDir, STATS_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const objects: unknown = (JSON.parse(text) as { objects?: unknown }).objects;
    return typeof objects === 'number' && objects > 0 ? objects : undefined;
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function hostArch(): string {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : process.arch;
}
