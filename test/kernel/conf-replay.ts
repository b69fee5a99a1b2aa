/**
 * Replays a recorded run of the kernel's conf (kernel-trees.ts `confConfig`) with our evaluator and says how
 * the two runs differ, for the differential suites. A run is replayable when make ran conf once, in a mode
 * that reads only what the test gives it; anything make prepared itself (merge_config.sh before a generated
 * defconfig, the two conf runs of tinyconfig) is a skip with its reason, never a pass.
 *
 * Differences are kept apart by kind: the output file, stdout, the exit code, and stderr, where the warnings
 * (one block per warning: its first line and the indented lines under it) are also compared as multisets, so
 * that "same warnings in another order" reads differently from "other warnings".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KconfigModel, loadKconfig } from '@kconfig-solve/kconfig-parser';
import { type ConfMode, runConfMode } from '@kconfig-solve/solver';
import {
  type ConfEnvironment,
  type ConfInvocation,
  type ConfResult,
  confEnvironment,
  type KernelVersion,
} from '../support/kernel-trees.js';

/** conf's modes that read nothing but the tree, the .config we write and the file named on the command line. */
const REPLAYABLE = new Set<string>([
  'allnoconfig',
  'allyesconfig',
  'allmodconfig',
  'alldefconfig',
  'randconfig',
  'defconfig',
  'olddefconfig',
  'savedefconfig',
  'listnewconfig',
  'helpnewconfig',
  // With stdin at end of file, as make runs conf here: every question takes its default.
  'oldconfig',
]);

