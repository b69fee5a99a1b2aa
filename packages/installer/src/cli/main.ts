/**
 * The distkernel command line: a thin layer over the library. Each command parses its options into one
 * library request, prints the report (or, with --json, `{ ok, value, diagnostics }` on stdout) and turns the
 * outcome into an exit status: 0 done, 1 refused or failed, 2 bad usage. Diagnostics go to stderr; so does
 * build progress. Ctrl-C cancels the running step through an AbortSignal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { locateInstalledKernel } from '../boot-test/locate.js';
import { type BootTestReport, bootTest } from '../boot-test/qemu.js';
import { DEFAULT_MARKER, makeRootImage } from '../boot-test/root-image.js';
import { buildKernel } from '../build/build.js';
import type { MakeSettings, Toolchain } from '../build/make.js';
import { formatElapsed, progressPrinter } from '../build/progress.js';
import type { RootSpec } from '../config/safety.js';
import { kernelToolsResolver } from '../config/kernel-tools.js';
import type { ConfigResolver } from '../config/resolver.js';
import { solverResolver } from '../config/solver.js';
import { configureKernel } from '../config/stage.js';
import { error, fail, formatInstallerDiagnostic, type Outcome, succeed } from '../diagnostics.js';
import { generateInitramfs } from '../initramfs/stage.js';
import { installKernel } from '../install/install.js';
import { readInterim } from '../interim/manifest.js';
import type { PlannedChange } from '../layout/transaction.js';
import { createPackage } from '../package/package.js';
import { removeKernels } from '../remove/remove.js';
import { HELP, USAGE } from './help.js';

type Values = Record<string, string | boolean | string[] | undefined>;

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

interface CommandSpec<T> {
  readonly options: Options;
  readonly run: (values: Values, positionals: readonly string[], signal: AbortSignal) => Promise<Outcome<T>>;
  /** Human-readable lines for a successful report. */
  readonly print: (value: T) => readonly string[];
}

interface Command {
  readonly options: Options;
  /** Runs, reports, and returns the exit status. */
  readonly execute: (
    name: string,
    values: Values,
    positionals: readonly string[],
    signal: AbortSignal,
  ) => Promise<number>;
}

function command<T>(spec: CommandSpec<T>): Command {
  return {
    options: spec.options,
    execute: async (name, values, positionals, signal) => {
      const outcome = await spec.run(values, positionals, signal);
      if (values.json === true) {
        process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
      } else {
        for (const d of outcome.diagnostics)
          process.stderr.write(`distkernel ${name}: ${formatInstallerDiagnostic(d)}\n`);
        if (outcome.ok) for (const line of spec.print(outcome.value)) process.stdout.write(`${line}\n`);
      }
      if (outcome.ok) return 0;
      return outcome.diagnostics.some((d) => d.code === 'usage') ? 2 : 1;
    },
  };
}

const json = { type: 'boolean' } as const;
const str = { type: 'string' } as const;
const list = { type: 'string', multiple: true } as const;
const flag = { type: 'boolean' } as const;

const MAKE_OPTIONS = {
  source: str,
  'build-dir': str,
  arch: str,
  cc: str,
  ld: str,
  hostcc: str,
  'cross-compile': str,
  llvm: flag,
  distcc: flag,
  icecream: flag,
  make: str,
  localversion: str,
} as const;
/** `distkernel config --resolver NAME`: our solver (the default), or the kernel's own tools to compare. */
const RESOLVERS: readonly ConfigResolver[] = [solverResolver, kernelToolsResolver];
const ROOT_OPTIONS = { 'root-fs': str, 'root-device': str } as const;
const COMMON = { json, log: str, help: flag } as const;

