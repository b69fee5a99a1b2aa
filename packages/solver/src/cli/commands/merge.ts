/**
 * `kconfig-solve merge [-m] [-n] [-r] [-y] [-s] [-Q] [-O DIR] [--olddefconfig] BASE FRAGMENT...`:
 * scripts/kconfig/merge_config.sh with our conf (fragments/run.ts): the script's flags, messages and exit
 * statuses, then the requested-vs-actual report with the reason for every value that did not take.
 * Gentoo's order is built in: BASE, the fragments, `--savedconfig FILE`, then `--config-d DIR/*.config`.
 */
import { configDirFragments, type MergeResolution, type MergeRunResult, runMerge } from '../../fragments/run.js';
import type { MergeEvent } from '../../fragments/merge.js';
import { byteIo, EXIT_FAILURE, EXIT_USAGE, type Io, parseCommandLine, printJson } from '../output.js';
import { loadTree, printLoadErrors, shellMode, TREE_HELP, TREE_OPTIONS } from '../tree.js';

export const mergeHelp = `Usage: kconfig-solve merge [options] BASE FRAGMENT...

Merges config fragments over BASE exactly as scripts/kconfig/merge_config.sh does (a later fragment wins;
"Value of CONFIG_X is redefined by fragment F" with the previous and new values), then resolves the result
with our conf the way the script's make would, and reports every requested value that did not take, with
the reason: the failing terms of its dependencies with their values, the selects or implies that force it,
the range that clamped it, the choice member taken instead, and the fragment file:line that asked for it.

Resolution:
  (default)           make KCONFIG_ALLCONFIG=<merged> alldefconfig, as merge_config.sh
  -n                  the same with allnoconfig
  -m                  only merge: the merged file is written as the config (and the report tells what
                      olddefconfig will not keep)
  --olddefconfig      merge (as -m), then olddefconfig: the kernel's 'make foo.config' and Gentoo's way

merge_config.sh's flags:
  -r                  also list redundant entries
  -y                  never demote a y to m
  -s                  strict: a redefinition is fatal (after merging, before resolving); ours: a value
                      that did not take is fatal too ("Requested and effective config differ")
  -Q                  no redefinition messages (6.12's script; 6.1's has no -Q)
  -O DIR              write DIR/.config and run conf there (the directory must exist)

Inputs, after the fragments (Gentoo's order):
  --savedconfig FILE  a saved config, merged after the fragments
  --config-d DIR      every DIR/*.config (byte order, dot files left out), merged last

The config is KCONFIG_CONFIG (default .config, or DIR/.config with -O); the previous one is kept as .old, as
conf does. Messages go where the script prints them (stdout; missing inputs on stderr). Exit status: 0; 1
when an input is missing or unreadable, conf fails, or -s finds a violation; 2 for a wrong command line.

Options:
${TREE_HELP}  --kconfig FILE      the top Kconfig file (default Kconfig, found as given, then under --srctree)
  --json              print { base, fragments, resolution, configFile, events, requested, notTaken, report,
                      exitCode, stdout, stderr } instead of the messages
  -h, --help          show this help
`;

