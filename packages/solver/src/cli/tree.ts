/**
 * Loading a kernel tree the way every command needs it: the environment make would give conf (`--srctree`,
 * `--arch`), `$(shell,...)` run for real through the result cache, run uncached (`--no-cache`) or
 * stubbed (`--shell stub`), then the 6.1/6.12 rules for the tree. One place, so every command takes the same
 * options with the same meaning and help text.
 */
import {
  type Diagnostic,
  formatDiagnostic,
  hasErrors,
  type KconfigModel,
  loadKconfig,
  type ShellRunner,
  systemShell,
} from '@kconfig-solve/kconfig-parser';
import { existsSync } from 'node:fs';
import { type Environment, kernelEnvironment } from '../environment.js';
import { type ConfigInput, type ConfigReading, readAsOlddefconfig } from '../explain/config.js';
import type { KconfigRules } from '../eval/dependencies.js';
import { detectRules, rulesForVersion } from '../eval/evaluation.js';
import { createShellCache, shellCacheDirectory } from '../shell/cache.js';
import { EXIT_FAILURE, EXIT_USAGE, type Io } from './output.js';

/** The options every tree-loading command accepts, for `parseCommandLine`. */
export const TREE_OPTIONS = {
  srctree: { type: 'string' },
  arch: { type: 'string' },
  shell: { type: 'string', default: 'run' },
  'no-cache': { type: 'boolean' },
} as const;

/** Their help lines, in the style of every command's help. */
export const TREE_HELP = `  --srctree DIR       the kernel source tree (default: $srctree, else the current directory)
  --arch ARCH         the ARCH make would get (sets ARCH and SRCARCH; default: $ARCH, $SRCARCH)
  --shell MODE        "run" (default) runs $(shell,...) like conf; "stub" answers every one with "n"
  --no-cache          run every $(shell,...) (default: cached under $XDG_CACHE_HOME/kconfig-solve/shell)
`;

/** Answers every `$(shell,...)` with "n": enough to load a tree without running its compiler probes. */
export const stubShell: ShellRunner = () => ({ stdout: 'n', exitCode: 0 });

export interface TreeRequest {
  readonly srctree?: string | undefined;
  readonly arch?: string | undefined;
  /** The top Kconfig file (default `Kconfig`), found as given, then under $srctree. */
  readonly kconfig?: string | undefined;
  readonly shell?: 'run' | 'stub';
  /** Use the `$(shell,...)` result cache (default true); only with `shell: 'run'`. */
  readonly cache?: boolean;
  readonly kconfiglibExtensions?: boolean;
  /** The environment to start from (default: process.env), completed by `kernelEnvironment`. */
  readonly env?: Environment;
  readonly cwd?: string;
}

export interface LoadedTree {
  readonly model: KconfigModel;
  readonly rules: KconfigRules;
  /** The environment the tree was loaded in (what conf would see). */
  readonly env: Environment;
  readonly diagnostics: readonly Diagnostic[];
  readonly failed: boolean;
}

export function loadTree(request: TreeRequest): LoadedTree {
  const cwd = request.cwd ?? process.cwd();
  const env = kernelEnvironment({
    ...(request.srctree !== undefined ? { srctree: request.srctree } : {}),
    ...(request.arch !== undefined ? { arch: request.arch } : {}),
    ...(request.env !== undefined ? { base: request.env } : {}),
  });
  const stub = request.shell === 'stub';
  const cache =
    stub || request.cache === false
      ? undefined
      : createShellCache({
          runner: systemShell(env, cwd),
          env,
          cwd,
          directory: shellCacheDirectory(process.env),
        });
  const shell = stub ? stubShell : cache?.shell;
  const { model, diagnostics } = loadKconfig({
    kconfig: request.kconfig ?? 'Kconfig',
    env,
    cwd,
    ...(request.kconfiglibExtensions ? { kconfiglibExtensions: true } : {}),
    ...(shell ? { shell } : {}),
  });
  cache?.save();
  return { model, rules: rulesOf(model, env), env, diagnostics, failed: hasErrors(diagnostics) };
}

/** 6.1 and 6.12 differ (choices); KERNELVERSION from make decides, else the model's own features. */
export function rulesOf(model: KconfigModel, env: Environment): KconfigRules {
  return (env.KERNELVERSION !== undefined ? rulesForVersion(env.KERNELVERSION) : undefined) ?? detectRules(model);
}

/** The `--shell` value checked: the mode, or the exit status after a usage message. */
export function shellMode(command: string, value: string | undefined, io: Io): 'run' | 'stub' | number {
  if (value === undefined || value === 'run' || value === 'stub') return value ?? 'run';
  io.stderr(`kconfig-solve ${command}: --shell takes "run" or "stub", not "${value}"\n`);
  return EXIT_USAGE;
}

/** A tree's errors on stderr (warnings are the caller's to show or not). */
export function printLoadErrors(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) if (d.severity === 'error') io.stderr(`${formatDiagnostic(d)}\n`);
}

/** The options of a command that reads a tree and a .config: TREE_OPTIONS and `--config`. */
export interface ConfiguredTreeOptions {
  readonly srctree?: string | undefined;
  readonly arch?: string | undefined;
  readonly 'no-cache'?: boolean | undefined;
  readonly config?: string | undefined;
}

export interface ConfiguredTree {
  readonly tree: LoadedTree;
  /** The .config as olddefconfig reads it (the defaults when there is none). */
  readonly reading: ConfigReading;
  /** The file read, or undefined when there was none and the defaults stand. */
  readonly file: string | undefined;
}

/**
 * A tree and its configuration, for commands that look at a .config (explain, derive): `--config`, else
 * $KCONFIG_CONFIG, else `.config`, read as olddefconfig reads it; a missing default file means the defaults
 * (said on stderr as `no FILE: <defaultsNote>` unless the note is undefined), a missing `--config` is an
 * error. conf's reader warnings are passed on.
 */
export function loadConfiguredTree(
  command: string,
  values: ConfiguredTreeOptions,
  shell: 'run' | 'stub',
  io: Io,
  defaultsNote: string | undefined,
): ConfiguredTree | number {
  const tree = loadTree({ srctree: values.srctree, arch: values.arch, shell, cache: values['no-cache'] !== true });
  if (tree.failed) {
    printLoadErrors(io, tree.diagnostics);
    return EXIT_FAILURE;
  }
  const file = values.config ?? tree.env.KCONFIG_CONFIG ?? '.config';
  if (values.config !== undefined && !existsSync(file)) {
    io.stderr(`kconfig-solve ${command}: ${file}: no such file\n`);
    return EXIT_FAILURE;
  }
  const input: ConfigInput = existsSync(file) ? { file } : undefined;
  const reading = readAsOlddefconfig({ model: tree.model, rules: tree.rules, env: tree.env }, input);
  // conf's reader warnings (invalid values, unknown lines) matter to the answer; unmet-dependency ones do not.
  for (const line of reading.stderr.split('\n')) if (/^\S+:\d+:warning: /.test(line)) io.stderr(`${line}\n`);
  if (input === undefined && defaultsNote !== undefined)
    io.stderr(`kconfig-solve ${command}: no ${file}: ${defaultsNote}\n`);
  return { tree, reading, file: input ? file : undefined };
}
