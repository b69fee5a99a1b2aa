/**
 * conf's modes from the command line, two ways:
 * - `kconfig-solve conf [-s] --MODE[=FILE] Kconfig`: scripts/kconfig/conf's exact command line and environment
 *   (srctree, KCONFIG_CONFIG, KCONFIG_ALLCONFIG, ...), so it drops in for the built conf under the kernel's make;
 * - `kconfig-solve MODE [--srctree DIR] [--arch ARCH] [--config FILE] [KCONFIG_FILE]`: the same with flags.
 * Both load the tree, run `runConfMode`, and print what conf prints. Exit status as conf: 0, or 1 on errors.
 */
import { parseArgs } from 'node:util';
import {
  type Diagnostic,
  formatDiagnostic,
  hasErrors,
  type KconfigModel,
  loadKconfig,
} from '@kconfig-solve/kconfig-parser';
import { type ConfMode, runConfMode } from '../../conf/modes.js';
import { detectRules, rulesForVersion } from '../../eval/evaluation.js';
import { type Environment, kernelEnvironment } from '../../environment.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from '../output.js';
import { stubShell } from './parse.js';

/** Modes conf has that we run; the value says whether the mode takes `=FILE`. */
export const CONF_MODES: Readonly<Record<ConfMode, 'file' | 'none'>> = {
  olddefconfig: 'none',
  syncconfig: 'none',
  defconfig: 'file',
  savedefconfig: 'file',
  allnoconfig: 'none',
  allyesconfig: 'none',
  allmodconfig: 'none',
  alldefconfig: 'none',
  randconfig: 'none',
  listnewconfig: 'none',
  yes2modconfig: 'none',
  mod2yesconfig: 'none',
  mod2noconfig: 'none',
};

/** conf modes we do not run yet, so the drop-in fails loudly instead of doing something else. */
const NOT_YET = ['oldconfig', 'oldaskconfig', 'askconfig', 'helpnewconfig'];

export const confHelp = `Usage: kconfig-solve conf [-s] --MODE[=FILE] KCONFIG_FILE

Runs a mode of the kernel's scripts/kconfig/conf with conf's command line and environment, so it can replace
the built conf under the kernel's make (e.g. a wrapper script at OUT/scripts/kconfig/conf).

Modes: ${Object.entries(CONF_MODES)
  .map(([m, f]) => (f === 'file' ? `--${m}=FILE` : `--${m}`))
  .join(', ')}
Not yet: ${NOT_YET.map((m) => `--${m}`).join(', ')}

  -s          silent: no "configuration written" messages

Environment as conf: srctree, KCONFIG_CONFIG (default .config), KCONFIG_ALLCONFIG, KCONFIG_SEED,
KCONFIG_PROBABILITY, KCONFIG_WARN_UNKNOWN_SYMBOLS, KCONFIG_WERROR, KCONFIG_NOSILENTUPDATE, KCONFIG_AUTOCONFIG,
KCONFIG_AUTOHEADER, KCONFIG_RUSTCCFG, CONFIG_ (symbol prefix), KERNELVERSION.
`;

export function modeHelp(mode: ConfMode): string {
  const file = CONF_MODES[mode] === 'file';
  return `Usage: kconfig-solve ${mode} [options]${file ? ' FILE' : ''} [--] [KCONFIG_FILE]

Runs conf's --${mode}${file ? '=FILE' : ''} on a kernel tree, with the environment make would give it.
Output is byte-identical to the kernel's conf.

Options:
  --srctree DIR     the kernel source tree (default: $srctree, else the current directory)
  --arch ARCH       the ARCH make would get (sets ARCH and SRCARCH)
  --config FILE     the .config to read and write (default: $KCONFIG_CONFIG, else .config)
${file ? `  --file FILE       the ${mode === 'savedefconfig' ? 'defconfig to write' : 'defconfig to read'}\n` : ''}  --shell MODE      "run" (default) runs $(shell,...) like conf; "stub" answers every one with "n"
  -s, --silent      no "configuration written" messages
  -h, --help        show this help
`;
}

interface ConfInvocation {
  readonly mode: ConfMode;
  readonly file?: string;
  readonly kconfig: string;
  readonly silent: boolean;
  readonly env: Environment;
  readonly stub: boolean;
}

/** `kconfig-solve conf ...`: conf's own argument syntax. */
export function runConfDropIn(argv: readonly string[], io: Io): number {
  let mode: ConfMode | undefined;
  let file: string | undefined;
  let silent = false;
  const positionals: string[] = [];
  for (const arg of argv) {
    if (arg === '-s') silent = true;
    else if (arg === '-h' || arg === '--help') {
      io.stdout(confHelp);
      return EXIT_OK;
    } else if (arg.startsWith('--')) {
      const [name = '', value] = arg.slice(2).split(/=(.*)/s, 2);
      if (NOT_YET.includes(name)) {
        io.stderr(`kconfig-solve conf: --${name} is not implemented yet\n`);
        return EXIT_FAILURE;
      }
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
  // conf's default mode is oldaskconfig, which needs a terminal.
  if (mode === undefined) {
    io.stderr(`kconfig-solve conf: a mode is required (oldaskconfig is not implemented yet)\n${confHelp}`);
    return EXIT_USAGE;
  }
  if (positionals.length !== 1) {
    io.stderr(`kconfig-solve conf: one Kconfig file expected\n${confHelp}`);
    return EXIT_USAGE;
  }
  if (CONF_MODES[mode] === 'file' && !file) {
    io.stderr(`kconfig-solve conf: --${mode} needs a file: --${mode}=FILE\n`);
    return EXIT_USAGE;
  }
  return runInvocation(
    { mode, kconfig: positionals[0] as string, silent, env: process.env, stub: false, ...(file ? { file } : {}) },
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
  const env: Record<string, string | undefined> = {
    ...kernelEnvironment({
      ...(values.srctree !== undefined ? { srctree: values.srctree } : {}),
      ...(values.arch !== undefined ? { arch: values.arch } : {}),
    }),
  };
  if (values.config !== undefined) env.KCONFIG_CONFIG = values.config;
  return runInvocation(
    {
      mode,
      kconfig: positionals[0] ?? 'Kconfig',
      silent: values.silent ?? false,
      env,
      stub: values.shell === 'stub',
      ...(values.file !== undefined ? { file: values.file } : {}),
    },
    io,
  );
}

function runInvocation(inv: ConfInvocation, io: Io): number {
  const { model, diagnostics } = loadKconfig({
    kconfig: inv.kconfig,
    env: inv.env,
    ...(inv.stub ? { shell: stubShell } : {}),
  });
  printLoadDiagnostics(io, diagnostics);
  if (hasErrors(diagnostics)) return EXIT_FAILURE;
  const result = runConfMode(inv.mode, {
    model,
    rules: rulesOf(model, inv.env),
    env: inv.env,
    silent: inv.silent,
    ...(inv.file !== undefined ? { defconfigFile: inv.file } : {}),
  });
  io.stdout(result.stdout);
  io.stderr(result.stderr);
  return result.exitCode;
}

/** 6.1 and 6.12 differ (choices); KERNELVERSION from make decides, else the model's own features. */
function rulesOf(model: KconfigModel, env: Environment) {
  return (env.KERNELVERSION !== undefined ? rulesForVersion(env.KERNELVERSION) : undefined) ?? detectRules(model);
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
