/**
 * `kconfig-solve derive [--config FILE] [--json] 'FOO !BAR ~BAZ'`: the settings that make a CONFIG_CHECK list
 * hold on a kernel tree (derive/requirements.ts), printed as a config fragment for
 * `scripts/kconfig/merge_config.sh -m .config FRAGMENT` followed by `make olddefconfig`. Each setting carries
 * a comment naming the checks that need it; a check no settings can satisfy is reported on stderr with the
 * reason. Exit 1 when a fatal check cannot be met.
 */
import { deriveRequirements, type RequirementsResult } from '../../derive/requirements.js';
import { formatAssignment } from '../../derive/search.js';
import type { Evaluation } from '../../eval/evaluation.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, parseCommandLine, printJson } from '../output.js';
import { loadConfiguredTree, shellMode, TREE_HELP, TREE_OPTIONS } from '../tree.js';

export const deriveHelp = `Usage: kconfig-solve derive [options] 'FOO !BAR ~BAZ' [MORE WORDS...]

Finds the fewest changes to a .config that make a CONFIG_CHECK list hold (FOO: y or m, !BAR: not set;
~ checks are warnings and are left alone), following every dependency, select, imply and choice of the
tree, and confirms them with an exact evaluation. Prints them as a fragment for
  scripts/kconfig/merge_config.sh -m .config FRAGMENT && make olddefconfig
A check that no settings can meet is reported with the reason. Exits 1 when a check cannot be met.

Options:
${TREE_HELP}  --config FILE       the configuration to start from, read as olddefconfig reads it
                      (default: $KCONFIG_CONFIG, else .config; without one, the defaults)
  --json              print { config, checks, settings: [{ symbol, value, line, neededBy }], unmet, ... }
  -h, --help          show this help
`;

export function runDerive(argv: readonly string[], io: Io): number {
  const parsed = parseCommandLine(
    'derive',
    argv,
    { ...TREE_OPTIONS, config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    deriveHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const shell = shellMode('derive', values.shell, io);
  if (typeof shell === 'number') return shell;
  if (positionals.length === 0) {
    io.stderr(`kconfig-solve derive: no CONFIG_CHECK words given\n${deriveHelp}`);
    return EXIT_USAGE;
  }

  const configured = loadConfiguredTree(
    'derive',
    values,
    shell,
    io,
    values.json ? undefined : 'starting from the defaults',
  );
  if (typeof configured === 'number') return configured;
  const { reading } = configured;

  const words = positionals.join(' ');
  const result = deriveRequirements(reading.evaluation, words);
  for (const p of result.problems) io.stderr(`kconfig-solve derive: ${p.message}\n`);
  if (result.problems.length > 0) return EXIT_USAGE;

  const ev = reading.evaluation;
  if (values.json) {
    printJson(io, {
      config: configured.file ?? null,
      checks: result.checks.map((c) => c.word),
      settings: result.assignments.map((a) => ({ ...a, line: formatAssignment(ev, a) })),
      unmet: result.unmet.map((u) => ({ check: u.check.word, reason: u.reason })),
      verified: result.verified,
    });
  } else {
    io.stdout(formatFragment(ev, words, result));
    for (const u of result.unmet) io.stderr(`kconfig-solve derive: ${u.check.word} cannot be met: ${u.reason}\n`);
  }
  return result.unmet.length > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** The fragment: a header, then per setting a comment naming the checks that need it and the line itself. */
export function formatFragment(ev: Evaluation, words: string, result: RequirementsResult): string {
  const lines = [`# Settings for CONFIG_CHECK="${words}" (kconfig-solve derive)`];
  if (result.assignments.length === 0 && result.unmet.length === 0) lines.push('# Every check already holds.');
  for (const a of result.assignments) lines.push(`# needed by ${a.neededBy.join(' ')}`, formatAssignment(ev, a));
  for (const u of result.unmet) lines.push(`# ${u.check.word} cannot be met: ${u.reason}`);
  return `${lines.join('\n')}\n`;
}
