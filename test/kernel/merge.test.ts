/**
 * `kconfig-solve merge` against the kernel's own merge_config.sh and conf (Linux 6.12):
 * - every fragment the tree ships, as `make ARCH=<arch> <name>.config` applies it (merge_config.sh -m .config
 *   with kernel/configs/<name> and arch/<srcarch>/configs/<name>, then make olddefconfig): kernel/configs on
 *   x86_64's and arm64's defconfig, arch/<srcarch>/configs on that arch's defconfig;
 * - chains of 5 and more fragments, through the real script run directly, in each resolution: -m then
 *   olddefconfig (Gentoo's -m -r), alldefconfig (the script's default, its closing check included, with make
 *   replaced by a stub that installs conf's result), allnoconfig (-n) and -y.
 * Our .config must equal conf's byte for byte and our messages the script's (our reason lines aside). Every
 * value that did not take must carry a reason, and each reason is checked against the true cause in conf's
 * final .config: the failing terms are below the requested value there, the selector is y/m and selects it,
 * the chosen member is the one set, the symbol without prompt has none, and so on.
 *
 * Oracle results are cached (confConfig for make's runs; the script's own runs under <cache>/oracle/.../merge).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KconfigModel } from '@kconfig-solve/kconfig-parser';
import {
  configValues,
  type Evaluation,
  type MergeResolution,
  type MergeRunResult,
  mod,
  no,
  type RequestedValue,
  runMerge,
  type Tristate,
  yes,
} from '@kconfig-solve/solver';
import { afterAll, describe, expect, test } from 'vitest';
import {
  cacheDir,
  confConfig,
  createLimiter,
  ensureKernelTree,
  type KernelVersion,
  treeFingerprint,
} from '../support/kernel-trees.js';
import { runCommand } from '../support/process.js';
import { ModelCache } from './conf-replay.js';

const VERSION: KernelVersion = '6.12';
// As make sees it (its srctree is a real path), so that fragment paths print alike.
const srctree = realpathSync(await ensureKernelTree(VERSION));
const limit = createLimiter();
const models = new ModelCache();
const started = performance.now();

/** The ARCH make gets for an arch/ directory. */
const ARCH_OF: Readonly<Record<string, string>> = { x86: 'x86_64' };
const SRCARCH_OF: Readonly<Record<string, string>> = { x86_64: 'x86' };
/** Each arch's base: its defconfig target (x86_64's by name, as the acceptance asks). */
const BASE_TARGET: Readonly<Record<string, string>> = { x86_64: 'x86_64_defconfig' };
const baseTarget = (arch: string) => BASE_TARGET[arch] ?? 'defconfig';

const fragmentNames = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.config'))
        .sort()
    : [];
const kernelFragments = fragmentNames(join(srctree, 'kernel/configs'));

/** scripts/kconfig/Makefile's configfiles: kernel/configs/<name>, then arch/$(SRCARCH)/configs/<name>. */
function configFiles(arch: string, name: string): string[] {
  const srcArch = SRCARCH_OF[arch] ?? arch;
  return [join(srctree, 'kernel/configs', name), join(srctree, 'arch', srcArch, 'configs', name)].filter((f) =>
    existsSync(f),
  );
}

/** `make <name>.config` per arch: x86_64 and arm64 get kernel/configs too; every arch its own fragments. */
const archesWithFragments = readdirSync(join(srctree, 'arch')).filter(
  (d) => fragmentNames(join(srctree, 'arch', d, 'configs')).length > 0,
);
const fragmentCases: { arch: string; target: string }[] = [];
for (const srcArch of archesWithFragments.sort()) {
  const arch = ARCH_OF[srcArch] ?? srcArch;
  const names = new Set(fragmentNames(join(srctree, 'arch', srcArch, 'configs')));
  if (arch === 'x86_64' || arch === 'arm64') for (const n of kernelFragments) names.add(n);
  for (const target of [...names].sort()) fragmentCases.push({ arch, target });
}

// ---------------------------------------------------------------------------------------------------------------
// Figures, printed at the end

