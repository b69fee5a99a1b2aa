/**
 * The `kconfig-solve` command line: a dispatcher over the library's commands. Each command module parses its
 * own options and returns an exit status; this file only routes and prints the overview.
 */
import { CONF_MODES, runConfDropIn, runModeCommand } from './commands/conf.js';
import type { ConfMode } from '../conf/modes.js';
import { EXIT_OK, EXIT_USAGE, type Io, processIo } from './output.js';

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

const MODE_SUMMARIES: Readonly<Record<ConfMode, string>> = {
  olddefconfig: 'update .config: new symbols get their defaults',
  oldconfig: 'update .config, asking about new symbols (answers from stdin or --answers)',
  oldaskconfig: 'ask about every symbol, starting from .config',
  helpnewconfig: 'list symbols the .config does not set, with their help',
  syncconfig: 'update .config and write include/config/auto.conf, autoconf.h and rustc_cfg (as make does)',
  defconfig: 'make .config from a defconfig file',
  savedefconfig: 'write the minimal defconfig of .config',
  allnoconfig: 'answer no wherever possible',
  allyesconfig: 'answer yes wherever possible',
  allmodconfig: 'answer mod wherever possible',
  alldefconfig: 'take every default',
  randconfig: 'random values (KCONFIG_SEED, KCONFIG_PROBABILITY)',
  listnewconfig: 'list symbols the .config does not set',
  yes2modconfig: 'turn y into m where possible',
  mod2yesconfig: 'turn m into y',
  mod2noconfig: 'turn m into n',
};

// Commands other than conf's modes import their module when they run: a conf mode (the drop-in runs under
// make, often) then loads only what conf needs, not the SAT solver, graphlib or the ebuild reader.
const commands: Readonly<Record<string, { run: Command; summary: string }>> = {
  parse: {
    run: async (argv, io) => (await import('./commands/parse.js')).runParse(argv, io),
    summary: 'load a Kconfig tree and report its symbols and diagnostics',
  },
  check: {
    run: async (argv, io) => (await import('./commands/check.js')).runCheck(argv, io),
    summary: "Gentoo's CONFIG_CHECK against a .config or /proc/config.gz (linux-info)",
  },
  diff: {
    run: async (argv, io) => (await import('./commands/diff.js')).runDiff(argv, io),
    summary: 'compare two .config files (scripts/diffconfig)',
  },
  'lint-ebuild': {
    run: async (argv, io) => (await import('./commands/lint-ebuild.js')).runLintEbuild(argv, io),
    summary: "check ebuilds' CONFIG_CHECK symbols against a kernel tree",
  },
  derive: {
    run: async (argv, io) => (await import('./commands/derive.js')).runDerive(argv, io),
    summary: 'the fewest .config changes that make CONFIG_CHECK words hold, as a fragment',
  },
  merge: {
    run: async (argv, io) => (await import('./commands/merge.js')).runMergeCommand(argv, io),
    summary: 'merge_config.sh with our conf, and why each requested value did not take',
  },
  explain: {
    run: async (argv, io) => (await import('./commands/explain.js')).runExplain(argv, io),
    summary: 'why a symbol has its value: origin, dependencies, menu location, how to enable it',
  },
  set: {
    run: async (argv, io) => (await import('./commands/set.js')).runSet(argv, io),
    summary: 'edit .config like scripts/config, refusing values the Kconfig rules cannot give',
  },
  conf: { run: runConfDropIn, summary: "scripts/kconfig/conf's command line, as a drop-in under the kernel's make" },
  ...Object.fromEntries(
    (Object.keys(CONF_MODES) as ConfMode[]).map((mode) => [
      mode,
      { run: (argv: readonly string[], io: Io) => runModeCommand(mode, argv, io), summary: MODE_SUMMARIES[mode] },
    ]),
  ),
};

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: kconfig-solve <command> [options]

Understands the Linux kernel's Kconfig exactly (the kernel's scripts/kconfig is the reference).

Commands:
${lines.join('\n')}

Run 'kconfig-solve <command> --help' for a command's options.
`;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`kconfig-solve: unknown command '${name}'\n\n${overview()}`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}
