/**
 * `kconfig-solve lint-ebuild FILE|DIR... --srctree DIR --arch ARCH [--json]`: the CONFIG_CHECK of ebuilds and
 * eclasses checked against a kernel tree (requirements/lint.ts). Findings print as `file:line: severity:
 * message [code]`; exit 1 when any is an error.
 */
import { parseCommandLine } from '../output.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kernelVersion } from '../../environment.js';
import { type LintFinding, LintTree, lintEbuild } from '../../requirements/lint.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, printJson } from '../output.js';
import { loadTree, printLoadErrors, shellMode, TREE_HELP, TREE_OPTIONS } from '../tree.js';

export const lintEbuildHelp = `Usage: kconfig-solve lint-ebuild [options] FILE|DIR...

Reads the CONFIG_CHECK of ebuilds and eclasses without running them (plain and += assignments, 'use foo &&',
if/elif/else, $(usex ...), 'kernel_is -ge 5 19' gates) and checks every symbol against a kernel tree:
unknown or misspelt symbols (with close matches), symbols of other arches, non-bool symbols, symbols no
config can enable (or disable), and checks that contradict each other (X and !X, X and !Y when X selects Y).
Checks behind a version gate that is false for the tree are skipped. Directories are searched for *.ebuild
and *.eclass files. Exits 1 when there is an error.

Options (--srctree and --arch are required):
${TREE_HELP}  --json              print { files, findings: [{ file, line, symbol, code, severity, message }], ... }
  -h, --help          show this help
`;

export function runLintEbuild(argv: readonly string[], io: Io): number {
  const parsed = parseCommandLine(
    'lint-ebuild',
    argv,
    {
      ...TREE_OPTIONS,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    lintEbuildHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.srctree === undefined || values.arch === undefined) {
    io.stderr(`kconfig-solve lint-ebuild: --srctree and --arch are required\n${lintEbuildHelp}`);
    return EXIT_USAGE;
  }
  const shell = shellMode('lint-ebuild', values.shell, io);
  if (typeof shell === 'number') return shell;
  if (positionals.length === 0) {
    io.stderr(`kconfig-solve lint-ebuild: no ebuild given\n${lintEbuildHelp}`);
    return EXIT_USAGE;
  }
  const files: string[] = [];
  for (const path of positionals) {
    const found = ebuildFiles(path);
    if (found === undefined) {
      io.stderr(`${path}: error: cannot read\n`);
      return EXIT_FAILURE;
    }
    files.push(...found);
  }

  const { model, rules, env, diagnostics, failed } = loadTree({
    srctree: values.srctree,
    arch: values.arch,
    shell,
    cache: values['no-cache'] !== true,
  });
  if (failed) {
    printLoadErrors(io, diagnostics);
    return EXIT_FAILURE;
  }
  const srctree = env.srctree as string;
  const tree = new LintTree({
    model,
    rules,
    srctree,
    srcArch: env.SRCARCH ?? values.arch,
    kernelVersion: env.KERNELVERSION ?? kernelVersion(srctree) ?? '0',
  });
  const findings: LintFinding[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.stderr(`${file}: error: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT_FAILURE;
    }
    findings.push(...lintEbuild(file, text, tree));
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (values.json) {
    printJson(io, {
      srctree,
      arch: values.arch,
      kernelVersion: tree.options.kernelVersion,
      files,
      findings,
      errors,
      warnings,
    });
  } else {
    for (const f of findings) io.stdout(`${f.file}:${f.line}: ${f.severity}: ${f.message} [${f.code}]\n`);
    io.stdout(`${files.length} files: ${errors} errors, ${warnings} warnings\n`);
  }
  return errors > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** The file itself, or the *.ebuild and *.eclass files under a directory (sorted); undefined if unreadable. */
function ebuildFiles(path: string): string[] | undefined {
  try {
    if (!statSync(path).isDirectory()) return [path];
    const out: string[] = [];
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) out.push(...(ebuildFiles(child) ?? []));
      else if (/\.(ebuild|eclass)$/.test(entry.name)) out.push(child);
    }
    return out;
  } catch {
    return undefined;
  }
}
