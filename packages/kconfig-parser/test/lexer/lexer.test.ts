import { describe, expect, it } from 'vitest';
import { nextChunkEnd, SourcePositions, tokenize } from '../../src/lexer/lexer.js';
import type { HelpTextPayload, QuotedPayload } from '../../src/lexer/tokens.js';

const K = new SourcePositions('K');

/** `[type, image]` pairs, newlines shown as `\n`. */
function lex(text: string, kconfiglib = false): string[] {
  return tokenize(text, K, kconfiglib).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

function diagnostics(text: string) {
  return tokenize(text, K, false).diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    line: d.location?.line,
    column: d.location?.column,
  }));
}

describe('keywords and words', () => {
  it('recognises every keyword, and a longer run of word characters as a word', () => {
    expect(lex('config configX menuconfig menu mainmenu bool boolean booleans\n')).toEqual([
      'Config:config',
      'Word:configX',
      'Menuconfig:menuconfig',
      'Menu:menu',
      'Mainmenu:mainmenu',
      'Bool:bool',
      'BooleanType:boolean',
      'Word:booleans',
      'Newline:\n',
    ]);
  });

  it('recognises keywords anywhere on a line, as lexer.l does', () => {
    expect(lex('depends on if\n')).toEqual(['Depends:depends', 'On:on', 'If:if', 'Newline:\n']);
  });

  it('reads the old ---help--- as a help keyword and option/optional as keywords', () => {
    expect(lex('option optional ---help---x\n')).toEqual([
      'Option:option',
      'Optional:optional',
      'Word:---help---x',
      'Newline:\n',
    ]);
  });

  it('keeps Kconfiglib source keywords as words unless that dialect is on', () => {
    expect(lex('osource rsource orsource source\n')).toEqual([
      'Word:osource',
      'Word:rsource',
      'Word:orsource',
      'Source:source',
      'Newline:\n',
    ]);
    expect(lex('osource rsource orsource\n', true)).toEqual([
      'Osource:osource',
      'Rsource:rsource',
      'Orsource:orsource',
      'Newline:\n',
    ]);
  });

  it('keeps $(...) groups inside words, with blanks, commas and quotes', () => {
    expect(lex('def_bool $(cc-option, -m "x y")FOO $X bar$ $(a,(b))c\n')).toEqual([
      'DefBool:def_bool',
      'Word:$(cc-option, -m "x y")FOO',
      'Word:$X',
      'Word:bar$',
      'Word:$(a,(b))c',
      'Newline:\n',
    ]);
  });

  it('ends an unterminated $( group at the end of the line', () => {
    expect(lex('default $(foo bar\nconfig\n')).toEqual([
      'Default:default',
      'Word:$(foo bar',
      'Newline:\n',
      'Config:config',
      'Newline:\n',
    ]);
  });

  it('reads numbers, dashes and underscores as words', () => {
    expect(lex('range -1 0x1F\n')).toEqual(['Range:range', 'Word:-1', 'Word:0x1F', 'Newline:\n']);
  });
});

describe('operators', () => {
  it('prefers two-character operators', () => {
    expect(lex('!A != B <= C < D >= E > F = G && H || (I)\n').filter((t) => !t.startsWith('Word'))).toEqual([
      'Not:!',
      'NotEqual:!=',
      'LessEqual:<=',
      'Less:<',
      'GreaterEqual:>=',
      'Greater:>',
      'Equal:=',
      'And:&&',
      'Or:||',
      'LParen:(',
      'RParen:)',
      'Newline:\n',
    ]);
  });
});

describe('strings', () => {
  it('keeps the raw text between the quotes, escapes included', () => {
    const [token] = tokenize('"a \\"b\\" \'c\' \\\\"\n', K, false).tokens;
    expect(token?.payload).toEqual({
      raw: 'a \\"b\\" \'c\' \\\\',
      quote: '"',
      terminated: true,
    } satisfies QuotedPayload);
  });

  it('accepts single quotes with double quotes inside', () => {
    const [token] = tokenize('\'say "hi"\'\n', K, false).tokens;
    expect(token?.payload).toMatchObject({ raw: 'say "hi"', quote: "'" });
  });

  it('skips a $(...) group as a unit, so a quote inside does not end the string', () => {
    const [token] = tokenize('"$(shell,echo "x y") and more"\n', K, false).tokens;
    expect(token?.payload).toMatchObject({ raw: '$(shell,echo "x y") and more', terminated: true });
  });

  it('ends a string at the newline with a warning', () => {
    const result = tokenize('prompt "abc\nconfig A\n', K, false);
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual([
      'Prompt',
      'QuotedString',
      'Newline',
      'Config',
      'Word',
      'Newline',
    ]);
    expect(result.tokens[1]?.payload).toMatchObject({ raw: 'abc', terminated: false });
    expect(diagnostics('prompt "abc\nconfig A\n')).toEqual([
      { severity: 'warning', code: 'unterminated-string', line: 1, column: 8 },
    ]);
  });

  it('does not treat a backslash before the newline as a continuation inside a string', () => {
    const result = tokenize('"abc\\\nconfig A\n', K, false);
    expect(result.tokens[0]?.payload).toMatchObject({ raw: 'abc\\', terminated: false });
    expect(result.tokens[2]?.image).toBe('config');
  });
});

describe('comments, blanks and continuations', () => {
  it('drops comments to the end of the line, but not inside strings', () => {
    expect(lex('bool "a # b" # comment\n')).toEqual(['Bool:bool', 'QuotedString:"a # b"', 'Newline:\n']);
  });

  it('joins a line ending in a backslash with the next one', () => {
    const tokens = tokenize('depends on A && \\\n\tB\n', K, false).tokens;
    expect(tokens.map((t) => t.image)).toEqual(['depends', 'on', 'A', '&&', 'B', '\n']);
    expect(tokens[4]).toMatchObject({ startLine: 2, startColumn: 2 });
  });
});

