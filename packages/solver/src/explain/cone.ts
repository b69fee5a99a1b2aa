/**
 * A symbol's dependency cone as a graph (graphlib): the symbols its value reads, followed to a bounded depth.
 * From each symbol: its direct dependencies (dirDep) and prompt conditions, the symbols that select or imply
 * it, and, for the symbols asked about, what they select and imply. Every node carries its value, so the
 * picture shows where a chain is broken. Edges point from a symbol to what it depends on, and from a
 * selector to what it selects, as arrows read in Kconfig ("A depends on B", "C selects A").
 */
import { Graph } from '@dagrejs/graphlib';
import type { SymbolType } from '@kconfig-solve/kconfig-parser';
import { type Evaluation, orTerms } from '../eval/evaluation.js';
import { type DepExpr, referencedSymbols } from '../eval/expr.js';

export interface ConeNode {
  readonly name: string;
  /** n/m/y, or the text of an int/hex/string; `n` for a name nothing defines. */
  readonly value: string;
  /** `undefined` for a name the tree references but never defines (it is always n). */
  readonly type: SymbolType | 'undefined';
  /** One of the symbols asked about. */
  readonly root: boolean;
  /** Distance from the nearest root. */
  readonly depth: number;
}

export type ConeEdgeKind = 'depends on' | 'visible if' | 'selects' | 'implies';

export interface ConeEdge {
  readonly kind: ConeEdgeKind;
}

export interface ConeLabel {
  readonly roots: readonly string[];
  /** Whether the node limit cut the cone short. */
  readonly truncated: boolean;
}

export type DependencyCone = Graph<ConeLabel, ConeNode, ConeEdge>;

export interface ConeOptions {
  /** How many steps to follow from the roots (default 2). */
  readonly depth?: number;
  /** Stop adding symbols beyond this many (default 150), so a graph stays readable. */
  readonly maxNodes?: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function dependencyCone(ev: Evaluation, roots: readonly string[], options: ConeOptions = {}): DependencyCone {
  const maxDepth = options.depth ?? 2;
  const maxNodes = options.maxNodes ?? 150;
  const graph: DependencyCone = new Graph<ConeLabel, ConeNode, ConeEdge>({ directed: true, multigraph: true });
  let truncated = false;
  const queue: string[] = [];

  const addNode = (name: string, depth: number, root = false): boolean => {
    if (graph.hasNode(name)) return true;
    if (graph.nodeCount() >= maxNodes) {
      truncated = true;
      return false;
    }
    const sym = ev.deps.symbol(name);
    const defined = sym !== undefined && sym.type !== 'unknown';
    graph.setNode(name, {
      name,
      value: defined ? ev.value(name) : 'n',
      type: defined ? sym.type : 'undefined',
      root,
      depth,
    });
    queue.push(name);
    return true;
  };
  /** An edge between a symbol being expanded and `reached`, added at `depth` if it is new. */
  const link = (from: string, to: string, kind: ConeEdgeKind, reached: string, depth: number) => {
    if (addNode(reached, depth)) graph.setEdge(from, to, { kind }, kind);
  };

  for (const root of roots) addNode(root, 0, true);
  let cursor = 0;
  while (cursor < queue.length) {
    const name = queue[cursor++] as string;
    const node = graph.node(name);
    const sym = ev.deps.symbol(name);
    if (!sym || node.depth >= maxDepth) continue;
    const next = node.depth + 1;
    const direct = symbolsOf(sym.dirDep);
    for (const dep of direct) if (dep !== name) link(name, dep, 'depends on', dep, next);
    for (const prompt of sym.prompts)
      for (const dep of symbolsOf(prompt.visibility))
        if (dep !== name && !direct.has(dep)) link(name, dep, 'visible if', dep, next);
    for (const term of orTerms(sym.revDep)) {
      const selector = leadingSymbol(term);
      if (selector !== undefined) link(selector, name, 'selects', selector, next);
    }
    for (const term of orTerms(sym.weakRevDep)) {
      const implier = leadingSymbol(term);
      if (implier !== undefined) link(implier, name, 'implies', implier, next);
    }
    if (node.root) {
      for (const def of ev.model.symbols.get(name)?.definitions ?? [])
        for (const prop of def.properties)
          if (prop.kind === 'select' || prop.kind === 'imply')
            link(name, prop.target, prop.kind === 'select' ? 'selects' : 'implies', prop.target, next);
    }
  }
  graph.setGraph({ roots: [...roots], truncated });
  return graph;
}

/** The symbols an expression reads (constants and numbers left out). */
function symbolsOf(e: DepExpr | undefined): Set<string> {
  const names = new Set<string>();
  referencedSymbols(e, names);
  for (const n of names) if (!IDENTIFIER.test(n) || n === 'y' || n === 'm' || n === 'n') names.delete(n);
  return names;
}

/** A revDep/weakRevDep term is `SELECTOR && condition` (menu_finalize): its leftmost symbol. */
function leadingSymbol(e: DepExpr): string | undefined {
  let at: DepExpr = e;
  while (at.kind === 'and') at = at.left;
  return at.kind === 'symbol' ? at.name : undefined;
}