const figures = {
  fragments: 0,
  identical: 0,
  skipped: [] as string[],
  chains: 0,
  notTaken: 0,
  notTakenFromFragments: 0,
  reasons: new Map<string, number>(),
  scriptBlocks: 0,
};
afterAll(() => {
  const kinds = [...figures.reasons].map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(
    [
      `merge (Linux ${VERSION}), ${((performance.now() - started) / 1000).toFixed(1)} s:`,
      `  fragments compared: ${figures.fragments}, identical: ${figures.identical}, skipped: ${figures.skipped.length}`,
      ...figures.skipped.map((s) => `    skipped ${s}`),
      `  chains compared: ${figures.chains}`,
      `  values that did not take: ${figures.notTaken} (${figures.notTakenFromFragments} asked by fragments, the rest by bases), reasons checked: ${[...figures.reasons.values()].reduce((a, b) => a + b, 0)} (${kinds})`,
      `  closing-check blocks of the script matched: ${figures.scriptBlocks}`,
    ].join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Our side

/** Byte strings (latin1) as the oracle's text (read as UTF-8). */
const asUtf8 = (text: string) => Buffer.from(text, 'latin1').toString('utf8');

interface OurRun {
  readonly result: MergeRunResult;
  readonly config: string;
}

function ourMerge(
  model: KconfigModel,
  env: Readonly<Record<string, string>>,
  base: string,
  fragments: readonly string[],
  resolution: MergeResolution,
  flags: { builtin?: boolean; redundant?: boolean },
): OurRun {
  const cwd = mkdtempSync(join(tmpdir(), 'merge-ours-'));
  try {
    writeFileSync(join(cwd, '.config'), base);
    const { KCONFIG_ALLCONFIG: _allconfig, KCONFIG_CONFIG: _config, ...confEnv } = env;
    const result = runMerge({ model, env: confEnv, cwd, base: '.config', fragments, resolution, ...flags });
    return { result, config: asUtf8(readFileSync(join(cwd, '.config'), 'latin1')) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * What our stdout has of the script's: the merge log (before conf's message), and with `check` the closing
 * check after it, our reason lines removed.
 */
function scriptPart(stdout: string, check: boolean): string {
  const conf = stdout.search(/^#\n# (configuration written to|No change to) /m);
  const merge = conf < 0 ? stdout : stdout.slice(0, conf);
  const after = conf < 0 || !check ? '' : stdout.slice(conf).replace(/^#\n# .*\n#\n/, '');
  return asUtf8(
    merge +
      after
        .split('\n')
        .filter((l) => !/^(Reason|Requested in|Note): {2,}/.test(l))
        .join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a reason against conf's final .config

/**
 * Checks every reason of our run against conf's final config (`finalConfig`, which our run's equals: the
 * expressions are evaluated on our run's evaluation, the values they quote compared with conf's text).
 */
function checkReasons(model: KconfigModel, ours: OurRun, finalConfig: string): string[] {
  const problems: string[] = [];
  const values = configValues(finalConfig);
  const ev = ours.result.evaluation;
  if (ev === undefined) return ['no evaluation'];
  for (const r of ours.result.requested) {
    if (r.requested === r.actual) continue;
    figures.notTaken++;
    if (r.fragment !== '.config') figures.notTakenFromFragments++;
    const reason = r.reason;
    const where = `${r.symbol}=${r.requested} (${r.fragment}:${r.line})`;
    if (!reason || reason.kind === 'unknown') {
      problems.push(`${where}: no reason${reason ? `: ${reason.message}` : ''}`);
      continue;
    }
    if (r.actual !== values(r.symbol)) problems.push(`${where}: actual ${r.actual}, conf wrote ${values(r.symbol)}`);
    const problem = checkReason(model, ev, values, r);
    if (problem) problems.push(`${where}: ${reason.kind}: ${problem} (${reason.message})`);
    else figures.reasons.set(reason.kind, (figures.reasons.get(reason.kind) ?? 0) + 1);
  }
  return problems;
}

const tri = (v: string): Tristate | undefined => (v === 'y' ? yes : v === 'm' ? mod : v === 'n' ? no : undefined);

/** undefined when the reason holds in conf's final config, else what is wrong with it. */
function checkReason(
  model: KconfigModel,
  ev: Evaluation,
  values: (symbol: string) => string,
  r: RequestedValue,
): string | undefined {
  const reason = r.reason;
  if (!reason) return 'no reason';
  const sym = model.symbols.get(r.symbol);
  const type = sym?.type ?? 'unknown';
  const boolish = type === 'bool' || type === 'tristate';
  const wanted = boolish ? tri(r.requested[0] ?? '') : mod;
  // The values a reason quotes are the ones conf wrote (bool/tristate symbols: absent is n).
  for (const t of reason.terms) {
    for (const s of t.symbols) {
      const t2 = model.symbols.get(s.name)?.type;
      if ((t2 === 'bool' || t2 === 'tristate') && values(s.name) !== s.value) {
        return `${s.name} is quoted as ${s.value}, conf wrote ${values(s.name)}`;
      }
    }
  }
  const prompts = (sym?.definitions ?? []).flatMap((d) => d.properties.filter((p) => p.kind === 'prompt'));
  // Asked higher than it got: the named terms are below the value (a bool counts an m bound as y, so then only
  // n terms hold it down). Asked lower (hidden, so defaults decide): the named terms are n.
  const actual = tri(r.actual);
  const higher = wanted !== undefined && actual !== undefined && wanted > actual;
  const bound = !boolish || !higher ? mod : type === 'bool' || ev.effectiveType(r.symbol) === 'bool' ? mod : wanted;
  const below = (e: Parameters<Evaluation['evaluate']>[0]) => wanted !== undefined && ev.evaluate(e) < bound;
  switch (reason.kind) {
    case 'undefined':
      return sym && type !== 'unknown' ? 'the tree defines it' : values(r.symbol) !== 'n' ? 'conf wrote it' : undefined;
    case 'invalid-value':
      if (type === 'bool') return r.requested[0] === 'y' || r.requested[0] === 'n' ? 'valid for a bool' : undefined;
      if (type === 'tristate') return tri(r.requested[0] ?? '') !== undefined ? 'valid for a tristate' : undefined;
      return undefined;
    case 'dependency':
    case 'prompt-hidden':
      if (reason.kind === 'prompt-hidden' && prompts.length === 0) return 'it has no prompt';
      if (reason.terms.length === 0) return 'no terms named';
      for (const t of reason.terms) if (!below(t.expr)) return `${t.text} is not below ${r.requested}`;
      return undefined;
    case 'no-prompt':
      return prompts.length > 0 ? 'it has a prompt' : undefined;
    case 'selected':
    case 'implied': {
      if (!reason.by || reason.by.length === 0) return 'no selector named';
      for (const by of reason.by) {
        const v = tri(values(by));
        if (v === undefined || v === no || (wanted !== undefined && v <= wanted)) return `${by} is ${values(by)}`;
        const kind = reason.kind === 'selected' ? 'select' : 'imply';
        const selects = (model.symbols.get(by)?.definitions ?? []).some((d) =>
          d.properties.some((p) => p.kind === kind && p.target === r.symbol),
        );
        if (!selects) return `${by} does not ${kind} ${r.symbol}`;
      }
      return undefined;
    }
    case 'choice': {
      const chosen = reason.chosen;
      if (chosen === undefined) return 'no member named';
      if (values(chosen) !== 'y') return `${chosen} is ${values(chosen)}`;
      const choice = sym?.choice;
      if (choice === undefined || model.symbols.get(chosen)?.choice !== choice) return 'not members of one choice';
      return undefined;
    }
    case 'range': {
      const range = reason.range;
      if (!range) return 'no range named';
      if (r.actual !== range.low && r.actual !== range.high)
        return `${r.actual} is no bound of ${range.low}..${range.high}`;
      const n = (s: string) => BigInt(type === 'hex' && !/^0x/i.test(s) ? `0x${s}` : s);
      const v = n(r.requested);
      return v >= n(range.low) && v <= n(range.high) ? 'the value is within the range' : undefined;
    }
    case 'modules':
      return values('MODULES') === 'y' ? 'MODULES is y' : undefined;
    default:
      return `kind ${reason.kind}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Every fragment, as `make <name>.config` applies it

/** The script's output inside make's (make adds its own GEN lines around it). */
function mergeLogOf(makeStdout: string): string | undefined {
  const start = makeStdout.indexOf('Using .config as base\n');
  const end = makeStdout.indexOf('#\n# merged configuration written to .config (needs make)\n#\n');
  return start < 0 || end < start ? undefined : makeStdout.slice(start, end);
}

/** One promise per key: the oracle runs are all queued at once (limited), so make works while we compare. */
const pending = new Map<string, Promise<unknown>>();
function once<T>(key: string, task: () => Promise<T>): Promise<T> {
  let promise = pending.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = task();
    promise.catch(() => undefined);
    pending.set(key, promise);
  }
  return promise;
}
const baseConfig = (arch: string) =>
  once(`base ${arch}`, () => limit(() => confConfig(VERSION, arch, baseTarget(arch))));
const fragmentOracle = (arch: string, target: string) =>
  once(`fragment ${arch} ${target}`, async () => {
    const base = await baseConfig(arch);
    return { base, oracle: await limit(() => confConfig(VERSION, arch, target, { input: base.config })) };
  });
for (const c of fragmentCases) void fragmentOracle(c.arch, c.target);

describe(`Linux ${VERSION}: every fragment, as make <name>.config`, () => {
  test.each(fragmentCases)('$arch $target', async ({ arch, target }) => {
    const { base, oracle } = await fragmentOracle(arch, target);
    const invocation = oracle.invocations.at(-1);
    const expectedLog = mergeLogOf(oracle.make.stdout);
    if (
      oracle.make.exitCode !== 0 ||
      oracle.invocations.length !== 1 ||
      invocation?.argv[0] !== '--olddefconfig' ||
      expectedLog === undefined
    ) {
      figures.skipped.push(
        `${arch} ${target}: make exited ${oracle.make.exitCode}, conf ran ${oracle.invocations.length} times`,
      );
      return;
    }
    figures.fragments++;
    const { model } = await models.get(VERSION, arch);
    const ours = ourMerge(model, invocation.env, base.config, configFiles(arch, target), 'olddefconfig', {});
    expect(ours.result.exitCode).toBe(0);
    expect(ours.config).toBe(oracle.config);
    expect(scriptPart(ours.result.stdout, false)).toBe(expectedLog);
    expect(checkReasons(model, ours, oracle.config)).toEqual([]);
    figures.identical++;
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Chains through the real script

interface Chain {
  readonly name: string;
  readonly arch: string;
  /** Paths under the source tree. */
  readonly fragments: readonly string[];
  readonly resolution: Exclude<MergeResolution, 'none'>;
  readonly builtin?: boolean;
  readonly redundant?: boolean;
}

const chains: readonly Chain[] = [
  {
    name: "Gentoo's way: -m -r, then olddefconfig",
    arch: 'x86_64',
    fragments: [
      'kernel/configs/kvm_guest.config',
      'kernel/configs/xen.config',
      'arch/x86/configs/xen.config',
      'kernel/configs/hardening.config',
      'arch/x86/configs/hardening.config',
      'kernel/configs/debug.config',
      'kernel/configs/x86_debug.config',
      'kernel/configs/nopm.config',
    ],
    resolution: 'olddefconfig',
    redundant: true,
  },
  {
    name: "the script's default: alldefconfig and its closing check",
    arch: 'x86_64',
    fragments: [
      'kernel/configs/tiny-base.config',
      'kernel/configs/tiny.config',
      'arch/x86/configs/tiny.config',
      'kernel/configs/kvm_guest.config',
      'kernel/configs/nopm.config',
      'kernel/configs/rust.config',
      'kernel/configs/debug.config',
    ],
    resolution: 'alldefconfig',
  },
  {
    name: 'redefinitions (dram_*), -y, alldefconfig',
    arch: 'arm',
    fragments: [
      'arch/arm/configs/dram_0x00000000.config',
      'arch/arm/configs/dram_0xc0000000.config',
      'arch/arm/configs/lpae.config',
      'arch/arm/configs/dram_0xd0000000.config',
      'kernel/configs/hardening.config',
      'arch/arm/configs/hardening.config',
      'kernel/configs/kvm_guest.config',
    ],
    resolution: 'alldefconfig',
    builtin: true,
  },
  {
    name: 'allnoconfig (-n) -r over powerpc fragments',
    arch: 'powerpc',
    fragments: [
      'arch/powerpc/configs/85xx-hw.config',
      'arch/powerpc/configs/85xx-smp.config',
      'arch/powerpc/configs/85xx-32bit.config',
      'arch/powerpc/configs/fsl-emb-nonhw.config',
      'arch/powerpc/configs/debug.config',
      'arch/powerpc/configs/security.config',
      'arch/powerpc/configs/disable-werror.config',
    ],
    resolution: 'allnoconfig',
    redundant: true,
  },
];

interface ScriptRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The .config the script left (the merged file with -m). */
  readonly config: string;
}

/**
 * Runs the tree's merge_config.sh in a scratch directory holding `base` as .config; `make`, when given, is the
 * .config a stub `make` on PATH installs (what conf made of the same merged file). Cached by inputs.
 */
async function realScript(flags: readonly string[], base: string, fragments: readonly string[], make?: string) {
  const script = join(srctree, 'scripts/kconfig/merge_config.sh');
  const key = createHash('sha256')
    .update(JSON.stringify({ flags, base, fragments, make, texts: fragments.map((f) => readFileSync(f, 'latin1')) }))
    .update(readFileSync(script))
    .digest('hex')
    .slice(0, 16);
  const dir = join(cacheDir(), 'oracle', `${VERSION}-${await treeFingerprint(VERSION)}`, 'merge');
  const file = join(dir, `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ScriptRun;
  const cwd = mkdtempSync(join(tmpdir(), 'merge-script-'));
  try {
    writeFileSync(join(cwd, '.config'), base);
    const bin = join(cwd, '.bin');
    mkdirSync(bin);
    if (make !== undefined) {
      writeFileSync(join(cwd, '.conf-result'), make);
      writeFileSync(join(bin, 'make'), `#!/bin/sh\ncp ${join(cwd, '.conf-result')} .config\n`, { mode: 0o755 });
    }
    const env = { LC_ALL: 'C', PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
    const run = await limit(() => runCommand('sh', [script, ...flags, '.config', ...fragments], { cwd, env }));
    const result: ScriptRun = {
      stdout: run.stdout,
      stderr: run.stderr,
      exitCode: run.exitCode,
      config: readFileSync(join(cwd, '.config'), 'utf8'),
    };
    mkdirSync(dir, { recursive: true });
    // Published by rename, so that a parallel reader never sees half a file.
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(result));
    renameSync(`${file}.${process.pid}`, file);
    return result;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The chain's oracle: the script's -m run, conf's resolution of it, and (not for -m) the script's whole run. */
const chainOracle = (chain: Chain) =>
  once(`chain ${chain.name}`, async () => {
    const fragments = chain.fragments.map((f) => join(srctree, f));
    const base = await baseConfig(chain.arch);
    const flags = [...(chain.builtin ? ['-y'] : []), ...(chain.redundant ? ['-r'] : [])];
    const merged = await realScript(['-m', ...flags], base.config, fragments);
    const resolved = await limit(() =>
      chain.resolution === 'olddefconfig'
        ? confConfig(VERSION, chain.arch, 'olddefconfig', { input: merged.config })
        : confConfig(VERSION, chain.arch, chain.resolution, {
            env: { KCONFIG_ALLCONFIG: 'merged.config' },
            files: { 'merged.config': merged.config },
          }),
    );
    // The script's default run, with make replaced by a stub that installs conf's result.
    const script =
      chain.resolution === 'olddefconfig'
        ? undefined
        : await realScript(
            [...(chain.resolution === 'allnoconfig' ? ['-n'] : []), ...flags],
            base.config,
            fragments,
            resolved.config,
          );
    return { fragments, base, merged, resolved, script };
  });
for (const chain of chains) void chainOracle(chain);

describe(`Linux ${VERSION}: chains of fragments through merge_config.sh`, () => {
  test.each(chains)('$arch: $name', async (chain) => {
    expect(chain.fragments.length).toBeGreaterThanOrEqual(5);
    const { fragments, base, merged, resolved, script } = await chainOracle(chain);
    expect(merged.exitCode).toBe(0);
    expect(resolved.exitCode).toBe(0);
    const invocation = resolved.invocations.at(-1);
    if (invocation === undefined) throw new Error('make ran no conf');

    const { model } = await models.get(VERSION, chain.arch);
    const ours = ourMerge(model, invocation.env, base.config, fragments, chain.resolution, {
      ...(chain.builtin ? { builtin: true } : {}),
      ...(chain.redundant ? { redundant: true } : {}),
    });
    figures.chains++;
    expect(ours.result.exitCode).toBe(0);
    expect(ours.config).toBe(resolved.config);
    if (script === undefined) {
      // -m prints the merge log, then that the config needs make.
      expect(scriptPart(ours.result.stdout, false)).toBe(
        merged.stdout.replace(/#\n# merged configuration .*\n#\n$/, ''),
      );
    } else {
      // The whole run of the script, its closing check included; make's own output is the stub's (none).
      expect(script.exitCode).toBe(0);
      expect(scriptPart(ours.result.stdout, true)).toBe(script.stdout);
      figures.scriptBlocks += ours.result.report.length;
    }
    expect(checkReasons(model, ours, resolved.config)).toEqual([]);
  });
});
