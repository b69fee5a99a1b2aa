/**
 * Graphviz output for a dependency cone: a small DOT writer (nodes and edges with quoted IDs and attributes),
 * and `renderSvg`, which runs Graphviz's `dot` when it is installed. Node colour gives the value (y green,
 * m yellow, n red, other types white); edge style the relation (depends on: solid, visible if: dashed,
 * selects: bold blue, implies: dotted blue).
 */
import { spawnSync } from 'node:child_process';
import type { ConeEdgeKind, ConeNode, DependencyCone } from './cone.js';

const FILL: Readonly<Record<string, string>> = { y: '#c6efce', m: '#ffeb9c', n: '#f4cccc' };

const EDGE_STYLE: Readonly<Record<ConeEdgeKind, string>> = {
  'depends on': 'style=solid',
  'visible if': 'style=dashed',
  selects: 'style=bold, color="#1f4e9e"',
  implies: 'style=dotted, color="#1f4e9e"',
};

/** A DOT double-quoted string: `"` and `\` escaped, newlines as `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

export function formatDot(cone: DependencyCone): string {
  const label = cone.graph();
  const title = label.roots.join(', ');
  const lines = [
    `digraph ${dotString(`dependencies of ${title}`)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  if (label.truncated) lines.push(`  label=${dotString('(cut short: too many symbols; use a smaller --depth)')};`);
  for (const name of cone.nodes()) lines.push(`  ${dotString(name)} [${nodeAttributes(cone.node(name))}];`);
  for (const edge of cone.edges()) {
    const kind = cone.edge(edge).kind;
    lines.push(`  ${dotString(edge.v)} -> ${dotString(edge.w)} [label=${dotString(kind)}, ${EDGE_STYLE[kind]}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function nodeAttributes(node: ConeNode): string {
  const value = node.type === 'string' ? `"${node.value}"` : node.value;
  const text = node.type === 'undefined' ? `${node.name}\n(not defined)` : `${node.name}\n=${value}`;
  const attributes = [`label=${dotString(text)}`];
  const fill = node.type === 'int' || node.type === 'hex' || node.type === 'string' ? undefined : FILL[node.value];
  if (fill) attributes.push(`fillcolor="${fill}"`);
  if (node.root) attributes.push('penwidth=2.5');
  return attributes.join(', ');
}

export type SvgOutcome =
  { readonly written: true; readonly file: string } | { readonly written: false; readonly reason: string };

/** Runs `dot -Tsvg` on a DOT file; a missing `dot` program is an ordinary outcome, not an error. */
export function renderSvg(dotFile: string, svgFile: string, program = 'dot'): SvgOutcome {
  const run = spawnSync(program, ['-Tsvg', '-o', svgFile, dotFile], { encoding: 'utf8' });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    return {
      written: false,
      reason: code === 'ENOENT' ? 'Graphviz (dot) is not installed' : `${program}: ${run.error.message}`,
    };
  }
  if (run.status !== 0) return { written: false, reason: `${program} failed: ${run.stderr.trim()}` };
  return { written: true, file: svgFile };
}

/** The SVG's name next to a DOT file: `cone.dot` -> `cone.svg`, `cone` -> `cone.svg`. */
export function svgFileFor(dotFile: string): string {
  return /\.(dot|gv)$/.test(dotFile) ? dotFile.replace(/\.(dot|gv)$/, '.svg') : `${dotFile}.svg`;
}