/** What one side of a run produced: the file the mode writes (.config, or defconfig for savedefconfig). */
export interface ConfOutput {
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export type DifferenceKind = 'output' | 'stdout' | 'stderr-order' | 'stderr-content' | 'exit-code';

export interface Difference {
  readonly kind: DifferenceKind;
  /** What differs, for a person: the lines only one side has, or the first place the order departs. */
  readonly detail: string;
}

export type Replay =
  | { readonly status: 'skipped'; readonly reason: string }
  | {
      readonly status: 'compared';
      readonly mode: ConfMode;
      readonly expected: ConfOutput;
      readonly ours: ConfOutput;
      readonly differences: readonly Difference[];
    };

type Recorded =
  | { readonly reason: string }
  | { readonly invocation: ConfInvocation; readonly mode: ConfMode; readonly file: string | undefined };

/** The conf command line make used: `--<mode>[=<file>]`, or a reason why we cannot replay it. */
function recordedMode(oracle: ConfResult, input: string | undefined): Recorded {
  const invocation = oracle.invocations.at(-1);
  const modeArg = invocation?.argv.find((a) => a.startsWith('--')) ?? '';
  const eq = modeArg.indexOf('=');
  const mode = eq < 0 ? modeArg.slice(2) : modeArg.slice(2, eq);
  const file = eq < 0 ? undefined : modeArg.slice(eq + 1);
  if (invocation === undefined) return { reason: `make ran no conf (exit code ${oracle.make.exitCode})` };
  if (oracle.invocations.length > 1) {
    const runs = oracle.invocations.map((i) => i.argv.find((a) => a.startsWith('--')) ?? '').join(', ');
    return { reason: `make ran conf ${oracle.invocations.length} times (${runs})` };
  }
  if (!REPLAYABLE.has(mode)) return { reason: `conf ran as ${modeArg}` };
  if (mode === 'olddefconfig' && input === undefined) {
    return { reason: `conf ran as ${modeArg} on a .config make prepared (merge_config.sh)` };
  }
  return { invocation, mode: mode as ConfMode, file };
}

/**
 * Runs our conf the way make ran the real one (same mode, file argument and environment, in a scratch
 * directory holding `input` as the .config) and compares the two runs.
 */
export function replayConf(oracle: ConfResult, model: KconfigModel, input?: string): Replay {
  const recorded = recordedMode(oracle, input);
  if ('reason' in recorded) return { status: 'skipped', reason: recorded.reason };
  const { invocation, mode, file } = recorded;
  const cwd = mkdtempSync(join(tmpdir(), 'conf-replay-'));
  try {
    const configName = invocation.env.KCONFIG_CONFIG ?? '.config';
    if (input !== undefined) writeFileSync(join(cwd, configName), input);
    const run = runConfMode(mode, {
      model,
      env: invocation.env,
      cwd,
      ...(file !== undefined ? { defconfigFile: mode === 'savedefconfig' ? 'defconfig' : file } : {}),
    });
    const written = (name: string) => {
      try {
        return readFileSync(join(cwd, name), 'latin1');
      } catch {
        return '';
      }
    };
    const listsOnly = mode === 'listnewconfig' || mode === 'helpnewconfig';
    const expectedOutput = mode === 'savedefconfig' ? (oracle.defconfig ?? '') : listsOnly ? '' : oracle.config;
    const ourOutput = mode === 'savedefconfig' ? written('defconfig') : listsOnly ? '' : written(configName);
    const expected: ConfOutput = {
      output: expectedOutput,
      stdout: oracle.stdout,
      stderr: oracle.stderr,
      exitCode: oracle.exitCode,
    };
    // Our text is bytes as latin1 (how Kconfig files are read); the oracle's streams were decoded as UTF-8.
    const asOracle = (text: string) => Buffer.from(text, 'latin1').toString('utf8');
    const ours: ConfOutput = {
      output: ourOutput,
      stdout: asOracle(run.stdout),
      stderr: asOracle(run.stderr),
      exitCode: run.exitCode,
    };
    return { status: 'compared', mode, expected, ours, differences: compareOutputs(expected, ours) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Every way `ours` departs from `expected`, by kind; empty when the runs are byte for byte the same. */
export function compareOutputs(expected: ConfOutput, ours: ConfOutput): Difference[] {
  const differences: Difference[] = [];
  if (ours.output !== expected.output) {
    differences.push({ kind: 'output', detail: lineDifference(expected.output, ours.output) });
  }
  if (ours.stdout !== expected.stdout) {
    differences.push({ kind: 'stdout', detail: lineDifference(expected.stdout, ours.stdout) });
  }
  if (ours.stderr !== expected.stderr) {
    const theirs = warningBlocks(expected.stderr);
    const mine = warningBlocks(ours.stderr);
    const content = multisetDifference(theirs, mine);
    differences.push(
      content === ''
        ? { kind: 'stderr-order', detail: orderDifference(theirs, mine) }
        : { kind: 'stderr-content', detail: content },
    );
  }
  if (ours.exitCode !== expected.exitCode) {
    differences.push({ kind: 'exit-code', detail: `conf exited ${expected.exitCode}, we exited ${ours.exitCode}` });
  }
  return differences;
}

/** stderr cut into warnings: a line that does not start with blank space, with the indented lines after it. */
export function warningBlocks(stderr: string): string[] {
  const blocks: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line === '') continue;
    if (/^\s/.test(line) && blocks.length > 0) blocks[blocks.length - 1] += `\n${line}`;
    else blocks.push(line);
  }
  return blocks;
}

const MAX_SHOWN = 12;

function counts(items: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of items) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}

/** Items one side has more often than the other, conf's side marked `-`, ours `+`; '' when none. */
function multisetDifference(expected: readonly string[], ours: readonly string[]): string {
  const theirs = counts(expected);
  const mine = counts(ours);
  const lines: string[] = [];
  for (const [item, n] of theirs) if (n > (mine.get(item) ?? 0)) lines.push(`- ${item}`);
  for (const [item, n] of mine) if (n > (theirs.get(item) ?? 0)) lines.push(`+ ${item}`);
  if (lines.length === 0) return '';
  const shown = lines.slice(0, MAX_SHOWN);
  if (lines.length > MAX_SHOWN) shown.push(`... ${lines.length - MAX_SHOWN} more`);
  return shown.join('\n');
}

/** Lines only conf wrote (`-`) or only we wrote (`+`); if both have the same lines, where the order departs. */
export function lineDifference(expected: string, ours: string): string {
  const theirs = expected.split('\n');
  const mine = ours.split('\n');
  return multisetDifference(theirs, mine) || orderDifference(theirs, mine);
}

function orderDifference(expected: readonly string[], ours: readonly string[]): string {
  const at = expected.findIndex((item, i) => item !== ours[i]);
  return `same ${expected.length} items in another order; first departure at #${at + 1}: conf has\n  ${expected[at]}\nwe have\n  ${ours[at]}`;
}

/** The differences of a replay, one paragraph each, for an assertion message ('' when identical). */
export function formatDifferences(differences: readonly Difference[]): string {
  return differences.map((d) => `[${d.kind}]\n${d.detail}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Models: each arch's tree is loaded once per test file and shared by all its runs

export interface LoadedArch {
  readonly environment: ConfEnvironment;
  readonly model: KconfigModel;
  readonly loadMs: number;
}

/** Loads each (version, ARCH) once, in the environment make gives conf; `release` frees a model no longer needed. */
export class ModelCache {
  private readonly models = new Map<string, Promise<LoadedArch>>();

  get(version: KernelVersion, arch: string): Promise<LoadedArch> {
    const key = `${version} ${arch}`;
    let entry = this.models.get(key);
    if (!entry) {
      entry = confEnvironment(version, arch).then((environment) => {
        const started = performance.now();
        const { model } = loadKconfig({ kconfig: 'Kconfig', cwd: environment.cwd, env: environment.env });
        return { environment, model, loadMs: performance.now() - started };
      });
      this.models.set(key, entry);
    }
    return entry;
  }

  release(version: KernelVersion, arch: string): void {
    this.models.delete(`${version} ${arch}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outcomes, summed up at the end of a file

export type OutcomeResult = 'identical' | 'different' | 'skipped';

export interface Outcome {
  /** What was run, e.g. `6.12 arm multi_v7_defconfig defconfig`. */
  readonly name: string;
  /** The category it is counted under, e.g. `6.12 defconfig`. */
  readonly category: string;
  readonly result: OutcomeResult;
  readonly detail?: string;
}

export class OutcomeLog {
  private readonly outcomes: Outcome[] = [];

  /** Records a replay under `category` and returns it. */
  record(category: string, name: string, replay: Replay): Replay {
    if (replay.status === 'skipped') this.add({ category, name, result: 'skipped', detail: replay.reason });
    else if (replay.differences.length === 0) this.add({ category, name, result: 'identical' });
    else {
      const kinds = replay.differences.map((d) => d.kind).join(', ');
      this.add({ category, name, result: 'different', detail: kinds });
    }
    return replay;
  }

  /** Records an outcome; one that is not identical is also reported at once, next to its test's output. */
  add(outcome: Outcome): void {
    this.outcomes.push(outcome);
    if (outcome.result !== 'identical') {
      console.log(`${outcome.result}: ${outcome.name}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    }
  }

  /** Counts per category, then every run that was not identical with why. */
  summary(title: string): string {
    const categories = [...new Set(this.outcomes.map((o) => o.category))];
    const lines = categories.map((category) => {
      const of = this.outcomes.filter((o) => o.category === category);
      const n = (r: OutcomeResult) => of.filter((o) => o.result === r).length;
      return `  ${category}: ${n('identical')} identical, ${n('different')} different, ${n('skipped')} skipped`;
    });
    const notable = this.outcomes
      .filter((o) => o.result !== 'identical')
      .map((o) => `  ${o.result}: ${o.name}${o.detail ? ` (${o.detail})` : ''}`);
    return [`${title}:`, ...lines, ...notable].join('\n');
  }
}
