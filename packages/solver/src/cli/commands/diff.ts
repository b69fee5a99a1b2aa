/**
 * `kconfig-solve diff [-m] [--json] [OLD NEW]`: scripts/diffconfig. Without files it compares .config.old with
 * .config (under $KBUILD_OUTPUT when set), as diffconfig does. Exit 0, or 1 when a file cannot be read or has
 * malformed lines (each reported as file:line; the rest is still compared).
 */
import { parseCommandLine } from '../output.js';
import { readFileSync } from 'node:fs';
import { diffConfigs, formatDiffconfig } from '../../dotconfig/diff.js';
import { decodeConfigBytes, type Dotconfig, formatDotconfigProblem, parseDotconfig } from '../../dotconfig/parse.js';
import type { Environment } from '../../environment.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, printJson } from '../output.js';

export const diffHelp = `Usage: kconfig-solve diff [options] [OLD NEW]

Compares two .config files like the kernel's scripts/diffconfig: sorted, values only.
  -SYM val            only in OLD
   SYM old -> new     changed
  +SYM val            only in NEW
"# CONFIG_SYM is not set" counts as n. Without files: .config.old and .config (in $KBUILD_OUTPUT if set).
Plain or gzip'd files are accepted.

Options:
  -m, --merge         print the changed and new values as .config lines (diffconfig -m)
  --json              print { old, new, removed: [{symbol, value}], changed: [{symbol, old, new}], added }
  -h, --help          show this help
`;

export function runDiff(argv: readonly string[], io: Io, env: Environment = process.env): number {
  const parsed = parseCommandLine(
    'diff',
    argv,
    {
      merge: { type: 'boolean', short: 'm' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    diffHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 0 && positionals.length !== 2) {
    io.stderr(`kconfig-solve diff: two files expected (or none), got ${positionals.length}\n${diffHelp}`);
    return EXIT_USAGE;
  }
  const dir = env.KBUILD_OUTPUT !== undefined && env.KBUILD_OUTPUT !== '' ? `${env.KBUILD_OUTPUT}/` : '';
  const [oldFile, newFile] =
    positionals.length === 2 ? (positionals as [string, string]) : [`${dir}.config.old`, `${dir}.config`];
  const configs: Dotconfig[] = [];
  let failed = false;
  for (const file of [oldFile, newFile]) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      io.stderr(`${file}: error: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT_FAILURE;
    }
    const decoded = decodeConfigBytes(bytes, file);
    if (decoded.text === undefined) {
      if (decoded.problem) io.stderr(`${formatDotconfigProblem(decoded.problem)}\n`);
      return EXIT_FAILURE;
    }
    const config = parseDotconfig(decoded.text, file);
    for (const p of config.problems) io.stderr(`${formatDotconfigProblem(p)}\n`);
    failed ||= config.problems.length > 0;
    configs.push(config);
  }
  const diff = diffConfigs(configs[0] as Dotconfig, configs[1] as Dotconfig);
  if (values.json) printJson(io, { old: oldFile, new: newFile, ...diff });
  else io.stdout(formatDiffconfig(diff, { merge: values.merge ?? false }));
  return failed ? EXIT_FAILURE : EXIT_OK;
}