const COMMANDS: Readonly<Record<string, Command>> = {
  config: command({
    options: {
      ...COMMON,
      ...MAKE_OPTIONS,
      ...ROOT_OPTIONS,
      savedconfig: str,
      base: str,
      defconfig: str,
      fragment: list,
      initramfs: str,
      strict: flag,
      resolver: str,
    },
    run: async (v, _p, signal) => {
      const make = makeSettings(v);
      if (!make.ok) return make;
      const name = text(v.resolver) ?? 'solver';
      const resolver = RESOLVERS.find((r) => r.name === name);
      if (resolver === undefined)
        return fail(error('usage', `--resolver must be ${RESOLVERS.map((r) => r.name).join(' or ')}, not ${name}`));
      return configureKernel({
        ...make.value,
        resolver,
        ...optional('savedconfig', text(v.savedconfig)),
        ...optional('distributionConfig', text(v.base)),
        ...optional('defconfig', text(v.defconfig)),
        fragments: strings(v.fragment),
        initramfs: text(v.initramfs) !== 'none',
        root: rootSpec(v),
        strict: v.strict === true,
        ...optional('logFile', text(v.log)),
        signal,
      });
    },
    print: (r) => [
      `config: ${r.configFile} (${r.base}${r.fragments.length > 0 ? ` + ${r.fragments.length} fragment(s)` : ''}, resolved by ${r.resolver})`,
      `config sha256: ${r.configSha256}`,
      `requested values: ${r.requested.length}, not taken: ${r.notTaken.length}`,
    ],
  }),
  build: command({
    options: {
      ...COMMON,
      ...MAKE_OPTIONS,
      ...ROOT_OPTIONS,
      interim: str,
      jobs: { type: 'string', short: 'j' },
      'expect-release': str,
      'source-date-epoch': str,
      'expected-objects': str,
      initramfs: str,
      quiet: flag,
    },
    run: async (v, _p, signal) => {
      const make = makeSettings(v);
      if (!make.ok) return make;
      const interimDir = required(v, 'interim');
      if (!interimDir.ok) return interimDir;
      const jobs = count(v.jobs, 'jobs');
      const epoch = count(v['source-date-epoch'], 'source-date-epoch', 0);
      const expected = count(v['expected-objects'], 'expected-objects');
      for (const n of [jobs, epoch, expected]) if (!n.ok) return n;
      return buildKernel({
        ...make.value,
        interimDir: resolve(interimDir.value),
        ...optional('jobs', jobs.ok ? jobs.value : undefined),
        ...optional('sourceDateEpoch', epoch.ok ? epoch.value : undefined),
        ...optional('expectedObjects', expected.ok ? expected.value : undefined),
        ...optional('expectRelease', text(v['expect-release'])),
        initramfs: text(v.initramfs) !== 'none',
        root: rootSpec(v),
        ...optional('logFile', text(v.log)),
        ...(v.quiet === true ? {} : { progress: progressPrinter(process.stderr) }),
        signal,
      });
    },
    print: (r) => [
      `built ${r.version} in ${formatElapsed(r.durationMs)} (${r.objects} objects)`,
      `interim tree: ${r.interimDir}`,
      `log: ${r.logFile}`,
      ...r.stages.map((s) => `  ${s.stage.padEnd(16)} ${formatElapsed(s.ms)}`),
    ],
  }),
  initramfs: command({
    options: { ...COMMON, ...ROOT_OPTIONS, interim: str, generator: str, 'dracut-arg': list },
    run: async (v, _p, signal) => {
      const interimDir = required(v, 'interim');
      if (!interimDir.ok) return interimDir;
      return generateInitramfs({
        interimDir: interimDir.value,
        generator: text(v.generator) ?? 'dracut',
        extraArgs: strings(v['dracut-arg']),
        root: rootSpec(v),
        ...optional('logFile', text(v.log)),
        signal,
      });
    },
    print: (r) => [
      r.initramfs === null
        ? `${r.version}: no initramfs (${r.generator})`
        : `${r.version}: ${r.initramfs} (${r.generator})`,
    ],
  }),
  install: command({
    options: {
      ...COMMON,
      ...ROOT_OPTIONS,
      root: str,
      'boot-dir': str,
      layout: str,
      initramfs: str,
      'dracut-arg': list,
      cmdline: str,
      'entry-token': str,
      installkernel: str,
      'dry-run': flag,
    },
    run: async (v, positionals, signal) => {
      const from = positionals[0];
      if (from === undefined || positionals.length > 1) {
        return fail(
          error('usage', 'install takes one interim directory or package file', { fix: 'distkernel install --help' }),
        );
      }
      return installKernel({
        from,
        ...optional('root', text(v.root)),
        ...optional('bootDir', text(v['boot-dir'])),
        ...optional('layout', text(v.layout)),
        ...optional('initramfs', text(v.initramfs)),
        initramfsArgs: strings(v['dracut-arg']),
        rootSpec: rootSpec(v),
        ...optional('cmdline', text(v.cmdline)),
        ...optional('entryToken', text(v['entry-token'])),
        ...optional('installkernel', text(v.installkernel)),
        dryRun: v['dry-run'] === true,
        ...optional('logFile', text(v.log)),
        signal,
      });
    },
    print: (r) => [
      `${r.dryRun ? 'would install' : 'installed'} ${r.version} into ${r.root} (layout ${r.layout}, initramfs ${r.initramfs})`,
      ...r.changes.map((c) => `  ${describeChange(c, r.dryRun)}`),
      ...r.commands.map((c) => `  ${r.dryRun ? 'would run' : 'ran'}: ${c}`),
      ...r.hooks.map(
        (h) =>
          `  ${r.dryRun ? 'would run' : 'ran'} ${h.phase} plugin ${h.path}${h.exitCode === undefined ? '' : ` (exit ${h.exitCode})`}`,
      ),
    ],
  }),
  remove: command({
    options: { ...COMMON, root: str, 'boot-dir': str, prune: flag, keep: str, running: str, 'dry-run': flag },
    run: async (v, positionals, signal) => {
      const keep = count(v.keep, 'keep');
      if (!keep.ok) return keep;
      if (v.prune === true && positionals.length > 0) {
        return fail(error('usage', 'give versions or --prune, not both', { fix: 'distkernel remove --help' }));
      }
      return removeKernels({
        ...optional('root', text(v.root)),
        ...optional('bootDir', text(v['boot-dir'])),
        versions: positionals,
        ...(v.prune === true ? { keep: keep.ok ? (keep.value ?? 2) : 2 } : {}),
        ...optional('runningRelease', text(v.running)),
        dryRun: v['dry-run'] === true,
        ...optional('logFile', text(v.log)),
        signal,
      });
    },
    print: (r) => [
      `${r.dryRun ? 'would remove' : 'removed'}: ${r.removed.join(', ') || 'nothing'}; kept: ${r.kept.join(', ') || 'none'}`,
      ...r.changes.map((c) => `  ${describeChange(c, r.dryRun)}`),
    ],
  }),
  package: command({
    options: { ...COMMON, interim: str, output: { type: 'string', short: 'o' } },
    run: async (v, _p, signal) => {
      const interimDir = required(v, 'interim');
      if (!interimDir.ok) return interimDir;
      return createPackage({
        interimDir: interimDir.value,
        ...optional('output', text(v.output)),
        ...optional('logFile', text(v.log)),
        signal,
      });
    },
    print: (r) => [`package: ${r.file} (${r.version}, ${Math.round(r.bytes / 1024)} KiB)`, `sha256: ${r.sha256}`],
  }),
  'boot-test': command({
    options: {
      ...COMMON,
      interim: str,
      root: str,
      version: str,
      kernel: str,
      initrd: str,
      disk: str,
      marker: str,
      append: str,
      accel: str,
      timeout: str,
      'console-log': str,
      'root-fs': str,
    },
    run: (v, _p, signal) => runBootTest(v, signal),
    print: (r) => [
      `boot test passed: marker seen after ${formatElapsed(r.durationMs)} (${r.accel})`,
      ...(r.consoleLog === undefined ? [] : [`console log: ${r.consoleLog}`]),
    ],
  }),
};

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`distkernel: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...rest],
      options: command.options,
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (e) {
    process.stderr.write(`distkernel ${name}: ${e instanceof Error ? e.message : String(e)}\n\n${HELP[name] ?? ''}\n`);
    return 2;
  }
  if (parsed.values.help === true) {
    process.stdout.write(`${HELP[name] ?? USAGE}\n`);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await command.execute(name, parsed.values, parsed.positionals, controller.signal);
  } catch (e) {
    process.stderr.write(
      `distkernel ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 70;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runBootTest(v: Values, signal: AbortSignal): Promise<Outcome<BootTestReport>> {
  const files = await bootFiles(v);
  if (!files.ok) return files;
  const timeout = count(v.timeout, 'timeout');
  if (!timeout.ok) return timeout;
  const accel = text(v.accel) ?? 'auto';
  if (accel !== 'auto' && accel !== 'kvm' && accel !== 'tcg') {
    return fail(error('usage', `--accel must be auto, kvm or tcg, not ${accel}`));
  }
  const marker = text(v.marker) ?? DEFAULT_MARKER;
  let disk = text(v.disk);
  let scratch: string | undefined;
  try {
    if (disk === undefined) {
      scratch = await mkdtemp(join(tmpdir(), 'distkernel-boot-'));
      const image = await makeRootImage({ workDir: scratch, output: join(scratch, 'root.img'), marker, signal });
      if (!image.ok) return image;
      disk = image.value;
    }
    return await bootTest({
      ...files.value,
      disk,
      marker,
      accel,
      ...optional('append', text(v.append)),
      ...optional('rootFsType', text(v['root-fs'])),
      ...optional('timeoutMs', timeout.value === undefined ? undefined : timeout.value * 1000),
      ...optional('consoleLog', text(v['console-log'])),
      signal,
    });
  } finally {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  }
}

