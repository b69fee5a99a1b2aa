/**
 * `kconfig-solve parse [--json] [KCONFIG_FILE]`: loads a Kconfig tree like conf and reports what it defines and
 * every problem found, located. A thin layer over `loadKconfig`.
 */
import type { KconfigModel, MenuNode } from '@kconfig-solve/kconfig-parser';
import {
  diagnosticToJson,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type Io,
  parseCommandLine,
  printDiagnostics,
  printJson,
} from '../output.js';
import { loadTree, shellMode, TREE_HELP, TREE_OPTIONS } from '../tree.js';

export const parseHelp = `Usage: kconfig-solve parse [options] [KCONFIG_FILE]

Load a Kconfig tree the way the kernel's scripts/kconfig/conf does (macros expanded, sources followed) and
print a summary: files, symbols, menus, choices and every diagnostic as file:line:col: severity: message.
Exits 1 when the tree has errors.

KCONFIG_FILE          the top file (default: Kconfig), found as given, then under $srctree

Options:
${TREE_HELP}  --kconfiglib        accept Kconfiglib's osource/rsource/orsource and glob source (Zephyr, ESP-IDF)
  --json              print the result as JSON: { files, symbols, menus, choices, diagnostics, ... }
  -h, --help          show this help

Environment: srctree, SRCARCH, ARCH, CC, LD, KERNELVERSION, ... are read as conf reads them; with --srctree or
--arch, the ones make would export are filled in when unset (CC=gcc, LD=ld, KERNELVERSION from the Makefile).
`;

export interface ModelSummary {
  readonly files: number;
  readonly symbols: number;
  readonly menus: number;
  readonly comments: number;
  readonly choices: number;
  readonly definitions: number;
}

export function summarizeModel(model: KconfigModel): ModelSummary {
  let menus = 0;
  let comments = 0;
  let definitions = 0;
  const pending: MenuNode[] = [model.root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.kind === 'menu') menus++;
    else if (node.kind === 'comment') comments++;
    else if (node.kind === 'config') definitions++;
    pending.push(...node.children);
  }
  return {
    files: model.files.length,
    symbols: model.symbols.size,
    menus,
    comments,
    choices: model.choices.length,
    definitions,
  };
}

export function runParse(argv: readonly string[], io: Io): number {
  const parsed = parseCommandLine(
    'parse',
    argv,
    {
      ...TREE_OPTIONS,
      kconfiglib: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    parseHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const shell = shellMode('parse', values.shell, io);
  if (typeof shell === 'number') return shell;
  if (positionals.length > 1) {
    io.stderr(`kconfig-solve parse: one Kconfig file expected, got ${positionals.length}\n`);
    return EXIT_USAGE;
  }
  const top = positionals[0] ?? 'Kconfig';
  const started = performance.now();
  const { model, env, diagnostics, failed } = loadTree({
    kconfig: top,
    srctree: values.srctree,
    arch: values.arch,
    shell,
    cache: values['no-cache'] !== true,
    kconfiglibExtensions: values.kconfiglib ?? false,
  });
  const elapsedMs = Math.round(performance.now() - started);
  const summary = summarizeModel(model);

  if (values.json) {
    printJson(io, {
      top,
      srctree: env.srctree ?? null,
      arch: env.ARCH ?? null,
      srcarch: env.SRCARCH ?? null,
      ...summary,
      elapsedMs,
      ok: !failed,
      fileList: model.files,
      symbols: [...model.symbols.keys()],
      diagnostics: diagnostics.map(diagnosticToJson),
    });
    return failed ? EXIT_FAILURE : EXIT_OK;
  }
  printDiagnostics(io, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  io.stdout(
    `${top}: ${summary.files} files, ${summary.symbols} symbols (${summary.definitions} definitions), ` +
      `${summary.menus} menus, ${summary.comments} comments, ${summary.choices} choices; ` +
      `${errors} errors, ${warnings} warnings (${elapsedMs} ms)\n`,
  );
  return failed ? EXIT_FAILURE : EXIT_OK;
}