describe('assignment values', () => {
  it('takes the raw rest of the line after NAME =, := or += at the start of a line', () => {
    expect(lex('X := $(shell,echo "a" # b) \\\nY += a\nZ =\n')).toEqual([
      'Word:X',
      'ColonEqual::=',
      'AssignValue:$(shell,echo "a" # b) \\',
      'Newline:\n',
      'Word:Y',
      'PlusEqual:+=',
      'AssignValue:a',
      'Newline:\n',
      'Word:Z',
      'Equal:=',
      'Newline:\n',
    ]);
  });

  it('does not start a value after a comparison inside an expression', () => {
    expect(lex('depends on A = B\n')).toEqual([
      'Depends:depends',
      'On:on',
      'Word:A',
      'Equal:=',
      'Word:B',
      'Newline:\n',
    ]);
  });
});

describe('help text', () => {
  it('reads the indented lines after a help line as one token', () => {
    const result = tokenize('config A\n\thelp\n\t  Some text.\n\n\t  More.\nconfig B\n', K, false);
    const names = result.tokens.map((t) => t.tokenType.name);
    expect(names).toEqual(['Config', 'Word', 'Newline', 'Help', 'HelpText', 'Config', 'Word', 'Newline']);
    const help = result.tokens[4]?.payload as HelpTextPayload | undefined;
    expect(help?.text).toBe('Some text.\n\nMore.');
    expect(result.tokens[5]).toMatchObject({ startLine: 6, startColumn: 1 });
  });

  it('reads help text after ---help--- and after a trailing comment', () => {
    const result = tokenize('\t---help--- # old\n\t  Text.\n', K, false);
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(['OldHelp', 'HelpText']);
  });

  it('does not read help text after a help keyword that does not open its line', () => {
    const result = tokenize('bool help\n\t  Text\n', K, false);
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(['Bool', 'Help', 'Newline', 'Word', 'Newline']);
  });
});

describe('lexer diagnostics', () => {
  it('warns about unsupported characters and keeps going', () => {
    expect(lex('config A;\n')).toEqual(['Config:config', 'Word:A', 'Newline:\n']);
    expect(diagnostics('config A;\n\tbool %%\n')).toEqual([
      { severity: 'warning', code: 'unsupported-character', line: 1, column: 9 },
      { severity: 'warning', code: 'unsupported-character', line: 2, column: 7 },
    ]);
  });

  it('reads a lone &, |, :, + or \\ as unsupported, and their operators and continuations as tokens', () => {
    expect(lex('A & B | C : D + E \\ F && G || H := I += J \\\n')).toEqual([
      'Word:A',
      'Word:B',
      'Word:C',
      'Word:D',
      'Word:E',
      'Word:F',
      'And:&&',
      'Word:G',
      'Or:||',
      'Word:H',
      'ColonEqual::=',
      'Word:I',
      'PlusEqual:+=',
      'Word:J',
    ]);
    expect(diagnostics('A & B | C : D + E \\ F\n').map((d) => d.column)).toEqual([3, 7, 11, 15, 19]);
  });

  it('reports a run of unsupported characters once', () => {
    const [diagnostic, ...rest] = tokenize('config A@@@\n', K, false).diagnostics;
    expect(rest).toEqual([]);
    expect(diagnostic?.message).toBe("ignoring unsupported characters '@@@'");
  });

  it("names the character the way conf does ('ignoring unsupported character')", () => {
    const [diagnostic] = tokenize('config A\r\n', K, false).diagnostics;
    expect(diagnostic?.message).toBe("ignoring unsupported character '\\x0d'");
  });

  it('warns when the file does not end with a newline', () => {
    expect(diagnostics('config A\n\tbool')).toEqual([
      { severity: 'warning', code: 'no-newline-at-eof', line: 2, column: 6 },
    ]);
    expect(diagnostics('config A\n# comment')).toEqual([]);
    expect(diagnostics('config A\n\thelp\n\t  text')).toEqual([]);
  });

  it('counts lines by newlines only', () => {
    const tokens = tokenize('config A\rB\nconfig C\n', K, false).tokens;
    expect(tokens.map((t) => [t.image, t.startLine])).toEqual([
      ['config', 1],
      ['A', 1],
      ['B', 1],
      ['\n', 1],
      ['config', 2],
      ['C', 2],
      ['\n', 2],
    ]);
  });
});

describe('chunks', () => {
  const filler = `${'# filler\n'.repeat((1 << 20) / 9 + 1)}`;

  it('keeps a file of real-tree size in one chunk', () => {
    expect(nextChunkEnd('config A\nconfig B\n', 0)).toBe(18);
  });

  it('ends a chunk before a line starting in column 1', () => {
    const text = `${filler}\tbool\nconfig B\n`;
    expect(text.slice(nextChunkEnd(text, 0))).toBe('config B\n');
  });

  it('never splits a continued line, a help text or the line after help', () => {
    const text = `${filler}\tdepends on A || \\\nB\n\thelp\nunindented help\n\t  more\nconfig C\n`;
    expect(text.slice(nextChunkEnd(text, 0))).toBe('config C\n');
  });

  it('takes the rest when there is no later boundary', () => {
    const text = `${filler}\tbool\n\tdefault y\n`;
    expect(nextChunkEnd(text, 0)).toBe(text.length);
  });
});
