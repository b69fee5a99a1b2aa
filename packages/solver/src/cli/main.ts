/**
 * The `kconfig-solve` command line: a dispatcher over the library's commands. Each command module parses its
 * own options and returns an exit status; this file only routes and prints the overview.
 */
import { runParse } from './commands/parse.js';
import { EXIT_OK, EXIT_USAGE, type Io, processIo } from './output.js';

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

const commands: Readonly<Record<string, { run: Command; summary: string }>> = {
  parse: { run: runParse, summary: 'load a Kconfig tree and report its symbols and diagnostics' },
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
