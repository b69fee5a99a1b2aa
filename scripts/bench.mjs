#!/usr/bin/env node
/**
 * `npm run bench`: whole-process figures against the C conf's whole `olddefconfig` run on the same tree (conf
 * run directly, with the exact environment make gives it, on the defconfig's output), measured in the same run:
 *  - issue 2: loading the tree with our CLI (`kconfig-solve parse`), with the real `$(shell,...)` and with every
 *    `$(shell,...)` stubbed;
 *  - issue 3: our `olddefconfig` on the same .config as conf's (the drop-in command line), with a cold
 *    `$(shell,...)` cache (`--no-cache`) and a warm one (the cache is on by default; the warm-up run fills a
 *    cache of the bench's own), checked to write the same .config as conf;
 *  - issue 4: `kconfig-solve explain SYMBOL` on the same .config, whole process, warm cache;
 *  - two lower bounds for the stubbed load, with no goal: Node's start, and Node's start, the parser's import and
 *    a read of every file the load reads (scripts/bench-floor.mjs).
 * Prints median/min ms, the ratio to conf, peak RSS, the goals and the machine's load average (other work on
 * the machine slows every row); `--json` prints the same as JSON.
 *
 * Options: --runs N (default 5, after one warm-up), --version 6.12, --arch x86_64, --defconfig x86_64_defconfig,
 * --explain SYMBOL (default BTRFS_FS), --make (also time `make olddefconfig`), --check (exit 1 when a goal is
 * missed), --json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = join(repo, 'packages', 'solver', 'bin', 'kconfig-solve.js');
const cliBuilt = join(repo, 'packages', 'solver', 'dist', 'cli', 'main.js');
const TIME = '/usr/bin/time';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    version: { type: 'string', default: '6.12' },
    arch: { type: 'string', default: 'x86_64' },
    defconfig: { type: 'string', default: 'x86_64_defconfig' },
    explain: { type: 'string', default: 'BTRFS_FS' },
    make: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number.parseInt(values.runs, 10) || 5);
const log = values.json ? () => {} : (text) => process.stderr.write(`${text}\n`);

const trees = await tsImport('../test/support/kernel-trees.ts', import.meta.url);

/** Peak RSS comes from GNU time; install it when we may (CI runs as root), else go without. */
function ensureGnuTime() {
  if (existsSync(TIME)) return true;
  if (process.getuid?.() !== 0) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['install', '-y', 'time'], { stdio: 'ignore', env });
  return existsSync(TIME);
}

