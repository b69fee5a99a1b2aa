/**
 * enableWith on the real Linux 6.12 x86_64 tree, from conf's x86_64_defconfig result: a deterministic sample of
 * 20 symbols that are n there and have a prompt (16 spread over the tree by name, 4 with the deepest chains of
 * dependencies). Each derived set of settings is applied the way users apply it, with the kernel's own tools:
 * `scripts/kconfig/merge_config.sh -m .config fragment`, then conf --olddefconfig on the merged file (as
 * `make olddefconfig` runs it); the symbol must come out enabled, and every setting must have taken. A symbol
 * found impossible must carry a reason whose facts hold in conf's own outputs: a name conf never writes, or a
 * symbol without prompt whose value no all*config changes, and the symbol itself is n in allyesconfig and
 * allmodconfig. Four symbols known to be impossible on x86_64 are added, so that reasons naming symbols
 * without prompt, and an n a $(success,...) test left, are checked too. The time enableWith takes per symbol is measured (explain must answer in
 * under a second).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KconfigModel, loadKconfig } from '@kconfig-solve/kconfig-parser';
import {
  type DepExpr,
  type EnableWithResult,
  type Evaluation,
  enableWith,
  formatAssignment,
  readAsOlddefconfig,
} from '@kconfig-solve/solver';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCommand } from '../support/process.js';
import { confConfig, confEnvironment, createLimiter, ensureKernelTree } from '../support/kernel-trees.js';

const VERSION = '6.12';
const ARCH = 'x86_64';
const SPREAD = 16;
const DEEP = 4;
/** Known impossible symbols on x86_64, whose reasons name symbols without prompt (the sample may have none). */
const IMPOSSIBLE = ['OLPC_XO1_RTC', 'M586MMX', 'SCSI_AHA1740', 'GCC_PLUGIN_STACKLEAK'];

/** `CONFIG_X=value` and `# CONFIG_X is not set` of a .config, by name. */
function configValues(config: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of config.split('\n')) {
    const match = /^CONFIG_(\w+)=(.*)$|^# CONFIG_(\w+) is not set$/.exec(line);
    if (match) values.set((match[1] ?? match[3]) as string, match[2] ?? 'n');
  }
  return values;
}

/** How many levels of `depends on` lie under a symbol (its longest chain of dirDep references). */
function chainDepth(ev: Evaluation, name: string, memo: Map<string, number>, active = new Set<string>()): number {
  const known = memo.get(name);
  if (known !== undefined) return known;
  if (active.has(name)) return 0;
  active.add(name);
  let depth = 0;
  const visit = (e: DepExpr | undefined): void => {
    if (!e) return;
    if (e.kind === 'symbol') {
      if (ev.deps.symbol(e.name)) depth = Math.max(depth, 1 + chainDepth(ev, e.name, memo, active));
    } else if (e.kind === 'not') visit(e.operand);
    else if (e.kind === 'and' || e.kind === 'or') {
      visit(e.left);
      visit(e.right);
    }
  };
  visit(ev.deps.symbol(name)?.dirDep);
  active.delete(name);
  memo.set(name, depth);
  return depth;
}

/** 16 symbols spread evenly over the sorted names, then the 4 deepest others (ties by name). */
function sample(ev: Evaluation): string[] {
  const candidates = [...ev.deps.symbols.values()]
    .filter((s) => (s.type === 'bool' || s.type === 'tristate') && s.prompts.length > 0 && ev.tristate(s.name) === 0)
    .map((s) => s.name)
    .sort();
  const spread = Array.from({ length: SPREAD }, (_, i) => candidates[Math.floor((i * candidates.length) / SPREAD)]);
  const memo = new Map<string, number>();
  const deep = candidates
    .filter((n) => !spread.includes(n))
    .map((n) => ({ n, depth: chainDepth(ev, n, memo) }))
    .sort((a, b) => b.depth - a.depth || a.n.localeCompare(b.n))
    .slice(0, DEEP)
    .map((c) => c.n);
  return [...(spread as string[]), ...deep];
}