export function runMergeCommand(argv: readonly string[], rawIo: Io): number {
  const io = byteIo(rawIo);
  const parsed = parseCommandLine(
    'merge',
    argv,
    {
      ...TREE_OPTIONS,
      'merge-only': { type: 'boolean', short: 'm' },
      allnoconfig: { type: 'boolean', short: 'n' },
      redundant: { type: 'boolean', short: 'r' },
      builtin: { type: 'boolean', short: 'y' },
      strict: { type: 'boolean', short: 's' },
      quiet: { type: 'boolean', short: 'Q' },
      output: { type: 'string', short: 'O' },
      olddefconfig: { type: 'boolean' },
      savedconfig: { type: 'string' },
      'config-d': { type: 'string' },
      kconfig: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    mergeHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const shell = shellMode('merge', values.shell, io);
  if (typeof shell === 'number') return shell;
  const [base, ...fragments] = positionals;
  if (base === undefined) {
    io.stderr(`kconfig-solve merge: no base config given\n${mergeHelp}`);
    return EXIT_USAGE;
  }
  if (values.olddefconfig && values.allnoconfig) {
    io.stderr('kconfig-solve merge: -n (allnoconfig) and --olddefconfig are two different resolutions\n');
    return EXIT_USAGE;
  }
  const resolution: MergeResolution = values.olddefconfig
    ? 'olddefconfig'
    : values['merge-only']
      ? 'none'
      : values.allnoconfig
        ? 'allnoconfig'
        : 'alldefconfig';
  if (values.savedconfig !== undefined) fragments.push(values.savedconfig);
  if (values['config-d'] !== undefined) {
    const found = configDirFragments(values['config-d']);
    if ('error' in found) {
      io.stderr(`kconfig-solve merge: ${found.error}\n`);
      return EXIT_FAILURE;
    }
    fragments.push(...found.files);
  }

  const tree = loadTree({
    srctree: values.srctree,
    arch: values.arch,
    kconfig: values.kconfig,
    shell,
    cache: values['no-cache'] !== true,
  });
  if (tree.failed) {
    printLoadErrors(io, tree.diagnostics);
    return EXIT_FAILURE;
  }
  const result = runMerge({
    model: tree.model,
    rules: tree.rules,
    env: tree.env,
    base,
    fragments,
    resolution,
    ...(values.builtin ? { builtin: true } : {}),
    ...(values.redundant ? { redundant: true } : {}),
    ...(values.strict ? { strict: true } : {}),
    ...(values.quiet ? { quiet: true } : {}),
    ...(values.output !== undefined ? { outputDir: values.output } : {}),
  });
  if (values.json) printJson(io, mergeJson(base, fragments, result));
  else {
    io.stdout(result.stdout);
    io.stderr(result.stderr);
  }
  return result.exitCode;
}

/** Everything the run found, for tools: the same data as the messages, and the reasons in full. */
function mergeJson(base: string, fragments: readonly string[], r: MergeRunResult): Record<string, unknown> {
  const events = (r.merged?.steps ?? []).flatMap((s) => s.events.map(eventJson));
  const requested = r.requested.map((v) => ({
    symbol: v.symbol,
    requested: v.requested,
    actual: v.actual,
    taken: v.reason === undefined,
    file: v.fragment,
    line: v.line,
    reason: v.reason
      ? {
          kind: v.reason.kind,
          message: v.reason.message,
          terms: v.reason.terms.map((t) => ({ text: t.text, value: t.value, symbols: t.symbols })),
          ...(v.reason.by ? { by: v.reason.by } : {}),
          ...(v.reason.chosen ? { chosen: v.reason.chosen } : {}),
          ...(v.reason.range ? { range: v.reason.range } : {}),
          ...(v.reason.defaultValue !== undefined ? { defaultValue: v.reason.defaultValue } : {}),
        }
      : null,
  }));
  return {
    base,
    fragments,
    resolution: r.resolution,
    exitCode: r.exitCode,
    error: r.error ?? null,
    strictViolation: r.strictViolation ?? null,
    configFile: r.configFile ?? null,
    events,
    requested,
    notTaken: requested.filter((v) => !v.taken).map((v) => v.symbol),
    report: r.report.map((b) => ({
      symbol: b.symbol,
      requested: b.requestedLines,
      actual: b.actualLines,
      taken: b.value !== undefined && b.value.reason === undefined,
    })),
    merged: r.merged?.text ?? null,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

function eventJson(e: MergeEvent): Record<string, unknown> {
  return e.kind === 'redundant'
    ? { kind: e.kind, symbol: e.symbol, fragment: e.fragment }
    : { kind: e.kind, symbol: e.symbol, fragment: e.fragment, previous: e.previous, value: e.value };
}
