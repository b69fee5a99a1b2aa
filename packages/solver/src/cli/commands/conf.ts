/**
 * conf's modes from the command line, two ways:
 * - `kconfig-solve conf [-s] --MODE[=FILE] Kconfig`: scripts/kconfig/conf's exact command line and environment
 *   (srctree, KCONFIG_CONFIG, KCONFIG_ALLCONFIG, ...), so it drops in for the built conf under the kernel's make;
 * - `kconfig-solve MODE [--srctree DIR] [--arch ARCH] [--config FILE] [KCONFIG_FILE]`: the same with flags.
 * Both load the tree, run `runConfMode`, and print what conf prints. Exit status as conf: 0, or 1 on errors.
 */
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { type Diagnostic, formatDiagnostic } from '@kconfig-solve/kconfig-parser';
import { type AnswerSource, parseAnswerScript, scriptedAnswers, streamAnswers } from '../../conf/answers.js';
import { type ConfMode, runConfMode, startTouchAheadFor } from '../../conf/modes.js';
import type { TouchAhead } from '../../config/touch-ahead.js';
import type { Environment } from '../../environment.js';
import { byteIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from '../output.js';
import { loadTree } from '../tree.js';

/** Modes conf has that we run; the value says whether the mode takes `=FILE`. */
export const CONF_MODES: Readonly<Record<ConfMode, 'file' | 'none'>> = {
  olddefconfig: 'none',
  oldconfig: 'none',
  oldaskconfig: 'none',
  syncconfig: 'none',
  defconfig: 'file',
  savedefconfig: 'file',
  allnoconfig: 'none',
  allyesconfig: 'none',
  allmodconfig: 'none',
  alldefconfig: 'none',
  randconfig: 'none',
  listnewconfig: 'none',
  helpnewconfig: 'none',
  yes2modconfig: 'none',
  mod2yesconfig: 'none',
  mod2noconfig: 'none',
};

export const confHelp = `Usage: kconfig-solve conf [-s] --MODE[=FILE] KCONFIG_FILE

Runs a mode of the kernel's scripts/kconfig/conf with conf's command line and environment, so it can replace
the built conf under the kernel's make (e.g. a wrapper script at OUT/scripts/kconfig/conf).

Modes: ${Object.entries(CONF_MODES)
  .map(([m, f]) => (f === 'file' ? `--${m}=FILE` : `--${m}`))
  .join(', ')}
(none: --oldaskconfig, as conf)

  -s          silent: no "configuration written" messages
  --no-cache  (ours, not conf's) run every $(shell,...) instead of using the result cache

Environment as conf: srctree, KCONFIG_CONFIG (default .config), KCONFIG_ALLCONFIG, KCONFIG_SEED,
KCONFIG_PROBABILITY, KCONFIG_WARN_UNKNOWN_SYMBOLS, KCONFIG_WERROR, KCONFIG_NOSILENTUPDATE, KCONFIG_AUTOCONFIG,
KCONFIG_AUTOHEADER, KCONFIG_RUSTCCFG, CONFIG_ (symbol prefix), KERNELVERSION.
`;

export function modeHelp(mode: ConfMode): string {
  const file = CONF_MODES[mode] === 'file';
  return `Usage: kconfig-solve ${mode} [options]${file ? ' FILE' : ''} [--] [KCONFIG_FILE]

Runs conf's --${mode}${file ? '=FILE' : ''} on a kernel tree, with the environment make would give it.
Output is byte-identical to the kernel's conf.${
    mode === 'syncconfig'
      ? '\nAlso writes include/config/auto.conf(.cmd), include/generated/autoconf.h and rustc_cfg under the current\ndirectory (KCONFIG_AUTOCONFIG, KCONFIG_AUTOHEADER, KCONFIG_RUSTCCFG override the names).'
      : ''
  }

Options:
  --srctree DIR     the kernel source tree (default: $srctree, else the current directory)
  --arch ARCH       the ARCH make would get (sets ARCH and SRCARCH)
  --config FILE     the .config to read and write (default: $KCONFIG_CONFIG, else .config)
${file ? `  --file FILE       the ${mode === 'savedefconfig' ? 'defconfig to write' : 'defconfig to read'}\n` : ''}  --shell MODE      "run" (default) runs $(shell,...) like conf; "stub" answers every one with "n"
  --no-cache        run every $(shell,...) (default: cached under $XDG_CACHE_HOME/kconfig-solve/shell)
  --answers FILE    answers to new symbols' questions as SYMBOL=answer lines (a choice: its member=y);
                    default: read from stdin like conf
  -s, --silent      no "configuration written" messages
  -h, --help        show this help
`;
}

interface ConfInvocation {
  readonly mode: ConfMode;
  readonly file?: string;
  readonly kconfig: string;
  readonly silent: boolean;
  /** The environment conf gets; with srctree/arch, completed as make would (kernelEnvironment). */
  readonly env: Environment;
  readonly srctree?: string;
  readonly arch?: string;
  readonly stub: boolean;
  /** Cache `$(shell,...)` results across runs (see shell/cache.ts). */
  readonly cache: boolean;
  /** Whether modes other than syncconfig create a missing include/config/auto.conf, as conf does. */
  readonly autoconf: boolean;
  /** Answers to oldconfig's questions. */
  readonly answers: AnswerSource;
}

/** conf reads stdin; it echoes answers unless stdin and stdout are both terminals (tty_stdio). */
function stdinAnswers(): AnswerSource {
  return streamAnswers(0, isatty(0) && isatty(1));
}

/** `kconfig-solve conf ...`: conf's own argument syntax. */
export function runConfDropIn(argv: readonly string[], io: Io): number {
  let mode: ConfMode | undefined;
  let file: string | undefined;
  let silent = false;
  let cache = true;
  const positionals: string[] = [];
  for (const arg of argv) {
    if (arg === '-s') silent = true;
    else if (arg === '--no-cache') cache = false;
    else if (arg === '-h' || arg === '--help') {
      io.stdout(confHelp);
      return EXIT_OK;
    } else if (arg.startsWith('--')) {
      const [name = '', value] = arg.slice(2).split(/=(.*)/s, 2);
      if (!(name in CONF_MODES)) {
        io.stderr(`kconfig-solve conf: unknown option '${arg}'\n${confHelp}`);
        return EXIT_USAGE;
      }
      if (mode !== undefined) {
        io.stderr('kconfig-solve conf: only one mode at a time\n');
        return EXIT_USAGE;
      }
      mode = name as ConfMode;
      file = value;
    } else positionals.push(arg);
  }
  // conf's default mode.
  mode ??= 'oldaskconfig';
  if (positionals.length !== 1) {
    io.stderr(`kconfig-solve conf: one Kconfig file expected\n${confHelp}`);
    return EXIT_USAGE;
  }
  if (CONF_MODES[mode] === 'file' && !file) {
    io.stderr(`kconfig-solve conf: --${mode} needs a file: --${mode}=FILE\n`);
    return EXIT_USAGE;
  }
  return runInvocation(
    {
      mode,
      kconfig: positionals[0] as string,
      silent,
      env: process.env,
      stub: false,
      cache,
      autoconf: true,
      answers: stdinAnswers(),
      ...(file ? { file } : {}),
    },
    io,
  );
}

/** `kconfig-solve MODE ...`: the friendly form. */
export function runModeCommand(mode: ConfMode, argv: readonly string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        srctree: { type: 'string' },
        arch: { type: 'string' },
        config: { type: 'string' },
        file: { type: 'string' },
        shell: { type: 'string', default: 'run' },
        answers: { type: 'string' },
        'no-cache': { type: 'boolean' },
        silent: { type: 'boolean', short: 's' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`kconfig-solve ${mode}: ${(e as Error).message}\n${modeHelp(mode)}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(modeHelp(mode));
    return EXIT_OK;
  }
  if (values.shell !== 'run' && values.shell !== 'stub') {
    io.stderr(`kconfig-solve ${mode}: --shell takes "run" or "stub", not "${values.shell}"\n`);
    return EXIT_USAGE;
  }
  if (CONF_MODES[mode] === 'file' && values.file === undefined) {
    io.stderr(`kconfig-solve ${mode}: --file FILE is required\n`);
    return EXIT_USAGE;
  }
  if (positionals.length > 1) {
    io.stderr(`kconfig-solve ${mode}: one Kconfig file expected, got ${positionals.length}\n`);
    return EXIT_USAGE;
  }
  let answers = stdinAnswers();
  if (values.answers !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.answers, 'latin1');
    } catch (e) {
      io.stderr(`kconfig-solve ${mode}: cannot read ${values.answers}: ${(e as Error).message}\n`);
      return EXIT_FAILURE;
    }
    answers = scriptedAnswers(parseAnswerScript(text));
  }
  const env: Record<string, string | undefined> = { ...process.env };
  if (values.config !== undefined) env.KCONFIG_CONFIG = values.config;
  return runInvocation(
    {
      mode,
      kconfig: positionals[0] ?? 'Kconfig',
      silent: values.silent ?? false,
      env,
      ...(values.srctree !== undefined ? { srctree: values.srctree } : {}),
      ...(values.arch !== undefined ? { arch: values.arch } : {}),
      stub: values.shell === 'stub',
      cache: values['no-cache'] !== true,
      autoconf: false,
      answers,
      ...(values.file !== undefined ? { file: values.file } : {}),
    },
    io,
  );
}

function runInvocation(inv: ConfInvocation, textIo: Io): number {
  // Started first: the touch files of a fresh build directory are made while the tree is parsed.
  const touchAhead = startTouchAheadFor(inv.mode, { env: inv.env, autoconf: inv.autoconf });
  try {
    return runLoaded(inv, textIo, touchAhead);
  } finally {
    // A no-op when the run wrote auto.conf; otherwise conf would have made none of them.
    touchAhead?.abandon();
  }
}

function runLoaded(inv: ConfInvocation, textIo: Io, touchAhead: TouchAhead | undefined): number {
  const io = byteIo(textIo);
  const { model, rules, env, diagnostics, failed } = loadTree({
    kconfig: inv.kconfig,
    env: inv.env,
    srctree: inv.srctree,
    arch: inv.arch,
    shell: inv.stub ? 'stub' : 'run',
    cache: inv.cache,
  });
  printLoadDiagnostics(io, diagnostics);
  if (failed) return EXIT_FAILURE;
  const result = runConfMode(inv.mode, {
    model,
    rules,
    env,
    silent: inv.silent,
    autoconf: inv.autoconf,
    answers: inv.answers,
    // Streamed: a question must show before conf waits for its answer.
    onStdout: (text) => io.stdout(text),
    ...(inv.file !== undefined ? { defconfigFile: inv.file } : {}),
    ...(touchAhead ? { touchAhead } : {}),
  });
  io.stderr(result.stderr);
  return result.exitCode;
}

/**
 * What conf prints while parsing: `$(info)` text on stdout, `$(warning-if)` as `file:line: text`, errors. Property
 * warnings are conf's own and come from the evaluation, in conf's order and format.
 */
function printLoadDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.code === 'macro-info') io.stdout(`${d.message}\n`);
    else if (d.code === 'macro-warning-if') io.stderr(`${d.location?.file}:${d.location?.line}: ${d.message}\n`);
    else if (d.severity === 'error') io.stderr(`${formatDiagnostic(d)}\n`);
  }
}
