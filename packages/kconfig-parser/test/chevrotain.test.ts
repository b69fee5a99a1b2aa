import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createToken, Lexer } from '../src/chevrotain.js';

const src = fileURLToPath(new URL('../src', import.meta.url));

describe('chevrotain', () => {
  test('is the one way the package reaches Chevrotain, so token types and lexers share one copy', () => {
    const importers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from 'chevrotain'/.test(readFileSync(join(src, file), 'utf8')));
    expect(importers).toEqual(['chevrotain.ts']);
  });

  test('lexes with the tokens it creates', () => {
    const Digits = createToken({ name: 'Digits', pattern: /[0-9]+/ });
    const Blank = createToken({ name: 'Blank', pattern: / +/, group: Lexer.SKIPPED });
    const lexed = new Lexer([Digits, Blank]).tokenize('12 345');
    expect(lexed.errors).toEqual([]);
    expect(lexed.tokens.map((token) => [token.image, token.tokenType])).toEqual([
      ['12', Digits],
      ['345', Digits],
    ]);
  });
});
