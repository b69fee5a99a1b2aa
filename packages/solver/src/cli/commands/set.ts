/**
 * `kconfig-solve set [--file FILE] [--force] [--json] [tree options] COMMAND...`: scripts/config's commands
 * (-e, -d, -m, --set-str, --set-val, -u, -s, -E, -D, -M, --refresh, -k) on a .config, checked against the
 * Kconfig tree before anything is written (edit/set.ts). As scripts/config, it prints nothing but --state
 * answers; a value that cannot hold is refused on stderr with the reason and exit 1, leaving the file as it
 * was, unless --force writes it anyway.
 */
import { escapeString } from '../../config/write.js';
import { parseSetArguments, type SetOperation } from '../../edit/scripts-config.js';
import { type OperationOutcome, setConfig } from '../../edit/set.js';
import { byteIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, printJson } from '../output.js';
import { loadTree, printLoadErrors, shellMode, TREE_HELP } from '../tree.js';

export const setHelp = `Usage: kconfig-solve set [options] COMMAND...

Edits a .config like the kernel's scripts/config, in place and keeping its layout, but first checks every
value against the Kconfig tree: a symbol the tree does not define, a value of the wrong type, or a value the
Kconfig rules would not keep (unmet dependencies, a select, no prompt, a range, a choice) is refused with the
reason, and nothing is written (exit 1). The previous file is kept as FILE.old.

Commands (scripts/config's; they can be repeated, and run in order):
  --enable|-e SYMBOL          set SYMBOL to y
  --disable|-d SYMBOL         set SYMBOL to n ("# CONFIG_SYMBOL is not set")
  --module|-m SYMBOL          set SYMBOL to m
  --set-str SYMBOL STRING     set SYMBOL to "STRING"
  --set-val SYMBOL VALUE      set SYMBOL to VALUE (a number, or y/m/n)
  --undefine|-u SYMBOL        remove SYMBOL's lines
  --state|-s SYMBOL           print SYMBOL's state: n, y, m, the value, or undef
  --enable-after|-E BEFORE SYMBOL, --disable-after|-D ..., --module-after|-M ...
                              the same, putting the line after BEFORE's
  --refresh                   give every symbol the file does not set its default (as olddefconfig)
  --keep-case|-k              do not upper-case the symbols that follow
SYMBOL may be given with or without CONFIG_ ($CONFIG_ sets another prefix).

Options:
  --file FILE         the .config to edit (default .config; created if missing)
  --force             write refused values anyway, as scripts/config would (reasons become warnings)
${TREE_HELP}  --json              print { file, written, refused, operations: [{ operation, status, requested,
                      value, reason, hint, state }] }
  -h, --help          show this help
`;

/** Our options, taken out of scripts/config's command line wherever they appear. */
const VALUE_OPTIONS = new Set(['--srctree', '--arch', '--shell']);
const FLAG_OPTIONS = new Set(['--force', '--json', '--no-cache', '--help', '-h']);

export function runSet(argv: readonly string[], rawIo: Io, env: NodeJS.ProcessEnv = process.env): number {
  const io = byteIo(rawIo);
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string | undefined]) : [arg];
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return usage(io, `${name} needs a value`);
      options.set(name, value);
    } else if (FLAG_OPTIONS.has(arg)) flags.add(arg);
    else rest.push(arg);
  }
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout(setHelp);
    return EXIT_OK;
  }
  const prefix = env.CONFIG_ ?? 'CONFIG_';
  const parsed = parseSetArguments(rest, prefix);
  if (parsed.problems.length > 0) return usage(io, parsed.problems.join('; '));
  const shell = shellMode('set', options.get('--shell'), io);
  if (typeof shell === 'number') return shell;

  const tree = loadTree({
    srctree: options.get('--srctree'),
    arch: options.get('--arch'),
    shell,
    cache: !flags.has('--no-cache'),
  });
  if (tree.failed) {
    printLoadErrors(io, tree.diagnostics);
    return EXIT_FAILURE;
  }
  const file = parsed.file ?? '.config';
  const result = setConfig({
    tree: { model: tree.model, rules: tree.rules, env: tree.env },
    file,
    operations: parsed.operations,
    force: flags.has('--force'),
    prefix,
  });
  if (flags.has('--json')) {
    printJson(io, {
      file,
      written: result.written,
      backup: result.backup ?? null,
      refused: result.refused,
      error: result.error ?? null,
      operations: result.outcomes.map((o) => ({ command: describe(o.operation, prefix), ...o })),
    });
    return result.refused || result.error !== undefined ? EXIT_FAILURE : EXIT_OK;
  }
  if (result.error !== undefined) {
    io.stderr(`kconfig-solve set: ${result.error}\n`);
    return EXIT_FAILURE;
  }
  for (const o of result.outcomes) {
    if (o.status === 'refused') io.stderr(`kconfig-solve set: ${assignment(o, prefix)} refused: ${o.reason}\n`);
    else if (o.status === 'forced')
      io.stderr(`kconfig-solve set: warning: ${assignment(o, prefix)} will not hold: ${o.reason}\n`);
    if (o.hint !== undefined && (o.status === 'refused' || o.status === 'forced'))
      io.stderr(`  to make it possible, ${o.hint}\n`);
  }
  if (result.refused) {
    io.stderr(`kconfig-solve set: ${file} left unchanged (--force writes it anyway)\n`);
    return EXIT_FAILURE;
  }
  for (const o of result.outcomes) if (o.state !== undefined) io.stdout(`${o.state}\n`);
  return EXIT_OK;
}

function usage(io: Io, message: string): number {
  io.stderr(`kconfig-solve set: ${message}\n${setHelp}`);
  return EXIT_USAGE;
}

/** The assignment an outcome is about, as a .config line would say it. */
function assignment(o: OperationOutcome, prefix: string): string {
  const op = o.operation;
  if (op.op === 'refresh') return '--refresh';
  const name = `${prefix}${op.symbol}`;
  if (op.op === 'set-str') return `${name}=${escapeString(op.value)}`;
  if (op.op === 'set-val') return `${name}=${op.value}`;
  return o.requested === undefined ? name : `${name}=${o.requested}`;
}

/** An operation as scripts/config spells it, for JSON. */
function describe(op: SetOperation, prefix: string): string {
  switch (op.op) {
    case 'refresh':
      return '--refresh';
    case 'set-str':
    case 'set-val':
      return `--${op.op} ${prefix}${op.symbol} ${op.value}`;
    case 'enable':
    case 'disable':
    case 'module':
      return op.after !== undefined
        ? `--${op.op}-after ${prefix}${op.after} ${prefix}${op.symbol}`
        : `--${op.op} ${prefix}${op.symbol}`;
    default:
      return `--${op.op} ${prefix}${op.symbol}`;
  }
}
