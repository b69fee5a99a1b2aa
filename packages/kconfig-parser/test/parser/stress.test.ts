// Inputs far beyond real trees: deep nesting must neither overflow the stack nor hang, and size must scale.
import { describe, expect, it } from 'vitest';
import { parse, problems, walk } from './support.js';

/** A realistic entry of about 500 bytes; `i` makes each one distinct. */
function entry(i: number): string {
  return [
    `config SYMBOL_${i}`,
    `\ttristate "Driver number ${i} for the $(ARCH) platform"`,
    `\tdepends on (PCI || SYMBOL_${i - 1}) && !COMPILE_TEST && HAS_IOMEM`,
    `\tselect CRC32 if SYMBOL_${i - 1} = y`,
    `\tdefault m if SYMBOL_${i - 1} != n`,
    '\thelp',
    `\t  This is the help text of symbol number ${i}; it explains at some`,
    '\t  length what the option does, so that the file has realistic',
    '\t  proportions of help text, expressions and attributes.',
    '',
    '\t  If unsure, say N.',
    '',
  ].join('\n');
}

describe('size', () => {
  it('parses a 50 MB file in a few seconds', () => {
    const parts: string[] = ['menu "Generated"\n'];
    let size = 0;
    let count = 0;
    while (size < 50 * 1024 * 1024) {
      const text = entry(count++);
      parts.push(text);
      size += text.length;
    }
    parts.push('endmenu\n');
    const text = parts.join('');
    const started = performance.now();
    const result = parse(text);
    const seconds = (performance.now() - started) / 1000;
    expect(result.diagnostics).toEqual([]);
    const menu = result.ast.entries[0];
    expect(menu?.kind === 'menu' && menu.entries.length).toBe(count);
    expect(seconds).toBeLessThan(20);
  }, 60_000);
});

describe('deep nesting', () => {
  it('nests 20,000 if blocks without recursion', () => {
    const depth = 20_000;
    const text = `${'if A\n'.repeat(depth)}config X\n\tbool\n${'endif\n'.repeat(depth)}config Y\n`;
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    let ifs = 0;
    let innermost = '';
    for (const entry of walk(result.ast)) {
      if (entry.kind === 'if') ifs++;
      if (entry.kind === 'config') innermost ||= entry.name.raw;
    }
    expect(ifs).toBe(depth);
    expect(innermost).toBe('X');
    expect(result.ast.entries.map((e) => e.kind)).toEqual(['if', 'config']);
  });

  it('reports 20,000 unterminated menus without hanging, keeping the first 1000', () => {
    const result = parse('menu "M"\n'.repeat(20_000));
    expect(result.diagnostics).toHaveLength(1001);
    expect(result.diagnostics[0]).toMatchObject({ code: 'unterminated-block', location: { line: 20_001 } });
    expect(result.diagnostics[1000]).toMatchObject({ code: 'too-many-diagnostics', severity: 'error' });
  });

  it('rejects 50,000 nested parentheses with one located error and parses the next lines', () => {
    const text = `config A\n\tdepends on ${'('.repeat(50_000)}B${')'.repeat(50_000)}\nconfig C\n\tbool\n`;
    const result = parse(text);
    expect(result.diagnostics).toMatchObject([
      { code: 'nesting-too-deep', severity: 'error', location: { line: 2, column: 13 + 256 } },
    ]);
    expect(result.ast.entries.map((e) => (e.kind === 'config' ? e.name.raw : e.kind))).toEqual(['A', 'C']);
  });

  it('accepts 256 nested parentheses', () => {
    const result = parse(`if ${'('.repeat(256)}A && B${')'.repeat(256)}\nendif\n`);
    expect(result.diagnostics).toEqual([]);
    expect(result.ast.entries[0]?.kind === 'if' && result.ast.entries[0].condition.kind).toBe('and');
  });

  it('rejects 50,000 negations', () => {
    const result = parse(`if ${'!'.repeat(50_000)}A\nendif\n`);
    expect(problems(result)).toEqual([{ severity: 'error', code: 'nesting-too-deep', line: 1 }]);
  });

  it('reads a 10,000-term || chain in a loop', () => {
    const terms = Array.from({ length: 10_000 }, (_, i) => `S${i}`);
    const result = parse(`config A\n\tdepends on ${terms.join(' || ')}\n`);
    expect(result.diagnostics).toEqual([]);
    const entry = result.ast.entries[0];
    const depends = entry?.kind === 'config' ? entry.attributes[0] : undefined;
    let expr = depends?.kind === 'depends' ? depends.expr : undefined;
    let length = 1;
    while (expr?.kind === 'or') {
      length++;
      expr = expr.left;
    }
    expect(length).toBe(10_000);
  });
});

describe('junk', () => {
  it('gives one binary-input error for input with NUL bytes', () => {
    const bytes = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const result = parse(bytes);
    expect(result.diagnostics).toMatchObject([{ code: 'binary-input', severity: 'error' }]);
    expect(result.ast.entries).toEqual([]);
  });

  it('survives a megabyte of random non-NUL bytes', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const text = Array.from({ length: 1 << 20 }, () => String.fromCharCode(1 + (random() % 255))).join('');
    const started = performance.now();
    const result = parse(text);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.length).toBeLessThanOrEqual(1001);
  });
});

describe('chunked lexing of large files', () => {
  it('gives the same entries and file positions as the text has', () => {
    const count = 8000;
    const text = Array.from({ length: count }, (_, i) => entry(i)).join('');
    expect(text.length).toBeGreaterThan(3 << 20);
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.ast.entries).toHaveLength(count);
    const lines = text.split('\n');
    for (const i of [0, 2100, 4321, 7000, count - 1]) {
      const config = result.ast.entries[i];
      if (config?.kind !== 'config') throw new Error('config expected');
      expect(text.slice(config.location.offset).startsWith(`config SYMBOL_${i}\n`)).toBe(true);
      expect(lines[config.location.line - 1]).toBe(`config SYMBOL_${i}`);
      const help = config.attributes[4];
      expect(help?.kind === 'help' && help.text).toContain(`symbol number ${i};`);
      expect(text.slice(help?.location.offset).startsWith('help\n')).toBe(true);
    }
  });

  it('locates a diagnostic in a late chunk', () => {
    const text = `${entry(1).repeat(2500)}config BROKEN\n\tdepends on (A\n`;
    const [diagnostic] = parse(text).diagnostics;
    const line = text.split('\n').length - 1;
    expect(diagnostic).toMatchObject({ code: 'syntax-error', location: { line } });
    expect(text.slice(0, diagnostic?.location?.offset).endsWith('\tdepends on (A')).toBe(true);
  });
});