async function bootFiles(v: Values): Promise<Outcome<{ kernel: string; initramfs?: string }>> {
  const interim = text(v.interim);
  const root = text(v.root);
  const kernel = text(v.kernel);
  if (interim !== undefined) {
    const opened = await readInterim(interim);
    if (!opened.ok) return opened;
    const { image, initramfs } = opened.value.artifacts;
    const initrd = text(v.initrd) ?? initramfs;
    return succeed({ kernel: image, ...(initrd === undefined ? {} : { initramfs: initrd }) });
  }
  if (root !== undefined) {
    const version = text(v.version);
    if (version === undefined) return fail(error('usage', 'boot-test --root needs --version VER'));
    return locateInstalledKernel(root, version);
  }
  if (kernel !== undefined) {
    const initrd = text(v.initrd);
    return succeed({ kernel, ...(initrd === undefined ? {} : { initramfs: initrd }) });
  }
  return fail(
    error('usage', 'boot-test needs --interim DIR, --root DIR --version VER, or --kernel FILE', {
      fix: 'distkernel boot-test --help',
    }),
  );
}

function makeSettings(v: Values): Outcome<MakeSettings> {
  const source = required(v, 'source');
  const buildDir = required(v, 'build-dir');
  if (!source.ok) return source;
  if (!buildDir.ok) return buildDir;
  if (v.distcc === true && v.icecream === true) return fail(error('usage', 'choose --distcc or --icecream, not both'));
  const toolchain: Toolchain = {
    ...optional('cc', text(v.cc)),
    ...optional('ld', text(v.ld)),
    ...optional('hostcc', text(v.hostcc)),
    ...optional('crossCompile', text(v['cross-compile'])),
    ...(v.llvm === true ? { llvm: true } : {}),
    ...(v.distcc === true
      ? { compilerWrapper: 'distcc' as const }
      : v.icecream === true
        ? { compilerWrapper: 'icecc' as const }
        : {}),
  };
  return succeed({
    sourceDir: resolve(source.value),
    buildDir: resolve(buildDir.value),
    toolchain,
    ...optional('arch', text(v.arch)),
    ...optional('make', text(v.make)),
    ...optional('localVersion', text(v.localversion)),
  });
}