const scratch = mkdtempSync(join(tmpdir(), 'kconfig-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * Runs one command in its subject's directory, emptied and seeded with `files` first (the same directory every
 * run: the $(shell,...) cache is keyed by it); wall time in ms, peak RSS in kB, and the `result` file after.
 */
function measure({ dir, argv, env, files = {}, result }, withRss) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const rssFile = join(scratch, 'rss');
  const [file, ...args] = withRss ? [TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const started = performance.now();
  const child = spawnSync(file, args, { cwd: dir, env: { ...env, PWD: dir }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  const rssKb = withRss ? Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '', 10) : NaN;
  let output = null;
  try {
    output = result ? readFileSync(join(dir, result), 'utf8') : null;
  } catch {
    // No result file: the run failed, which its exit status says.
  }
  return {
    ms,
    rssKb: Number.isFinite(rssKb) ? rssKb : null,
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    output,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The CLI's option for stubbing $(shell,...): `--shell=none` (planned) or `--shell=stub` (earlier), per its help. */
function stubShellOption(env) {
  const help = spawnSync(process.execPath, [cli, 'parse', '--help'], { env, encoding: 'utf8' }).stdout ?? '';
  const start = help.indexOf('--shell');
  if (start < 0) return undefined;
  const next = help.indexOf('\n  -', start + 1);
  const option = help.slice(start, next < 0 ? undefined : next);
  if (/\bnone\b/.test(option)) return '--shell=none';
  if (/\bstub\b/.test(option)) return '--shell=stub';
  return undefined;
}

/**
 * The files a load of the tree reads (stubbed shell, from a directory of its own as the subjects run), written
 * one per line for scripts/bench-floor.mjs.
 */
async function treeFiles() {
  const { loadKconfig } = await import(
    pathToFileURL(join(repo, 'packages', 'kconfig-parser', 'dist', 'index.js')).href
  );
  const cwd = join(scratch, 'files');
  mkdirSync(cwd, { recursive: true });
  const { model } = loadKconfig({ kconfig: top, env, cwd, shell: () => ({ stdout: 'n', exitCode: 0 }) });
  const list = join(scratch, 'files.txt');
  writeFileSync(list, model.files.map((name) => `${name}\n`).join(''));
  return { list, count: model.files.length };
}

// ---------------------------------------------------------------------------------------------------------------

const version = values.version;
log(`Preparing Linux ${version} (${values.arch}): tree, conf, environment, ${values.defconfig} ...`);
const environment = await trees.confEnvironment(version, values.arch);
const defconfig = await trees.confConfig(version, values.arch, values.defconfig);
if (defconfig.exitCode !== 0) throw new Error(`make ${values.defconfig} failed:\n${defconfig.stderr}`);
const env = environment.env;
const top = environment.argv.at(-1) ?? 'Kconfig';
const withRss = ensureGnuTime();
// Our runs keep their $(shell,...) cache here, not in the user's: the warm-up run fills it.
const ourEnv = { ...env, XDG_CACHE_HOME: join(scratch, 'xdg') };
const RSS_GOAL_MB = 250;
const rssMet = (row) => row.peakRssMb === null || row.peakRssMb < RSS_GOAL_MB;

/** @type {{ name: string, argv: string[], env: Record<string,string>, files?: Record<string,string>, result?: string, sameAsConf?: boolean, goal?: (row: any) => boolean, goalText?: string, note?: string, parseJson?: boolean, skip?: string }[]} */
const subjects = [
  {
    name: 'conf olddefconfig',
    argv: [environment.conf, '--olddefconfig', top],
    env,
    files: { '.config': defconfig.config },
    result: '.config',
  },
];
if (values.make) {
  const src = await trees.ensureKernelTree(version);
  const vars = Object.entries(trees.archSpec(values.arch).makeVariables).map(([k, v]) => `${k}=${v}`);
  const makeEnv = Object.fromEntries(
    ['PATH', 'HOME', 'LC_ALL'].filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]),
  );
  // A fresh O= dir per run, seeded with the already built conf so make only runs it.
  const scripts = dirname(dirname(environment.conf));
  // O= must be absolute: make -C changes to the source tree first, and conf must never write there.
  const script =
    'mkdir scripts && cp -a "$1/basic" "$1/kconfig" scripts/ && shift && exec make -s --no-print-directory O="$PWD" "$@"';
  subjects.push({
    name: 'make olddefconfig',
    argv: ['sh', '-c', script, 'sh', scripts, '-C', src, ...vars, 'olddefconfig'],
    env: { ...makeEnv, LC_ALL: 'C' },
    files: { '.config': defconfig.config },
  });
}
const built = existsSync(cliBuilt);
const stub = built ? stubShellOption(env) : undefined;
subjects.push({
  name: 'kconfig-solve parse (real shell)',
  argv: [process.execPath, cli, 'parse', '--json', '--no-cache', top],
  env: ourEnv,
  parseJson: true,
  goalText: 'ratio <= 1.0',
  goal: (row) => row.ratio !== null && row.ratio <= 1.0,
  ...(built ? {} : { skip: 'packages/solver is not built (run tsc -b)' }),
});
subjects.push({
  name: 'kconfig-solve parse (stubbed shell)',
  argv: [process.execPath, cli, 'parse', '--json', ...(stub ? [stub] : []), top],
  env: ourEnv,
  parseJson: true,
  goalText: '< 400 ms',
  goal: (row) => row.medianMs !== null && row.medianMs < 400,
  ...(built && stub ? {} : { skip: built ? 'the CLI has no option to stub $(shell,...)' : 'not built' }),
});
// The lower bounds under the stubbed parse, so that its figure can be read against what no front end in Node
// avoids: starting Node, then also importing the parser and reading every file the load reads (each character
// looked at once, no object built).
const files = built ? await treeFiles() : undefined;
subjects.push({ name: 'floor: Node start', argv: [process.execPath, '-e', ''], env: ourEnv, note: 'lower bound' });
subjects.push({
  name: "floor: Node, import, read the tree's files",
  argv: [process.execPath, join(repo, 'scripts', 'bench-floor.mjs'), files?.list ?? '', env.srctree ?? ''],
  env: ourEnv,
  note: `lower bound (${files?.count ?? '?'} files)`,
  ...(files ? {} : { skip: 'packages/kconfig-parser is not built' }),
});
// Issue 3: conf's own command line (the drop-in), so that both read and write the same files the same way.
for (const [name, flags, ratio] of [
  ['kconfig-solve olddefconfig (cold $(shell) cache)', ['--no-cache'], 1.0],
  ['kconfig-solve olddefconfig (warm $(shell) cache)', [], 0.35],
]) {
  subjects.push({
    name,
    argv: [process.execPath, cli, 'conf', ...flags, '--olddefconfig', top],
    env: ourEnv,
    files: { '.config': defconfig.config },
    result: '.config',
    sameAsConf: true,
    goalText: `ratio <= ${ratio}, RSS < ${RSS_GOAL_MB} MB`,
    goal: (row) => row.ratio !== null && row.ratio <= ratio && rssMet(row),
    ...(built ? {} : { skip: 'packages/solver is not built (run tsc -b)' }),
  });
}
// Issue 4: one explain from the command line, the question a user types (a disabled symbol, so enableWith's
// search runs too): the load and the .config read dominate; the explanation alone is timed in-process by the
// kernel suite (test/kernel/explain.test.ts).
subjects.push({
  name: `kconfig-solve explain ${values.explain} (warm cache)`,
  argv: [process.execPath, cli, 'explain', '--json', '--config', '.config', values.explain],
  env: ourEnv,
  files: { '.config': defconfig.config },
  ...(built ? {} : { skip: 'packages/solver is not built (run tsc -b)' }),
});
subjects.forEach((subject, i) => {
  subject.dir = join(scratch, `run-${i}`);
});

const samples = subjects.map(() => []);
const loadBefore = loadavg()[0];
log(`Measuring ${runs} runs (+1 warm-up) of ${subjects.filter((s) => !s.skip).length} commands ...`);
for (let run = 0; run <= runs; run++) {
  // Interleaved, so drift in the machine's load spreads over every subject alike.
  subjects.forEach((subject, i) => {
    if (subject.skip) return;
    const m = measure(subject, withRss);
    if (run > 0) samples[i].push(m);
    if (m.status !== 0 && run === 0) log(`  ${subject.name}: exit ${m.status}\n${(m.stderr ?? '').slice(-2000)}`);
  });
}

const loadAfter = loadavg()[0];
const baseline = median(samples[0].map((m) => m.ms));
const confOutput = samples[0][0]?.output ?? null;
const rows = subjects.map((subject, i) => {
  const ms = samples[i].map((m) => m.ms);
  const rss = samples[i].map((m) => m.rssKb).filter((x) => x !== null);
  let inProcessMs = null;
  let ok = null;
  if (subject.parseJson && samples[i].length > 0) {
    const parsed = samples[i].map((m) => {
      try {
        return JSON.parse(m.stdout);
      } catch {
        return null;
      }
    });
    const elapsed = parsed.map((p) => p?.elapsedMs).filter((x) => typeof x === 'number');
    inProcessMs = elapsed.length > 0 ? median(elapsed) : null;
    ok = parsed.every((p) => p?.ok === true);
  }
  const medianMs = ms.length > 0 ? Math.round(median(ms)) : null;
  const row = {
    name: subject.name,
    command: subject.argv.join(' '),
    skipped: subject.skip ?? null,
    runs: ms.length,
    exitCodes: [...new Set(samples[i].map((m) => m.status))],
    medianMs,
    minMs: ms.length > 0 ? Math.round(Math.min(...ms)) : null,
    ratio: medianMs !== null ? Math.round((medianMs / baseline) * 100) / 100 : null,
    peakRssMb: rss.length > 0 ? Math.round(Math.max(...rss) / 1024) : null,
    inProcessMs,
    loadedWithoutErrors: ok,
    goal: subject.goalText ?? null,
    note: subject.note ?? null,
  };
  // A run that crashed, loaded with errors or wrote another .config than conf measured something else.
  const crashed = subject.parseJson && samples[i].some((m) => !m.stdout?.trimStart().startsWith('{'));
  const differs = subject.sameAsConf && samples[i].some((m) => m.status !== 0 || m.output !== confOutput);
  const failed = samples[i].some((m) => m.status !== 0);
  const failure = crashed
    ? `exit ${row.exitCodes.join('/')}, no JSON`
    : ok === false
      ? 'the tree loaded with errors'
      : differs
        ? `exit ${row.exitCodes.join('/')}, or a .config that differs from conf's`
        : failed
          ? `exit ${row.exitCodes.join('/')}`
          : null;
  const goalMet = subject.goal && !subject.skip ? failure === null && subject.goal(row) : null;
  return { ...row, failure, goalMet };
});

const report = {
  version,
  arch: values.arch,
  srcArch: environment.srcArch,
  defconfig: values.defconfig,
  host: { cpus: availableParallelism(), node: process.version, loadAverage: { before: loadBefore, after: loadAfter } },
  runs,
  rows,
};

if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const cells = rows.map((r) => [
    r.name,
    r.skipped ? 'skipped' : String(r.medianMs),
    r.minMs === null ? '-' : String(r.minMs),
    r.ratio === null ? '-' : r.ratio.toFixed(2),
    r.peakRssMb === null ? '-' : String(r.peakRssMb),
    r.inProcessMs === null ? '-' : String(r.inProcessMs),
    r.goal === null ? (r.note ?? '') : `${r.goal}: ${r.goalMet === null ? '?' : r.goalMet ? 'met' : 'MISSED'}`,
  ]);
  const head = ['command', 'median ms', 'min ms', 'vs conf', 'peak RSS MB', 'in-process ms', 'goal or note'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(
    `Linux ${version} ${values.arch} (${values.defconfig} then olddefconfig), ${runs} runs, ${report.host.cpus} cpus, load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`,
  );
  console.log(line(head));
  for (const row of cells) console.log(line(row));
  for (const r of rows) {
    if (r.skipped) console.log(`note: ${r.name} skipped: ${r.skipped}`);
    if (r.failure) console.log(`note: ${r.name}: ${r.failure} (see --json or run it by hand)`);
  }
  if (!withRss) console.log(`note: no peak RSS without ${TIME} (apt-get install time)`);
}

if (values.check && rows.some((r) => r.goalMet === false)) process.exitCode = 1;
