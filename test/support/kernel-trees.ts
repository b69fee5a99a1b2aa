/**
 * The real kernel as oracle. Debian's linux-source trees are extracted into a cache, the C
 * scripts/kconfig/conf is built out of tree, and any make config target (allnoconfig, x86_64_defconfig,
 * olddefconfig on a given .config, randconfig with a seed, ...) runs in a private O= directory; conf is
 * deterministic, so its outputs are cached until the tree or the toolchain changes.
 *
 * make runs conf through a recording wrapper placed where make expects scripts/kconfig/conf: it keeps the
 * exact argv, cwd and environment conf got (srctree, SRCARCH, ARCH, CC, KERNELVERSION, CC_VERSION_TEXT,
 * RUSTC, ... all exported by the top Makefile) and conf's own stdout/stderr, apart from make's. Our loader
 * must run with that same environment (`confEnvironment`) to be comparable.
 *
 * Layout under the cache root (KCONFIG_SOLVE_CACHE, default ~/.cache/kconfig-solve/kernel: outside the clone,
 * so every clone on a machine, CI's fresh one included, shares one extraction, one conf build and one oracle
 * cache; anything missing is regenerated):
 *   linux-source-<v>/                 the extracted tree (marker file: which tarball it came from)
 *   build-<v>/scripts/kconfig/conf    the C conf, built with `make O=build-<v> build_config`
 *   oracle/<v>-<fingerprint>/<arch>/  environment/ (conf's cwd and environment.json) and one folder per target
 * Used by the kernel suites, scripts/kernel-tree.ts and scripts/bench.mjs.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import {
  type CommandResult,
  createLimiter,
  type Environment,
  type Limiter,
  runChecked,
  runCommand,
  withLock,
} from './process.js';

export type KernelVersion = '6.1' | '6.12';
export const KERNEL_VERSIONS: readonly KernelVersion[] = ['6.1', '6.12'];

export { createLimiter, type Limiter };

const TREE_MARKER = '.kconfig-solve-tree';
const BUILD_MARKER = '.kconfig-solve-build';
const RESULT_FILE = 'result.json';

/**
 * Where trees, builds and oracle outputs live: $KCONFIG_SOLVE_CACHE, else ~/.cache/kconfig-solve/kernel.
 * Not $XDG_CACHE_HOME: the test runner points that at a scratch folder for the CLI's $(shell) cache.
 */
export function cacheDir(): string {
  const override = process.env.KCONFIG_SOLVE_CACHE;
  return resolve(
    override !== undefined && override !== '' ? override : join(homedir(), '.cache', 'kconfig-solve', 'kernel'),
  );
}

export function tarballPath(version: KernelVersion): string {
  return `/usr/src/linux-source-${version}.tar.xz`;
}

// ---------------------------------------------------------------------------------------------------------------
// Host set-up: Debian packages, installed on demand when we are root (CI), a clear message otherwise

const isRoot = () => process.getuid?.() === 0;

async function missingPackages(packages: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of packages) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
    const status = await runCommand('dpkg-query', ['-W', '-f=${Status}', name], { env: baseEnvironment() });
    if (!status.stdout.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

async function installPackages(packages: readonly string[], why: string): Promise<void> {
  const missing = await missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (!isRoot()) throw new Error(`${why}; install it with: sudo ${command}`);
  mkdirSync(cacheDir(), { recursive: true });
  // Two suites may ask at once and dpkg has a single lock of its own: take turns.
  await withLock(join(cacheDir(), 'apt.lock'), async () => {
    const env = { ...baseEnvironment(), DEBIAN_FRONTEND: 'noninteractive' };
    if ((await missingPackages(missing)).length === 0) return;
    await runChecked('apt-get', ['update'], { env });
    await runChecked('apt-get', ['install', '-y', ...missing], { env });
  });
}

/** conf is built from C, lexer.l and parser.y. */
const BUILD_TOOLS: Readonly<Record<string, string>> = { gcc: 'gcc', make: 'make', flex: 'flex', bison: 'bison' };

async function ensureBuildTools(): Promise<void> {
  const missing: string[] = [];
  for (const [tool, pkg] of Object.entries(BUILD_TOOLS)) {
    const found = await runCommand('sh', ['-c', `command -v ${tool}`], { env: baseEnvironment() });
    if (found.exitCode !== 0) missing.push(pkg);
  }
  if (missing.length > 0) await installPackages([...missing, 'libc6-dev'], `building conf needs ${missing.join(', ')}`);
}

/**
 * What make and conf get from us: just enough to find the toolchain (rustup's proxies need HOME), never the
 * caller's CC, ARCH, CROSS_COMPILE or KCONFIG_* variables, so outputs depend only on the tree and the host.
 */
function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = { LC_ALL: 'C' };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'RUSTUP_HOME', 'CARGO_HOME', 'RUSTUP_TOOLCHAIN']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return env;
}

