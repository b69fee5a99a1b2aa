/** Token boundaries as conf's lexer draws them around `$(...)` (scripts/kconfig/lexer.l). */
import { describe, expect, test } from 'vitest';
import { isWordChar, MacroText, scanString, scanWord } from '../../src/macro/scan.js';

describe('scanWord', () => {
  test('a word runs over word characters, $ and whole $(...) groups', () => {
    const word = (text: string) => text.slice(0, scanWord(text, 0));
    expect(word('FOO_$(ARCH)_BAR if X')).toBe('FOO_$(ARCH)_BAR');
    expect(word('A$(B)C$(D) rest')).toBe('A$(B)C$(D)');
    expect(word('$(cc-option,-m foo "a,b" (c)) && y')).toBe('$(cc-option,-m foo "a,b" (c))');
    expect(word('$(B)+x')).toBe('$(B)');
    expect(word('A$B$ x')).toBe('A$B$');
    expect(word('$(X)"str"')).toBe('$(X)');
  });

  test('starts where it is told and stops at the end of the line', () => {
    const text = 'default $(A)B\nnext';
    expect(scanWord(text, 8)).toBe(13);
  });

  test('an unterminated $( takes the rest of the line, where conf reports it', () => {
    const text = 'def_bool $(shell,echo (x)\nconfig FOO';
    expect(scanWord(text, 9)).toBe(text.indexOf('\n'));
  });
});

describe('scanString', () => {
  test('a $(...) group hides quotes, a backslash protects the next character', () => {
    const text = '"$(shell,echo "x")\\"y" if Z';
    expect(scanString(text, 1, '"')).toEqual({ end: text.length - 6, closed: true });
  });

  test('the other quote does not close the string', () => {
    const text = `'say "hi"' x`;
    expect(scanString(text, 1, "'")).toEqual({ end: 9, closed: true });
  });

  test('a string left open ends at the end of the line', () => {
    expect(scanString('"abc\ndef"', 1, '"')).toEqual({ end: 4, closed: false });
    expect(scanString('"abc\\', 1, '"')).toEqual({ end: 5, closed: false });
    expect(scanString('"$(abc"\n', 1, '"')).toEqual({ end: 7, closed: false });
  });
});

describe('MacroText', () => {
  test('pairs each ( with its ), ignoring a ) with nothing open', () => {
    const text = new MacroText('a)b$(c(d)e)f(');
    expect(text.closeOf(4)).toBe(10);
    expect(text.closeOf(6)).toBe(8);
    expect(text.closeOf(12)).toBe(-1);
  });
});

test("isWordChar is conf's [A-Za-z0-9_-], ASCII only", () => {
  const accepted = [...'azAZ09_-é$( .'].filter((c) => isWordChar(c.charCodeAt(0)));
  expect(accepted.join('')).toBe('azAZ09_-');
});
