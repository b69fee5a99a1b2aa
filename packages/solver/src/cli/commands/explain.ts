/**
 * `kconfig-solve explain SYMBOL... [--config FILE] [--dot FILE] [--json]`: why each symbol has its value in a
 * configuration (explain/explain.ts), printed as its .config line, its origin, menuconfig's help screen and
 * what that screen leaves out; `--dot` also writes the symbols' dependency cone for Graphviz (and an SVG when
 * `dot` is installed). Exit 1 when a symbol is not defined in the tree.
 */
import { writeFileSync } from 'node:fs';
import { dependencyCone } from '../../explain/cone.js';
import { formatDot, renderSvg, type SvgOutcome, svgFileFor } from '../../explain/dot.js';
import { explainSymbol, type SymbolExplanation } from '../../explain/explain.js';
import { formatExplanation } from '../../explain/format.js';
import { byteIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, parseCommandLine, printJson } from '../output.js';
import { loadConfiguredTree, shellMode, TREE_HELP, TREE_OPTIONS } from '../tree.js';

export const explainHelp = `Usage: kconfig-solve explain [options] SYMBOL...

Explains each symbol's value in a configuration: its .config line; where the value comes from (the .config,
which default, which select or imply, which choice member); menuconfig's help screen (definitions with
file:line, prompts, "Depends on" with each symbol's value, "Location:", "Selects", "Selected by", "Implied
by"); the dependencies that are not met; defaults and ranges with their conditions; and, for a symbol that is
n, the settings that would enable it. SYMBOL may be given with or without CONFIG_. Exits 1 when a symbol is
not defined in the tree.

Options:
  --config FILE       the configuration, read as olddefconfig reads it (default: $KCONFIG_CONFIG, else
                      .config; without one, every symbol is at its default)
  --dot FILE          also write the symbols' dependency cone as Graphviz (and FILE.svg via dot, if installed)
  --depth N           how far the cone follows dependencies and selects (default 2)
${TREE_HELP}  --json              print { config, symbols: [...], dot } with the same data
  -h, --help          show this help
`;

export function runExplain(argv: readonly string[], rawIo: Io): number {
  const io = byteIo(rawIo);
  const parsed = parseCommandLine(
    'explain',
    argv,
    {
      ...TREE_OPTIONS,
      config: { type: 'string' },
      dot: { type: 'string' },
      depth: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    explainHelp,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const shell = shellMode('explain', values.shell, io);
  if (typeof shell === 'number') return shell;
  if (positionals.length === 0) {
    io.stderr(`kconfig-solve explain: no symbol given\n${explainHelp}`);
    return EXIT_USAGE;
  }
  const depth = values.depth === undefined ? 2 : Number(values.depth);
  if (!Number.isInteger(depth) || depth < 0) {
    io.stderr(`kconfig-solve explain: --depth takes a whole number, not "${values.depth}"\n`);
    return EXIT_USAGE;
  }

  const configured = loadConfiguredTree('explain', values, shell, io, values.json ? undefined : 'showing the defaults');
  if (typeof configured === 'number') return configured;
  const { reading } = configured;

  const explanations = positionals.map((name) => explainSymbol(reading.evaluation, name));
  const known = explanations.flatMap((e) => (e.kind === 'symbol' ? [e.name] : []));
  let dot: { file: string; svg: SvgOutcome } | undefined;
  if (values.dot !== undefined && known.length > 0) {
    const text = formatDot(dependencyCone(reading.evaluation, known, { depth }));
    try {
      writeFileSync(values.dot, text);
    } catch (e) {
      io.stderr(`kconfig-solve explain: ${values.dot}: ${(e as Error).message}\n`);
      return EXIT_FAILURE;
    }
    dot = { file: values.dot, svg: renderSvg(values.dot, svgFileFor(values.dot)) };
  }

  if (values.json) {
    printJson(io, {
      config: configured.file ?? null,
      symbols: explanations,
      dot: dot ? { file: dot.file, svg: dot.svg.written ? dot.svg.file : null, ...svgNote(dot.svg) } : null,
    });
  } else {
    const shown = explanations.filter((e): e is SymbolExplanation => e.kind === 'symbol');
    io.stdout(shown.map((e) => formatExplanation(e)).join('\n'));
    for (const e of explanations) if (e.kind === 'unknown') io.stderr(`kconfig-solve explain: ${e.message}\n`);
    if (dot) {
      io.stdout(`\nDependency graph written to ${dot.file}`);
      io.stdout(dot.svg.written ? ` and ${dot.svg.file}\n` : ` (no SVG: ${dot.svg.reason})\n`);
    }
  }
  return explanations.some((e) => e.kind === 'unknown') ? EXIT_FAILURE : EXIT_OK;
}

function svgNote(svg: SvgOutcome): { note?: string } {
  return svg.written ? {} : { note: `no SVG: ${svg.reason}` };
}
