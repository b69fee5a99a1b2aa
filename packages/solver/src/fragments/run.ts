/**
 * `merge_config.sh [-m] [-n] [-r] [-y] [-s] [-Q] [-O DIR] BASE FRAGMENT...` as a library call, with our conf:
 * the same inputs, the same messages on the same streams, the same exit statuses, then the
 * requested-vs-actual report with the reason for every value that did not take.
 *
 * Resolution, as the script and the kernel's make do it:
 * - `alldefconfig` (the script's default) or `allnoconfig` (-n): conf with KCONFIG_ALLCONFIG=<merged file>,
 *   in the output directory, as `make KCONFIG_ALLCONFIG=... [O=DIR] alldefconfig`;
 * - `olddefconfig`: the merged file is the .config conf updates, as `make foo.config` (merge_config.sh -m,
 *   then make olddefconfig) and Gentoo's kernel-build.eclass do;
 * - `none` (-m alone): the merged file is written as the config, and the report is made against what
 *   olddefconfig would make of it (a dry run), since that is what make does next.
 *
 * Where we differ from the script, on purpose: the config is saved the way conf saves it (the previous file
 * kept as `.old`, "No change" when equal), also with -m and for olddefconfig, whose `.old` is then the
 * config the user had rather than the merged text; conf's warnings about the merged file name the input
 * file:line the line came from; the report runs in every mode (after olddefconfig or -m, for the fragments'
 * values: the base's own values that olddefconfig changes are no one's request); -s also fails on a reported
 * value that did not take (as later kernels' script does); include/config/auto.conf is left to the build's
 * syncconfig.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KconfigModel } from '@kconfig-solve/kconfig-parser';
import { runConfMode } from '../conf/modes.js';
import { saveConfigFile } from '../config/write.js';
import type { Environment } from '../environment.js';
import type { KconfigRules } from '../eval/dependencies.js';
import type { Evaluation } from '../eval/evaluation.js';
import { notTakenReason } from '../eval/reason.js';
import { type FragmentText, type MergedConfig, mergeFragments } from './merge.js';
import {
  formatMergeOnly,
  formatMergeStep,
  formatMerging,
  formatMissingBase,
  formatMissingFragment,
  formatMissingOutputDir,
  formatNotInFinal,
  formatUsingBase,
  STRICT_NOT_TAKEN,
  STRICT_REDEFINED,
} from './messages.js';
import { configValues, type RequestedValue, requestedValues, type ScriptMismatch, scriptCheck } from './requested.js';
import { grepWordOutput, readTextFile } from './shell-text.js';

/** What follows the merge (see the module comment). */
export type MergeResolution = 'alldefconfig' | 'allnoconfig' | 'olddefconfig' | 'none';

export interface MergeRunOptions {
  readonly model: KconfigModel;
  readonly rules?: KconfigRules;
  /** The environment conf and the script see (KCONFIG_CONFIG, CONFIG_, srctree, ...). */
  readonly env?: Environment;
  /** Where the script runs: BASE, the fragments, -O and KCONFIG_CONFIG are relative to it. */
  readonly cwd?: string;
  readonly base: string;
  readonly fragments: readonly string[];
  /** Default `alldefconfig`; -n is `allnoconfig`, -m is `none`. */
  readonly resolution?: MergeResolution;
  /** -y */
  readonly builtin?: boolean;
  /** -r */
  readonly redundant?: boolean;
  /** -s: a redefinition, or a value that did not take, is fatal. */
  readonly strict?: boolean;
  /** -Q */
  readonly quiet?: boolean;
  /** -O DIR: where the config is written and conf runs. */
  readonly outputDir?: string;
  /** Write files (default true); false computes everything and writes nothing. */
  readonly write?: boolean;
}

/** A value that did not take, with the script's lines for it when its closing check reports it. */
export interface NotTakenBlock {
  /** With the prefix. */
  readonly symbol: string;
  readonly requestedLines: string;
  readonly actualLines: string;
  /** Our view of it; undefined when the script reports a symbol whose value did take. */
  readonly value?: RequestedValue;
}

