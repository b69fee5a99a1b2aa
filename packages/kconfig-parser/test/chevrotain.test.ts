import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { chevrotain, chevrotainLoaded } from '../src/chevrotain.js';
import { LINUX_KEYWORDS } from '../src/parser/fast-lines.js';
import { parseKconfig } from '../src/parser/parse.js';
import { tokenTypes } from '../src/lexer/tokens.js';

const src = fileURLToPath(new URL('../src', import.meta.url));

describe('chevrotain', () => {
  test('is the one way the package reaches Chevrotain, so token types and lexers share one copy', () => {
    const importers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from 'chevrotain'/.test(readFileSync(join(src, file), 'utf8')));
    expect(importers).toEqual(['chevrotain.ts']);
  });

  test('is not loaded while every line takes the fast path, and is loaded for the first one that does not', () => {
    const fast = parseKconfig('config A\n\tbool "A"\n\tdepends on B && !C\n\thelp\n\t  Text.\n', 'Kconfig');
    expect(fast.diagnostics).toEqual([]);
    expect(chevrotainLoaded()).toBe(false);
    const slow = parseKconfig('config A\n\tbool "A" junk junk\n', 'Kconfig');
    expect(slow.diagnostics.map((d) => d.code)).toEqual(['syntax-error']);
    expect(chevrotainLoaded()).toBe(true);
  });

  test("the fast path's keywords are the lexer's", () => {
    const { linuxTokens, Keyword } = tokenTypes();
    const lexer = linuxTokens.filter((t) => t.CATEGORIES?.includes(Keyword)).map((t) => String(t.PATTERN));
    expect([...LINUX_KEYWORDS].sort()).toEqual(lexer.sort());
  });

  test('lexes with the tokens it creates', () => {
    const { createToken, Lexer } = chevrotain();
    const Digits = createToken({ name: 'Digits', pattern: /[0-9]+/ });
    const Blank = createToken({ name: 'Blank', pattern: / +/, group: Lexer.SKIPPED });
    const lexed = new Lexer([Digits, Blank], { positionTracking: 'onlyOffset' }).tokenize('12 345');
    expect(lexed.errors).toEqual([]);
    expect(lexed.tokens.map((token) => [token.image, token.tokenType])).toEqual([
      ['12', Digits],
      ['345', Digits],
    ]);
  });
});
