// The dependency cone (graphlib) and its Graphviz text: edges for dependencies, prompt conditions, selects and
// implies, bounded by depth, each node with its value; the DOT parsed back gives the same graph. The SVG step
// runs a fake `dot` from PATH, and says so when there is none.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dependencyCone } from '../../src/explain/cone.js';
import { dotString, formatDot, renderSvg, svgFileFor } from '../../src/explain/dot.js';
import { fixtureWith } from './support.js';

/** Nodes and edges of our DOT output, read back: `"A" [label="..."]` and `"A" -> "B" [label="kind"]`. */
function parseDot(text: string) {
  const unquote = (s: string) => JSON.parse(s) as string;
  const nodes = new Map<string, string>();
  const edges: [string, string, string][] = [];
  for (const line of text.split('\n')) {
    const edge = /^ {2}("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[label=("(?:[^"\\]|\\.)*")/.exec(line);
    if (edge) {
      edges.push([unquote(edge[1] as string), unquote(edge[2] as string), unquote(edge[3] as string)]);
      continue;
    }
    const node = /^ {2}("(?:[^"\\]|\\.)*") \[label=("(?:[^"\\]|\\.)*")/.exec(line);
    if (node) nodes.set(unquote(node[1] as string), unquote(node[2] as string));
  }
  return { nodes, edges };
}

describe('dependencyCone', () => {
  test('dependencies, prompt conditions, selectors and impliers, with values', () => {
    const ev = fixtureWith('CONFIG_WIFI=y\n');
    const cone = dependencyCone(ev, ['LED'], { depth: 1 });
    expect(cone.nodes().sort()).toEqual(['BUS', 'LED', 'NET', 'WIFI']);
    expect(cone.node('LED')).toEqual({ name: 'LED', value: 'y', type: 'tristate', root: true, depth: 0 });
    expect(cone.node('BUS')).toMatchObject({ value: 'n', depth: 1, root: false });
    const edges = cone.edges().map((e) => [e.v, e.w, cone.edge(e).kind]);
    expect(edges).toEqual([
      ['LED', 'BUS', 'depends on'],
      ['LED', 'NET', 'depends on'],
      ['WIFI', 'LED', 'implies'],
    ]);
  });

  test('depth bounds the walk; a root shows what it selects and implies', () => {
    const ev = fixtureWith('CONFIG_WIFI=y\n');
    const shallow = dependencyCone(ev, ['WIFI_DEBUG'], { depth: 1 });
    expect(shallow.nodes().sort()).toEqual(['NET', 'WIFI', 'WIFI_DEBUG']);
    const deep = dependencyCone(ev, ['WIFI_DEBUG'], { depth: 2 });
    // WIFI's own dependency (NET) is already there; at depth 2 nothing new beyond it but its graph edges.
    expect(deep.hasEdge('WIFI', 'NET', 'depends on')).toBe(true);
    const wifi = dependencyCone(ev, ['WIFI'], { depth: 1 });
    expect(wifi.hasEdge('WIFI', 'CRYPTO', 'selects')).toBe(true);
    expect(wifi.hasEdge('WIFI', 'LED', 'implies')).toBe(true);
  });

  test('a prompt condition that is not a dependency is a "visible if" edge', () => {
    const cone = dependencyCone(fixtureWith(''), ['EXTRA'], { depth: 1 });
    expect(cone.hasEdge('EXTRA', 'BUS', 'visible if')).toBe(true);
    expect(cone.hasEdge('EXTRA', 'NET', 'depends on')).toBe(true);
  });

  test('the node limit cuts the cone short and says so', () => {
    const cone = dependencyCone(fixtureWith(''), ['WIFI_DEBUG'], { depth: 5, maxNodes: 2 });
    expect(cone.nodeCount()).toBe(2);
    expect(cone.graph().truncated).toBe(true);
    expect(formatDot(cone)).toContain('label="(cut short');
  });
});

describe('formatDot', () => {
  test('parses back to the same nodes, values and edges', () => {
    const ev = fixtureWith('CONFIG_WIFI=m\nCONFIG_BUS=y\n');
    const cone = dependencyCone(ev, ['LED', 'ETH'], { depth: 2 });
    const text = formatDot(cone);
    expect(text.startsWith('digraph "dependencies of LED, ETH" {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = parseDot(text);
    expect([...parsed.nodes.keys()].sort()).toEqual(cone.nodes().sort());
    expect(parsed.nodes.get('WIFI')).toBe('WIFI\n=m');
    expect(parsed.edges.sort()).toEqual(
      cone
        .edges()
        .map((e) => [e.v, e.w, cone.edge(e).kind])
        .sort(),
    );
    expect(text).toContain('"LED" [label="LED\\n=m", fillcolor="#ffeb9c", penwidth=2.5];');
  });

  test('strings are quoted and escaped', () => {
    expect(dotString('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c\\nd"');
    const text = formatDot(dependencyCone(fixtureWith('CONFIG_NAME="x"\n'), ['NAME']));
    expect(text).toContain('"NAME" [label="NAME\\n=\\"x\\"", penwidth=2.5];');
  });
});

describe('renderSvg', () => {
  test('runs dot -Tsvg -o FILE.svg FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dot-'));
    const fake = join(dir, 'dot');
    // A fake Graphviz: records its arguments and writes the -o file.
    writeFileSync(fake, `#!/bin/sh\necho "$@" > "${dir}/args"\nprintf '<svg/>' > "$3"\n`);
    chmodSync(fake, 0o755);
    const dotFile = join(dir, 'cone.dot');
    writeFileSync(dotFile, 'digraph {}\n');
    const svg = svgFileFor(dotFile);
    expect(svg).toBe(join(dir, 'cone.svg'));
    expect(renderSvg(dotFile, svg, fake)).toEqual({ written: true, file: svg });
    expect(readFileSync(svg, 'utf8')).toBe('<svg/>');
    expect(readFileSync(join(dir, 'args'), 'utf8')).toBe(`-Tsvg -o ${svg} ${dotFile}\n`);
  });

  test('a missing dot is reported, not thrown; a failing one gives its message', () => {
    expect(renderSvg('x.dot', 'x.svg', '/nonexistent/dot')).toEqual({
      written: false,
      reason: 'Graphviz (dot) is not installed',
    });
    const dir = mkdtempSync(join(tmpdir(), 'dot-'));
    const failing = join(dir, 'dot');
    writeFileSync(failing, '#!/bin/sh\necho "syntax error" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    expect(renderSvg('x.dot', 'x.svg', failing)).toEqual({ written: false, reason: `${failing} failed: syntax error` });
    expect(svgFileFor('graph')).toBe('graph.svg');
    expect(svgFileFor('graph.gv')).toBe('graph.svg');
  });
});
