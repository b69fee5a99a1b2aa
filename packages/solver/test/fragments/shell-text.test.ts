import { describe, expect, it } from 'vitest';
import {
  appendFile,
  dashEcho,
  deleteAssignments,
  fileText,
  grepWordOutput,
  readTextFile,
  shellWords,
} from '../../src/fragments/shell-text.js';

describe('readTextFile / fileText', () => {
  it.each(['', 'a\n', 'a\nb', 'a\n\nb\n', '\n'])('round-trips %j', (text) => {
    expect(fileText(readTextFile(text, 'f'))).toBe(text);
  });

  it('numbers lines from 1 and remembers the file', () => {
    expect(readTextFile('a\nb\n', 'x.config').lines.map((l) => `${l.file}:${l.line}:${l.text}`)).toEqual([
      'x.config:1:a',
      'x.config:2:b',
    ]);
  });
});

describe('grep -w', () => {
  const file = readTextFile(
    'CONFIG_AB=y\n# see CONFIG_A here\nCONFIG_A=m\nCONFIG_XCONFIG_A=y\nCONFIG_AB CONFIG_A\n',
    'f',
  );

  it('matches whole words only, anywhere in the line, joining the lines with newlines', () => {
    expect(grepWordOutput(file, 'CONFIG_A')).toBe('# see CONFIG_A here\nCONFIG_A=m\nCONFIG_AB CONFIG_A');
  });

  it('is empty when nothing matches', () => {
    expect(grepWordOutput(file, 'CONFIG_B')).toBe('');
  });
});

describe('sed "/WORD[ =]/d"', () => {
  it('drops every line where the word is followed by a space or =, even inside a longer name', () => {
    const file = readTextFile('# CONFIG_A is not set\nCONFIG_AB=y\nCONFIG_XCONFIG_A=y\nCONFIG_A\n', 'f');
    expect(fileText(deleteAssignments(file, 'CONFIG_A'))).toBe('CONFIG_AB=y\nCONFIG_A\n');
  });

  it('leaves the file ending with a newline when it drops an unterminated last line', () => {
    expect(fileText(deleteAssignments(readTextFile('CONFIG_B=y\nCONFIG_A=y', 'f'), 'CONFIG_A'))).toBe('CONFIG_B=y\n');
    expect(fileText(deleteAssignments(readTextFile('CONFIG_A=y\nCONFIG_B=y', 'f'), 'CONFIG_A'))).toBe('CONFIG_B=y');
  });
});

describe('echo >> FILE; cat OTHER >> FILE', () => {
  it('ends an unterminated last line, else adds an empty line', () => {
    expect(fileText(appendFile(readTextFile('a', 'f'), readTextFile('b\n', 'g')))).toBe('a\nb\n');
    expect(fileText(appendFile(readTextFile('a\n', 'f'), readTextFile('b', 'g')))).toBe('a\n\nb');
    expect(fileText(appendFile(readTextFile('', 'f'), readTextFile('', 'g')))).toBe('\n');
  });

  it("marks the added line as the script's own (no file)", () => {
    const lines = appendFile(readTextFile('a\n', 'f'), readTextFile('b\n', 'g')).lines;
    expect(lines.map((l) => l.file)).toEqual(['f', undefined, 'g']);
  });
});

describe("dash's echo", () => {
  it('joins its arguments with one space and ends the line', () => {
    expect(dashEcho(['a', 'b'])).toBe('a b\n');
    expect(dashEcho([])).toBe('\n');
  });

  it('interprets backslash escapes; \\c ends the output', () => {
    expect(dashEcho(['a\\\\b|\\x|\\0101|\\101|\\t|'])).toBe('a\\b|\\x|A|A|\t|\n');
    expect(dashEcho(['[\\08][\\1][\\9][\\e][\\01234]'])).toBe('[\x008][\x01][\\9][\x1b][S4]\n');
    expect(dashEcho(['x\\cy', 'z'])).toBe('x');
  });

  it('splits an unquoted value into words on blanks and newlines', () => {
    expect(shellWords(' a  b\n\tc ')).toEqual(['a', 'b', 'c']);
    expect(shellWords('')).toEqual([]);
  });
});