export interface MergeRunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The input that stopped the run, and why. */
  readonly error?: { readonly file: string; readonly message: string };
  readonly resolution: MergeResolution;
  readonly merged?: MergedConfig;
  /** The config file written (absolute). */
  readonly configFile?: string;
  /** Its text: the resolved config, or the merged text for `none`. */
  readonly config?: string;
  /** The config the report is made against (for `none`: olddefconfig's, not written). */
  readonly resolved?: string;
  readonly evaluation?: Evaluation;
  /** Every symbol the inputs assign, with the final value and, when it did not take, the reason. */
  readonly requested: readonly RequestedValue[];
  /** The report's blocks, in order: the script's (alldefconfig/allnoconfig), then ours. */
  readonly report: readonly NotTakenBlock[];
  /** What -s failed on. */
  readonly strictViolation?: 'redefined' | 'not-taken';
}

export function runMerge(options: MergeRunOptions): MergeRunResult {
  return new MergeRun(options).run();
}

/** Gentoo's `/etc/kernel/config.d/*.config`: the directory's `*.config` files, in byte order, dot files left out. */
export function configDirFragments(dir: string): { readonly files: readonly string[] } | { readonly error: string } {
  try {
    const names = readdirSync(dir).filter((n) => n.endsWith('.config') && !n.startsWith('.'));
    return { files: names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((n) => join(dir, n)) };
  } catch (e) {
    return { error: `cannot read the directory '${dir}': ${errorCode(e)}` };
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** The name the merged text goes by when conf reads it (the script's mktemp file). */
const MERGED_FILE = '.tmp.merge_config';

class MergeRun {
  private stdout = '';
  private stderr = '';
  private readonly cwd: string;
  private readonly env: Environment;
  private readonly prefix: string;
  private readonly resolution: MergeResolution;
  private readonly write: boolean;

  constructor(private readonly options: MergeRunOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.env = options.env ?? {};
    this.prefix = this.env.CONFIG_ ?? 'CONFIG_';
    this.resolution = options.resolution ?? 'alldefconfig';
    this.write = options.write !== false;
  }

  run(): MergeRunResult {
    const o = this.options;
    // -O is checked while the options are read, before anything is printed.
    let outputDir = '.';
    if (o.outputDir !== undefined) {
      if (!isDirectory(resolve(this.cwd, o.outputDir))) {
        this.stderr += formatMissingOutputDir(shown(o.outputDir));
        return this.failed(shown(o.outputDir), 'the output directory does not exist');
      }
      outputDir = o.outputDir.replace(/\/+$/, '') || '/';
    }
    // The script's KCONFIG_CONFIG: the environment's, else .config under -O (absolute), else .config.
    const configName =
      this.env.KCONFIG_CONFIG ?? (outputDir !== '.' ? resolve(this.cwd, outputDir, '.config') : '.config');

    const base = this.readBase(o.base);
    if (typeof base !== 'string') return base;
    this.stdout += formatUsingBase(shown(o.base));

    const fragments: FragmentText[] = [];
    let unreadable: { readonly name: string; readonly cause: string } | undefined;
    for (const name of o.fragments) {
      const text = readInput(resolve(this.cwd, name));
      if (typeof text !== 'string') {
        unreadable = { name: shown(name), cause: text.error };
        break;
      }
      fragments.push({ name: shown(name), text });
    }
    const merged = mergeFragments({ name: shown(o.base), text: base }, fragments, {
      prefix: this.prefix,
      ...(o.builtin ? { builtin: true } : {}),
    });
    const log = { redundant: o.redundant === true, quiet: o.quiet === true };
    for (const step of merged.steps) this.stdout += formatMergeStep(step, log);
    if (merged.stopped) {
      // The script exits here under `set -e` without a word; we say why.
      const { symbol, fragment } = merged.stopped;
      const why = `with -y, dropping a demoted line took every line of ${symbol} out of ${fragment}`;
      this.stderr += `merge_config.sh stops here: ${why}\n`;
      return this.failed(fragment, why, merged);
    }
    if (unreadable) {
      this.stdout += formatMerging(unreadable.name);
      this.stderr += formatMissingFragment(unreadable.name);
      if (unreadable.cause !== 'ENOENT') this.stderr += `(${unreadable.name}: ${unreadable.cause})\n`;
      return this.failed(unreadable.name, `cannot read the fragment: ${unreadable.cause}`, merged);
    }
    if (o.strict && merged.steps.some((s) => s.events.some((e) => e.kind === 'redefined'))) {
      this.stdout += STRICT_REDEFINED;
      return { ...this.result(1, merged), strictViolation: 'redefined' };
    }

    return this.resolve(merged, resolve(this.cwd, outputDir), configName);
  }

  /** The base's text; a missing base is created empty, as the script does. */
  private readBase(name: string): string | MergeRunResult {
    const path = resolve(this.cwd, name);
    if (!existsSync(path)) {
      this.stderr += formatMissingBase(shown(name));
      if (this.write) {
        try {
          writeFileSync(path, '', { flag: 'a' });
        } catch (e) {
          this.stderr += `cannot create the base file '${name}': ${errorCode(e)}\n`;
          return this.failed(name, `cannot create the base file: ${errorCode(e)}`);
        }
      }
      return '';
    }
    const text = readInput(path);
    if (typeof text === 'string') return text;
    this.stderr += `cannot read the base file '${shown(name)}': ${text.error}\n`;
    return this.failed(shown(name), `cannot read the base file: ${text.error}`);
  }

  private resolve(merged: MergedConfig, confCwd: string, configName: string): MergeRunResult {
    const o = this.options;
    // The script's TMP_FILE, given to conf from memory (the name only appears in conf's messages, which
    // withSources maps back to the fragments).
    const mergedFile = MERGED_FILE;
    const confEnv = { ...this.env };
    const mode = this.resolution === 'none' ? 'olddefconfig' : this.resolution;
    if (mode === 'olddefconfig') confEnv.KCONFIG_CONFIG = mergedFile;
    else confEnv.KCONFIG_ALLCONFIG = mergedFile;
    const conf = runConfMode(mode, {
      model: o.model,
      ...(o.rules ? { rules: o.rules } : {}),
      env: confEnv,
      cwd: confCwd,
      write: false,
      silent: true,
      inputs: new Map([[mergedFile, merged.text]]),
    });

    let configFile: string;
    let config: string;
    if (this.resolution === 'none') {
      // cp -T TMP_FILE KCONFIG_CONFIG, and the script stops: conf's dry run is only for the report.
      configFile = resolve(this.cwd, configName);
      config = merged.text;
      if (this.save(configFile, config, false) === undefined) {
        return this.failed(shown(configName), 'cannot write the config', merged);
      }
      this.stdout += formatMergeOnly(shown(configName));
    } else {
      this.stdout += conf.stdout;
      this.stderr += withSources(conf.stderr, mergedFile, merged);
      if (conf.exitCode !== 0 || conf.config === undefined) {
        return { ...this.result(conf.exitCode || 1, merged), evaluation: conf.evaluation };
      }
      const shownName = this.env.KCONFIG_CONFIG ?? '.config';
      configFile = resolve(confCwd, shownName);
      config = conf.config;
      const changed = this.save(configFile, config, this.env.KCONFIG_OVERWRITECONFIG !== undefined);
      if (changed === undefined) {
        this.stderr += '\n*** Error during writing of the configuration.\n\n';
        return this.failed(configFile, 'cannot write the config', merged);
      }
      this.stdout += `#\n# ${changed ? 'configuration written to' : 'No change to'} ${shownName}\n#\n`;
    }
    // -m: when the dry run itself fails (conf's errors are make's to show), there is nothing to check against.
    if (conf.config === undefined) return { ...this.result(0, merged), configFile, config };
    const resolved = conf.config;
    const ev = conf.evaluation;
    const requested = requestedValues(merged.file.lines, configValues(resolved, this.prefix), {
      prefix: this.prefix,
      reason: (symbol, value) => notTakenReason(ev, symbol, value),
    });
    const report = this.report(merged, resolved, requested);
    const blocks = report.map((b) => this.formatBlock(b)).join('');
    if (this.resolution === 'none' && blocks !== '') {
      this.stdout += 'Values olddefconfig will not keep (-m: checked with a dry run):\n';
    }
    this.stdout += blocks;
    const violated = o.strict === true && report.some((b) => b.value?.reason !== undefined);
    if (violated) this.stdout += STRICT_NOT_TAKEN;
    return {
      ...this.result(violated ? 1 : 0, merged),
      configFile,
      config,
      resolved,
      evaluation: ev,
      requested,
      report,
      ...(violated ? { strictViolation: 'not-taken' as const } : {}),
    };
  }

  /**
   * The blocks to print: after alldefconfig/allnoconfig the script's own check (base lines included), then
   * any fragment's value that did not take which that textual check missed; after olddefconfig (or -m) the
   * fragments' values that did not take.
   */
  private report(merged: MergedConfig, resolved: string, requested: readonly RequestedValue[]): NotTakenBlock[] {
    const bySymbol = new Map(requested.map((r) => [`${this.prefix}${r.symbol}`, r]));
    const notTaken = requested.filter((r) => r.reason !== undefined);
    const scriptBlocks: ScriptMismatch[] =
      this.resolution === 'alldefconfig' || this.resolution === 'allnoconfig'
        ? [...scriptCheck(merged.file, resolved, this.prefix)]
        : [];
    const blocks: NotTakenBlock[] = scriptBlocks.map((m) => {
      const value = bySymbol.get(m.symbol);
      return { symbol: m.symbol, requestedLines: m.requested, actualLines: m.actual, ...(value ? { value } : {}) };
    });
    const covered = new Set(scriptBlocks.map((m) => m.symbol));
    const finalFile = readTextFile(resolved, undefined);
    for (const value of notTaken) {
      const symbol = `${this.prefix}${value.symbol}`;
      // The base's own values that olddefconfig changes are no one's request: only the script reports them.
      if (covered.has(symbol) || value.fragment === merged.base) continue;
      blocks.push({
        symbol,
        requestedLines: grepWordOutput(merged.file, symbol),
        actualLines: grepWordOutput(finalFile, symbol),
        value,
      });
    }
    return blocks;
  }

  private formatBlock(block: NotTakenBlock): string {
    const v = block.value;
    const extra: string[] = [];
    if (v?.reason) {
      extra.push(`Reason:           ${v.reason.message}`);
      extra.push(`Requested in:     ${v.fragment}:${v.line}`);
    } else if (v) {
      extra.push(
        `Note:             the value took (${v.actual === 'n' ? 'n is also "is not set", or no line' : 'the lines differ only in form'})`,
      );
    }
    return formatNotInFinal(block.symbol, block.requestedLines, block.actualLines, extra);
  }

  /** conf_write's way: the previous file kept as .old; whether the file changed (undefined: not written). */
  private save(path: string, text: string, overwrite: boolean): boolean | undefined {
    if (!this.write) return true;
    const saved = saveConfigFile(path, text, { overwrite });
    if (!saved.ok) {
      this.stderr += `${saved.message}\n`;
      return undefined;
    }
    return saved.changed;
  }

  private result(exitCode: number, merged?: MergedConfig): MergeRunResult {
    return {
      exitCode,
      stdout: this.stdout,
      stderr: this.stderr,
      resolution: this.resolution,
      ...(merged ? { merged } : {}),
      requested: [],
      report: [],
    };
  }

  private failed(file: string, message: string, merged?: MergedConfig): MergeRunResult {
    return { ...this.result(1, merged), error: { file, message } };
  }
}

/**
 * A name from the command line as the byte string the messages are made of: inputs are read as latin1 so that
 * every byte survives, and a UTF-8 file name must print as the same bytes.
 */
function shown(name: string): string {
  return Buffer.from(name, 'utf8').toString('latin1');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file's text as bytes (latin1), or why it cannot be read. */
function readInput(path: string): string | { readonly error: string } {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    return { error: errorCode(e) };
  }
}

/** conf's `FILE:LINE:` for the merged file, as the input file:line the line came from. */
function withSources(stderr: string, mergedFile: string, merged: MergedConfig): string {
  if (stderr === '') return stderr;
  const prefix = `${mergedFile}:`;
  return stderr
    .split('\n')
    .map((line) => {
      if (!line.startsWith(prefix)) return line;
      const m = /^(\d+):(.*)$/s.exec(line.slice(prefix.length));
      const source = m ? merged.file.lines[Number(m[1]) - 1] : undefined;
      return m && source?.file !== undefined ? `${source.file}:${source.line}:${m[2]}` : line;
    })
    .join('\n');
}
