/**
 * `kconfig-solve parse [--json] [KCONFIG_FILE]`: loads a Kconfig tree like conf and reports what it defines and
 * every problem found, located. A thin layer over `loadKconfig`.
 */
import { parseArgs } from 'node:util';
import {
  hasErrors,
  type KconfigModel,
  loadKconfig,
  type MenuNode,
  type ShellRunner,
} from '@kconfig-solve/kconfig-parser';
import { kernelEnvironment } from '../../environment.js';
import {
  diagnosticToJson,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type Io,
  printDiagnostics,
  printJson,
} from '../output.js';

export const parseHelp = `Usage: kconfig-solve parse [options] [KCONFIG_FILE]

Load a Kconfig tree the way the kernel's scripts/kconfig/conf does (macros expanded, sources followed) and
print a summary: files, symbols, menus, choices and every diagnostic as file:line:col: severity: message.
Exits 1 when the tree has errors.

KCONFIG_FILE          the top file (default: Kconfig), found as given, then under $srctree

Options:
  --srctree DIR       the kernel source tree (default: $srctree, else the current directory)
  --arch ARCH         the ARCH make would get (sets ARCH and SRCARCH; default: $ARCH, $SRCARCH)
  --shell MODE        how $(shell,...) runs: "run" (default) runs /bin/sh like conf;
                      "stub" answers every command with "n" without running it
  --kconfiglib        accept Kconfiglib's osource/rsource/orsource and glob source (Zephyr, ESP-IDF)
  --json              print the result as JSON: { files, symbols, menus, choices, diagnostics, ... }
  -h, --help          show this help

Environment: srctree, SRCARCH, ARCH, CC, LD, KERNELVERSION, ... are read as conf reads them; with --srctree or
--arch, the ones make would export are filled in when unset (CC=gcc, LD=ld, KERNELVERSION from the Makefile).
`;

/** Answers every `$(shell,...)` with "n": enough to load a tree without running its compiler probes. */
export const stubShell: ShellRunner = () => ({ stdout: 'n', exitCode: 0 });

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
  let args: ReturnType<typeof parseParseArgs>;
  try {
    args = parseParseArgs(argv);
  } catch (e) {
    io.stderr(`kconfig-solve parse: ${(e as Error).message}\n${parseHelp}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(parseHelp);
    return EXIT_OK;
  }
  if (values.shell !== 'run' && values.shell !== 'stub') {
    io.stderr(`kconfig-solve parse: --shell takes "run" or "stub", not "${values.shell}"\n`);
    return EXIT_USAGE;
  }
  if (positionals.length > 1) {
    io.stderr(`kconfig-solve parse: one Kconfig file expected, got ${positionals.length}\n`);
    return EXIT_USAGE;
  }
  const env = kernelEnvironment({
    ...(values.srctree !== undefined ? { srctree: values.srctree } : {}),
    ...(values.arch !== undefined ? { arch: values.arch } : {}),
  });
  const top = positionals[0] ?? 'Kconfig';
  const started = performance.now();
  const { model, diagnostics } = loadKconfig({
    kconfig: top,
    env,
    kconfiglibExtensions: values.kconfiglib ?? false,
    ...(values.srctree !== undefined ? { srctree: values.srctree } : {}),
    ...(values.shell === 'stub' ? { shell: stubShell } : {}),
  });
  const elapsedMs = Math.round(performance.now() - started);
  const summary = summarizeModel(model);
  const failed = hasErrors(diagnostics);

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

function parseParseArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      srctree: { type: 'string' },
      arch: { type: 'string' },
      shell: { type: 'string', default: 'run' },
      kconfiglib: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