/** merge_config.sh -m BASE FRAGMENT, the kernel's own script: the merged .config text. */
async function mergeConfig(srctree: string, base: string, fragment: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'enable-with-'));
  try {
    writeFileSync(join(dir, 'base.config'), base);
    writeFileSync(join(dir, 'fragment.config'), fragment);
    const script = join(srctree, 'scripts', 'kconfig', 'merge_config.sh');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
    const run = await runCommand('sh', [script, '-m', '-O', dir, 'base.config', 'fragment.config'], { cwd: dir, env });
    if (run.exitCode !== 0) throw new Error(`merge_config.sh failed: ${run.stderr}`);
    return readFileSync(join(dir, '.config'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Outcome {
  readonly symbol: string;
  readonly result: EnableWithResult;
  readonly ms: number;
}

describe(`enableWith on Linux ${VERSION} ${ARCH} x86_64_defconfig`, async () => {
  await ensureKernelTree(VERSION);
  const environment = await confEnvironment(VERSION, ARCH);
  const base = (await confConfig(VERSION, ARCH, 'x86_64_defconfig')).config;
  const { model } = loadKconfig({ kconfig: 'Kconfig', cwd: environment.cwd, env: environment.env });
  const evaluation = (m: KconfigModel) =>
    readAsOlddefconfig({ model: m, env: environment.env }, { text: base, name: '.config' }).evaluation;
  const ev = evaluation(model);
  const symbols = sample(ev);
  const outcomes = new Map<string, Outcome>();
  for (const symbol of [...symbols, ...IMPOSSIBLE]) {
    const started = performance.now();
    const result = enableWith(ev, symbol);
    outcomes.set(symbol, { symbol, result, ms: performance.now() - started });
  }

  // conf's runs, a few at a time, into the oracle cache.
  const limit = createLimiter();
  const applied = new Map<string, Promise<Map<string, string>>>();
  beforeAll(() => {
    for (const { symbol, result } of outcomes.values()) {
      if (!result.assignments || result.assignments.length === 0) continue;
      const fragment = `${result.assignments.map((a) => formatAssignment(ev, a)).join('\n')}\n`;
      const run = limit(async () => {
        const merged = await mergeConfig(environment.srctree, base, fragment);
        return configValues((await confConfig(VERSION, ARCH, 'olddefconfig', { input: merged })).config);
      });
      applied.set(symbol, run);
      run.catch(() => {});
    }
  });

  const counts = {
    sampled: symbols.length,
    named: IMPOSSIBLE.length,
    possible: 0,
    enabledByConf: 0,
    impossible: 0,
    withTrueReason: 0,
  };
  afterAll(() => {
    const times = [...outcomes.values()].map((o) => o.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(
      `enableWith, ${VERSION} ${ARCH} x86_64_defconfig: ${JSON.stringify(counts)}; ms per symbol: median ${median.toFixed(0)}, max ${(times.at(-1) ?? 0).toFixed(0)}\n` +
        [...outcomes.values()]
          .map(
            (o) =>
              `  ${o.symbol} ${o.ms.toFixed(0)} ms: ${o.result.reason ?? o.result.assignments?.map((a) => `${a.symbol}=${a.value}`).join(' ')}`,
          )
          .join('\n'),
    );
  });

  test('the sample is 20 distinct disabled symbols with a prompt', () => {
    expect(new Set(symbols).size).toBe(SPREAD + DEEP);
    for (const s of symbols) expect(ev.value(s)).toBe('n');
  });

  test.each([...symbols, ...IMPOSSIBLE])('%s', async (symbol) => {
    const { result } = outcomes.get(symbol) as Outcome;
    if (IMPOSSIBLE.includes(symbol)) expect(result.assignments, symbol).toBeUndefined();
    if (result.assignments) {
      counts.possible++;
      expect(result.verified, `${symbol}: ${result.reason}`).toBe(true);
      const values = await (applied.get(symbol) as Promise<Map<string, string>>);
      expect(['y', 'm'], `${symbol} after merge_config.sh + olddefconfig`).toContain(values.get(symbol));
      for (const a of result.assignments) expect(values.get(a.symbol) ?? 'n', `${a.symbol} took`).toBe(a.value);
      counts.enabledByConf++;
      return;
    }
    counts.impossible++;
    expect(result.reason, symbol).toBeTruthy();
    const reason = result.reason as string;
    // Impossible: never enabled by conf, even where it enables all it can.
    for (const target of ['allyesconfig', 'allmodconfig']) {
      const values = configValues((await confConfig(VERSION, ARCH, target)).config);
      expect(values.get(symbol) ?? 'n', `${symbol} in ${target}`).toBe('n');
    }
    // Each fact named holds in conf's outputs.
    const fixed = [...reason.matchAll(/(\w+) \[=(\w+)\], which (?:no prompt can change|depends on n,)/g)];
    const undefinedNames = [...reason.matchAll(/(\w+), which this tree does not define/g)].map((m) => m[1] as string);
    const ownConstant = reason.startsWith('depends on n, ') ? 1 : 0;
    expect(fixed.length + undefinedNames.length + ownConstant, reason).toBeGreaterThan(0);
    const outputs = await Promise.all(
      ['allnoconfig', 'allyesconfig', 'allmodconfig', 'x86_64_defconfig'].map(async (t) =>
        configValues((await confConfig(VERSION, ARCH, t)).config),
      ),
    );
    for (const name of undefinedNames) {
      expect(model.symbols.has(name), `${name} is not defined`).toBe(false);
      for (const values of outputs) expect(values.has(name)).toBe(false);
    }
    for (const [, name, value] of fixed) {
      const written = outputs.map((values) => values.get(name as string) ?? 'n');
      expect(written, `${name} keeps ${value} in every all*config`).toEqual(written.map(() => value));
    }
    counts.withTrueReason++;
  });

  test('enableWith answers within a second per symbol (median) and never takes long', () => {
    const times = [...outcomes.values()].map((o) => o.ms).sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(1000);
    expect(times.at(-1)).toBeLessThan(5000);
  });
});