// ---------------------------------------------------------------------------------------------------------------
// Trees and the C conf

const pending = new Map<string, Promise<string>>();

/** One promise per key and process: concurrent callers in a worker share the work. */
function once(key: string, task: () => Promise<string>): Promise<string> {
  let promise = pending.get(key);
  if (!promise) {
    promise = task();
    pending.set(key, promise);
    promise.catch(() => pending.delete(key));
  }
  return promise;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function tarballStamp(version: KernelVersion): string {
  const tarball = tarballPath(version);
  const { size, mtimeMs } = statSync(tarball);
  return `${tarball} ${size} ${Math.trunc(mtimeMs)}\n`;
}

/**
 * The source tree of `version`, extracted whole (make needs its Makefiles and scripts) from Debian's tarball,
 * installing `linux-source-<v>` first if needed. Idempotent (marker file naming the tarball) and safe to call
 * from parallel workers (lock file; the tree appears by an atomic rename).
 */
export function ensureKernelTree(version: KernelVersion): Promise<string> {
  return once(`tree ${version}`, async () => {
    const root = cacheDir();
    const dir = join(root, `linux-source-${version}`);
    if (!existsSync(tarballPath(version))) {
      await installPackages(
        [`linux-source-${version}`],
        `the kernel ${version} sources (${tarballPath(version)}) are missing`,
      );
    }
    const stamp = tarballStamp(version);
    // A configured source tree makes every O= build fail ("source tree is not clean"): extract it again.
    const usable = () =>
      readText(join(dir, TREE_MARKER)) === stamp &&
      !existsSync(join(dir, '.config')) &&
      !existsSync(join(dir, 'include', 'config'));
    if (usable()) return dir;
    mkdirSync(root, { recursive: true });
    return withLock(join(root, `linux-source-${version}.lock`), async () => {
      if (usable()) return dir;
      const scratch = mkdtempSync(join(root, `.extract-${version}-`));
      try {
        await runChecked('tar', ['-I', 'xz -T0', '-xf', tarballPath(version), '-C', scratch], {
          env: baseEnvironment(),
        });
        const extracted = join(scratch, `linux-source-${version}`);
        if (!existsSync(join(extracted, 'Makefile'))) {
          throw new Error(`${tarballPath(version)} has no linux-source-${version}/Makefile`);
        }
        writeFileSync(join(extracted, TREE_MARKER), stamp);
        if (existsSync(dir)) renameSync(dir, join(scratch, 'stale'));
        renameSync(extracted, dir);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      return dir;
    });
  });
}

/**
 * Identifies what conf's outputs depend on besides its arguments: the tree (its tarball) and the toolchain
 * the Kconfig files probe ($(CC) version and options, ld, rustc, bindgen).
 */
export function treeFingerprint(version: KernelVersion): Promise<string> {
  return once(`fingerprint ${version}`, async () => {
    const src = await ensureKernelTree(version);
    const probe =
      'for t in gcc ld rustc bindgen; do command -v $t; $t --version 2>/dev/null | head -n 1; done; uname -m; true';
    const toolchain = await runCommand('sh', ['-c', probe], { env: baseEnvironment() });
    const hash = createHash('sha256')
      .update(readText(join(src, TREE_MARKER)) ?? '')
      .update(toolchain.stdout);
    return hash.digest('hex').slice(0, 12);
  });
}

function buildDir(version: KernelVersion): string {
  return join(cacheDir(), `build-${version}`);
}

/** Builds the C `scripts/kconfig/conf` out of tree (the source tree is never written to) and returns its path. */
export function ensureConf(version: KernelVersion): Promise<string> {
  return once(`conf ${version}`, async () => {
    const src = await ensureKernelTree(version);
    const stamp = await treeFingerprint(version);
    const build = buildDir(version);
    const conf = join(build, 'scripts', 'kconfig', 'conf');
    const built = () => readText(join(build, BUILD_MARKER)) === stamp && existsSync(conf);
    if (built()) return conf;
    return withLock(`${build}.lock`, async () => {
      if (built()) return conf;
      await ensureBuildTools();
      rmSync(build, { recursive: true, force: true });
      mkdirSync(build, { recursive: true });
      // build_config: scripts/kconfig/Makefile's target that builds conf without running it.
      await runChecked('make', ['--no-print-directory', '-C', src, `O=${build}`, 'build_config'], {
        env: baseEnvironment(),
      });
      writeFileSync(join(build, BUILD_MARKER), stamp);
      return conf;
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Architectures

export interface SrcArch {
  /** The directory under arch/ (what make calls SRCARCH). */
  readonly srcArch: string;
  /** The ARCH given to make. */
  readonly arch: string;
  /** Variables for make's command line: ARCH, and SUBARCH for um. */
  readonly makeVariables: Readonly<Record<string, string>>;
}

/** The top Makefile's ARCH -> SRCARCH aliases (every other ARCH is its own SRCARCH). */
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  i386: 'x86',
  x86_64: 'x86',
  sparc32: 'sparc',
  sparc64: 'sparc',
  parisc64: 'parisc',
  sh64: 'sh',
};

/**
 * How to run make for `arch`, an arch/ directory name or one of the Makefile's ARCH aliases (x86_64, i386,
 * sparc64, ...). um is built for a host architecture, SUBARCH (default: the host's `uname -m`); we pin x86,
 * the one arch/<subarch>/um that exists, so results do not depend on the host.
 */
export function archSpec(arch: string): SrcArch {
  const srcArch = ARCH_ALIASES[arch] ?? arch;
  const makeVariables: Record<string, string> = { ARCH: arch };
  if (srcArch === 'um') makeVariables.SUBARCH = 'x86';
  return { srcArch, arch, makeVariables };
}

/** Every arch/<dir> with a Kconfig, sorted; `make ARCH=<dir>` works for each of them. */
export function srcArches(srcDir: string): readonly SrcArch[] {
  return readdirSync(join(srcDir, 'arch'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(srcDir, 'arch', entry.name, 'Kconfig')))
    .map((entry) => archSpec(entry.name))
    .sort((a, b) => a.srcArch.localeCompare(b.srcArch));
}

// ---------------------------------------------------------------------------------------------------------------
// Running make with the recording conf

/** One run of conf inside a make target (tinyconfig runs it twice). */
export interface ConfInvocation {
  /** Arguments after the program name, e.g. `['--allnoconfig', 'Kconfig']`. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The program make finds as scripts/kconfig/conf: it writes argv, cwd and environment to `.oracle/<n>.*`
 * in the O= dir, then (unless `recordOnly`) runs the real conf, keeping its output apart and replaying it.
 */
function recorderScript(records: string, realConf: string | undefined): string {
  const run =
    realConf === undefined
      ? 'echo 0 > "$d/$n.exit"\nexit 0'
      : [
          `${quote(realConf)} "$@" > "$d/$n.stdout" 2> "$d/$n.stderr"`,
          'rc=$?',
          'echo $rc > "$d/$n.exit"',
          'cat "$d/$n.stdout"',
          'cat "$d/$n.stderr" >&2',
          'exit $rc',
        ].join('\n');
  return [
    '#!/bin/sh',
    '# Written by test/support/kernel-trees.ts: records how make runs conf.',
    `d=${quote(records)}`,
    'n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))',
    'echo $n > "$d/count"',
    'pwd > "$d/$n.cwd"',
    'env -0 > "$d/$n.env"',
    `printf '%s\\0' "$@" > "$d/$n.argv"`,
    run,
    '',
  ].join('\n');
}

/**
 * Makes `objtree` a build directory where conf is already built (copied from build-<v> with its timestamps,
 * so make sees it up to date) and is the recording wrapper.
 */
async function prepareObjtree(version: KernelVersion, objtree: string, recordOnly: boolean): Promise<void> {
  const conf = await ensureConf(version);
  mkdirSync(join(objtree, '.oracle'), { recursive: true });
  await copyBuiltConf(version, objtree, recorderScript(join(objtree, '.oracle'), recordOnly ? undefined : conf));
}

/** Copies the built scripts/basic and scripts/kconfig into `objtree`; `program` (a script) replaces conf. */
async function copyBuiltConf(version: KernelVersion, objtree: string, program?: string): Promise<void> {
  await ensureConf(version);
  const build = buildDir(version);
  mkdirSync(join(objtree, 'scripts'), { recursive: true });
  const sources = ['basic', 'kconfig'].map((d) => join(build, 'scripts', d));
  await runChecked('cp', ['-a', ...sources, join(objtree, 'scripts')], { env: baseEnvironment() });
  if (program === undefined) return;
  const conf = join(objtree, 'scripts', 'kconfig', 'conf');
  rmSync(conf);
  writeFileSync(conf, program, { mode: 0o755 });
}

function readInvocations(objtree: string): ConfInvocation[] {
  const records = join(objtree, '.oracle');
  const count = Number.parseInt(readText(join(records, 'count')) ?? '0', 10);
  const invocations: ConfInvocation[] = [];
  for (let n = 1; n <= count; n++) {
    const file = (ext: string) => readText(join(records, `${n}.${ext}`)) ?? '';
    const env: Record<string, string> = {};
    for (const entry of file('env').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    invocations.push({
      argv: file('argv').split('\0').slice(0, -1),
      cwd: file('cwd').trimEnd(),
      env,
      exitCode: Number.parseInt(file('exit'), 10),
      stdout: file('stdout'),
      stderr: file('stderr'),
    });
  }
  return invocations;
}

async function runMake(
  version: KernelVersion,
  arch: string,
  objtree: string,
  target: string,
  env: Environment,
): Promise<CommandResult> {
  const src = await ensureKernelTree(version);
  const variables = Object.entries(archSpec(arch).makeVariables).map(([name, value]) => `${name}=${value}`);
  return runCommand('make', ['--no-print-directory', '-C', src, `O=${objtree}`, ...variables, target], { env });
}

/** <cache>/oracle/<v>-<fingerprint>/<arch> */
async function oracleDir(version: KernelVersion, arch: string): Promise<string> {
  if (!/^[\w.-]+$/.test(arch)) throw new Error(`not an architecture name: ${arch}`);
  return join(cacheDir(), 'oracle', `${version}-${await treeFingerprint(version)}`, arch);
}

// ---------------------------------------------------------------------------------------------------------------
// The environment conf gets

export interface ConfEnvironment {
  readonly version: KernelVersion;
  readonly arch: string;
  readonly srcArch: string;
  /** The source tree (make's $(srctree), as exported). */
  readonly srctree: string;
  /** The C conf. */
  readonly conf: string;
  /** The directory conf ran in: an O= build directory holding nothing Kconfig reads. Run our loader here. */
  readonly cwd: string;
  /** conf's arguments for allnoconfig, e.g. `['--allnoconfig', 'Kconfig']`: the top file is relative. */
  readonly argv: readonly string[];
  /** The whole environment conf got. */
  readonly env: Readonly<Record<string, string>>;
  /** The part make added or changed (srctree, SRCARCH, ARCH, CC, LD, KERNELVERSION, CC_VERSION_TEXT, ...). */
  readonly exported: Readonly<Record<string, string>>;
}

/**
 * The exact environment and working directory `make ARCH=<arch> allnoconfig` gives conf, captured once per
 * tree, toolchain and arch (make runs the recording wrapper alone, not conf).
 */
export async function confEnvironment(version: KernelVersion, arch: string): Promise<ConfEnvironment> {
  const dir = await oracleDir(version, arch);
  const cwd = join(dir, 'environment');
  const file = join(cwd, 'environment.json');
  const cached = readText(file);
  if (cached !== undefined) return JSON.parse(cached) as ConfEnvironment;
  mkdirSync(dir, { recursive: true });
  return withLock(join(dir, 'environment.lock'), async () => {
    const again = readText(file);
    if (again !== undefined) return JSON.parse(again) as ConfEnvironment;
    rmSync(cwd, { recursive: true, force: true });
    await prepareObjtree(version, cwd, true);
    const base = baseEnvironment();
    const make = await runMake(version, arch, cwd, 'allnoconfig', base);
    const [invocation] = readInvocations(cwd);
    if (make.exitCode !== 0 || invocation === undefined) {
      throw new Error(`make did not run conf (exit code ${make.exitCode}): ${make.command}\n${make.stderr}`);
    }
    const exported = Object.fromEntries(Object.entries(invocation.env).filter(([name, value]) => base[name] !== value));
    const environment: ConfEnvironment = {
      version,
      arch,
      srcArch: archSpec(arch).srcArch,
      srctree: invocation.env.srctree ?? (await ensureKernelTree(version)),
      conf: await ensureConf(version),
      cwd: invocation.cwd,
      argv: invocation.argv,
      env: invocation.env,
      exported,
    };
    // Leave conf's cwd as empty as conf found it: nothing in it may shadow a file of the tree.
    rmSync(join(cwd, 'scripts'), { recursive: true, force: true });
    rmSync(join(cwd, '.oracle'), { recursive: true, force: true });
    writeFileSync(file, `${JSON.stringify(environment, null, 1)}\n`);
    return environment;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Oracle outputs

export interface ConfRunOptions {
  /** The .config conf starts from (olddefconfig, savedefconfig, oldconfig, ...). */
  readonly input?: string;
  /** KCONFIG_SEED for randconfig. */
  readonly seed?: number | string;
  /** More environment for make and conf (KCONFIG_ALLCONFIG, KCONFIG_PROBABILITY, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Files to write into the O= directory first, by relative path (e.g. a KCONFIG_ALLCONFIG preset). */
  readonly files?: Readonly<Record<string, string>>;
}

export interface ConfResult {
  readonly version: KernelVersion;
  readonly arch: string;
  readonly target: string;
  /** The .config after the run ('' when conf wrote none). */
  readonly config: string;
  /** The file savedefconfig writes (`defconfig`), for that target only. */
  readonly defconfig?: string;
  /** conf's own output (every conf run of the target, in order), without make's. */
  readonly stdout: string;
  readonly stderr: string;
  /** The last conf run's exit code; make's when make failed before running conf. */
  readonly exitCode: number;
  readonly invocations: readonly ConfInvocation[];
  readonly make: Pick<CommandResult, 'command' | 'exitCode' | 'stdout' | 'stderr'>;
  readonly durationMs: number;
  /** True when read from the cache rather than produced by this call. */
  readonly cached: boolean;
}

function optionsKey(target: string, options: ConfRunOptions): string {
  const safe = target.replaceAll(/[^\w.+-]/g, '_');
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  if (given.length === 0) return safe;
  const canonical = (value: unknown): unknown =>
    value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value;
  const text = JSON.stringify(given.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  return `${safe}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

function writeInside(root: string, relative: string, content: string): void {
  const path = normalize(join(root, relative));
  if (isAbsolute(relative) || !path.startsWith(`${root}/`))
    throw new Error(`not a path inside the O= dir: ${relative}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/**
 * Runs `make ARCH=<arch> <target>` (allnoconfig, allyesconfig, allmodconfig, alldefconfig, <name>_defconfig,
 * savedefconfig, olddefconfig, randconfig, tinyconfig, ...) in a private O= directory and returns what conf
 * produced. Cached per tree fingerprint, arch, target and options; regenerated whenever missing.
 */
export async function confConfig(
  version: KernelVersion,
  arch: string,
  target: string,
  options: ConfRunOptions = {},
): Promise<ConfResult> {
  const dir = await oracleDir(version, arch);
  const final = join(dir, optionsKey(target, options));
  const cached = readText(join(final, RESULT_FILE));
  if (cached !== undefined) return { ...(JSON.parse(cached) as ConfResult), cached: true };

  mkdirSync(dir, { recursive: true });
  const objtree = mkdtempSync(join(dir, '.run-'));
  try {
    await prepareObjtree(version, objtree, false);
    const configName = options.env?.KCONFIG_CONFIG ?? '.config';
    if (options.input !== undefined) writeInside(objtree, configName, options.input);
    for (const [path, content] of Object.entries(options.files ?? {})) writeInside(objtree, path, content);
    const env: Record<string, string> = { ...baseEnvironment(), ...options.env };
    if (options.seed !== undefined) env.KCONFIG_SEED = String(options.seed);

    const started = performance.now();
    const make = await runMake(version, arch, objtree, target, env);
    const durationMs = Math.round(performance.now() - started);
    const invocations = readInvocations(objtree);
    const last = invocations.at(-1);
    const defconfig = target === 'savedefconfig' ? readText(join(objtree, 'defconfig')) : undefined;
    const result: ConfResult = {
      version,
      arch,
      target,
      config: readText(resolve(objtree, configName)) ?? '',
      ...(defconfig !== undefined ? { defconfig } : {}),
      stdout: invocations.map((i) => i.stdout).join(''),
      stderr: last ? invocations.map((i) => i.stderr).join('') : make.stderr,
      exitCode: last ? last.exitCode : make.exitCode,
      invocations,
      make: { command: make.command, exitCode: make.exitCode, stdout: make.stdout, stderr: make.stderr },
      durationMs,
      cached: false,
    };
    // Publish by rename so a parallel reader never sees half a result; the first writer wins.
    const staged = mkdtempSync(join(dir, '.result-'));
    writeFileSync(join(staged, 'config'), result.config);
    writeFileSync(join(staged, RESULT_FILE), `${JSON.stringify(result)}\n`);
    try {
      renameSync(staged, final);
    } catch {
      rmSync(staged, { recursive: true, force: true });
    }
    return result;
  } finally {
    rmSync(objtree, { recursive: true, force: true });
  }
}

export interface MakeRun {
  /** The .config after the last target ('' when none was written). */
  readonly config: string;
  /** make's output for every target in order, the O= directory written as `$(O)`. */
  readonly stdout: string;
  readonly stderr: string;
  /** The first failing target's exit code, else 0. */
  readonly exitCode: number;
  /** include/config/: its files (the touch files, auto.conf and auto.conf.cmd), sorted, and auto.conf's text. */
  readonly includeConfig: readonly string[];
  readonly autoconf: string;
}

/**
 * Runs `make ARCH=<arch> <target>` for each of `targets` in turn in one fresh O= directory, where conf is the
 * real one, built, or `program` (a script's text, e.g. a drop-in replacement). Nothing is cached or recorded:
 * this is make as a user runs it, for comparing whole make runs.
 */
export async function makeTargets(
  version: KernelVersion,
  arch: string,
  targets: readonly string[],
  program?: string,
): Promise<MakeRun> {
  const root = join(cacheDir(), 'make');
  mkdirSync(root, { recursive: true });
  const objtree = mkdtempSync(join(root, `${version}-${arch}-`));
  try {
    await copyBuiltConf(version, objtree, program);
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const target of targets) {
      const make = await runMake(version, arch, objtree, target, baseEnvironment());
      stdout += make.stdout.replaceAll(objtree, '$(O)');
      stderr += make.stderr.replaceAll(objtree, '$(O)');
      exitCode = make.exitCode;
      if (exitCode !== 0) break;
    }
    const includeConfig = join(objtree, 'include/config');
    return {
      config: readText(join(objtree, '.config')) ?? '',
      stdout,
      stderr,
      exitCode,
      includeConfig: existsSync(includeConfig) ? readdirSync(includeConfig).sort() : [],
      autoconf: readText(join(includeConfig, 'auto.conf')) ?? '',
    };
  } finally {
    rmSync(objtree, { recursive: true, force: true });
  }
}

/** `CONFIG_X=...` and `# CONFIG_X is not set` lines of a .config: the symbols conf wrote, in order. */
export function configSymbols(config: string): string[] {
  const names: string[] = [];
  for (const line of config.split('\n')) {
    const match = /^CONFIG_(\w+)=|^# CONFIG_(\w+) is not set$/.exec(line);
    const name = match?.[1] ?? match?.[2];
    if (name !== undefined) names.push(name);
  }
  return names;
}