function rootSpec(v: Values): RootSpec {
  return { ...optional('fsType', text(v['root-fs'])), ...optional('device', text(v['root-device'])) };
}

function describeChange(c: PlannedChange, dryRun: boolean): string {
  const verb = c.action === 'remove' ? 'remove' : c.action === 'replace' ? 'replace' : 'write';
  const old = c.keepOld === undefined ? '' : ` (current kept as ${c.keepOld})`;
  return `${dryRun ? `would ${verb}` : `${verb === 'write' ? 'wrote' : `${verb}d`}`} ${c.path}${old}`;
}

function required(v: Values, name: string): Outcome<string> {
  const value = text(v[name]);
  return value === undefined ? fail(error('usage', `--${name} is required`, { fix: 'see --help' })) : succeed(value);
}

function count(value: Values[string], name: string, min = 1): Outcome<number | undefined> {
  const raw = text(value);
  if (raw === undefined) return succeed(undefined);
  const n = Number(raw);
  return Number.isInteger(n) && n >= min
    ? succeed(n)
    : fail(error('usage', `--${name} must be a whole number of at least ${min}, not "${raw}"`));
}

function text(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: Values[string]): string[] {
  return Array.isArray(value) ? value : [];
}

/** `{ key: value }` when value is defined, `{}` otherwise: keeps optional fields absent rather than undefined. */
function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}
