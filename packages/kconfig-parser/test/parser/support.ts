/** Test helpers for the parser: parse a snippet, look at its AST without locations, list its problems. */
import { expect } from 'vitest';
import type { Attribute, Entry, Expr, KconfigFile } from '../../src/ast/nodes.js';
import type { ParseOptions, ParseResult } from '../../src/parser/api.js';
import { parseKconfig } from '../../src/parser/parse.js';

export function parse(text: string, options?: ParseOptions): ParseResult {
  return parseKconfig(text, 'Kconfig', options);
}

/** A deep copy without `location` keys, for comparing structure. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (key !== 'location') copy[key] = shape(inner);
  return copy;
}

export function entriesOf(text: string, options?: ParseOptions): unknown {
  const result = parse(text, options);
  expect(result.diagnostics).toEqual([]);
  return shape(result.ast.entries);
}

/** Diagnostics reduced to what tests match on. */
export function problems(result: ParseResult): { severity: string; code: string; line: number | undefined }[] {
  return result.diagnostics.map((d) => ({ severity: d.severity, code: d.code, line: d.location?.line }));
}

/** An expression, fully parenthesised: `(A || (B && !C))`, quoted operands as `"x"`. */
export function show(expr: Expr): string {
  switch (expr.kind) {
    case 'symbol':
      return expr.word.quote ? `${expr.word.quote}${expr.word.raw}${expr.word.quote}` : expr.word.raw;
    case 'not':
      return `!${show(expr.operand)}`;
    case 'compare':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    case 'and':
      return `(${show(expr.left)} && ${show(expr.right)})`;
    case 'or':
      return `(${show(expr.left)} || ${show(expr.right)})`;
  }
}

export function firstEntry(text: string, options?: ParseOptions): Entry {
  const result = parse(text, options);
  const entry = result.ast.entries[0];
  if (entry === undefined) throw new Error(`no entry in ${JSON.stringify(text)}`);
  return entry;
}

export function attributesOf(text: string): readonly Attribute[] {
  const entry = firstEntry(text);
  if (!('attributes' in entry)) throw new Error(`${entry.kind} has no attributes`);
  return entry.attributes;
}

/** The condition of `if EXPR` on the first line. */
export function expressionOf(source: string): string {
  const result = parse(`if ${source}\nendif\n`);
  expect(result.diagnostics).toEqual([]);
  const entry = result.ast.entries[0];
  if (entry?.kind !== 'if') throw new Error('not an if block');
  return show(entry.condition);
}

/** Depth-first walk without recursion (ASTs in the stress tests are 20,000 levels deep). */
export function* walk(file: KconfigFile): Generator<Entry> {
  const stack: Entry[] = [...file.entries].reverse();
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    yield entry;
    if ('entries' in entry) for (let i = entry.entries.length - 1; i >= 0; i--) stack.push(entry.entries[i] as Entry);
  }
}
