// Expected texts were produced by the kernel's own lexer (6.12 scripts/kconfig built as a test oracle that
// prints each menu entry's `help` field) on the same inputs.
import { describe, expect, it } from 'vitest';
import { scanHelpText } from '../../src/lexer/help-text.js';

/** Scans the help text of a file whose `help` line is the third line ("config A\n\tbool\n\thelp\n..."). */
function helpOf(body: string) {
  const prefix = 'config A\n\tbool\n\thelp\n';
  const scan = scanHelpText(prefix + body, prefix.length);
  return { ...scan, rest: (prefix + body).slice(scan.end) };
}

describe('scanHelpText', () => {
  it('counts a tab as advancing to the next multiple of 8 and keeps deeper indentation as spaces', () => {
    const scan = helpOf('\t  Two spaces after tab.\n\t\tDeeper by a tab.\n\t  Back.\n\nconfig B\n\tbool\n');
    expect(scan.text).toBe('Two spaces after tab.\n      Deeper by a tab.\nBack.\n');
    expect(scan.indent).toBe(10);
    expect(scan.ending).toBe('column-one');
    expect(scan.rest).toBe('config B\n\tbool\n');
  });

  it('keeps blank lines inside and at the end of the text', () => {
    expect(helpOf('\t  line1\n\n\t  line2\n\n\n').text).toBe('line1\n\nline2\n\n\n');
  });

  it('lets the first line set the indentation even when later lines are deeper', () => {
    const scan = helpOf('\t    deep\n\t      deeper\n\t    deep again\nconfig B\n\tbool\n');
    expect(scan.text).toBe('deep\n  deeper\ndeep again');
    expect(scan.rest).toBe('config B\n\tbool\n');
  });

  it('ends at the end of input without a newline', () => {
    const scan = helpOf('\t  last line');
    expect(scan).toMatchObject({ text: 'last line', ending: 'eof', rest: '' });
  });

  it('treats a line of blanks as an empty line', () => {
    expect(helpOf('\t  a\n\t      \n\t  b\n').text).toBe('a\n\nb\n');
  });

  it('measures mixed spaces and tabs in columns', () => {
    expect(helpOf('  \tmixed\n        eight\n\t\t sixteen+1\n').text).toBe('mixed\neight\n         sixteen+1\n');
  });

  it('pads trailing blanks at the end of input like an indentation', () => {
    expect(helpOf('\t  x\n\t     ').text).toBe('x\n   ');
  });

  it('drops trailing blanks of a line and keeps comment characters and backslashes as text', () => {
    const scan = helpOf('\t  text   \t\n\t  # not a comment \\\n\tdepends on B\n');
    expect(scan.text).toBe('text\n# not a comment \\\n');
    expect(scan.ending).toBe('dedent');
    expect(scan.rest).toBe('\tdepends on B\n');
  });

  it('skips blank lines before the first line of text', () => {
    expect(helpOf('   \n\n\t  starts after blanks\n').text).toBe('\n\nstarts after blanks\n');
  });

  it('is empty when the next line starts in column 1', () => {
    const scan = helpOf('\nconfig B\n\tbool\n');
    expect(scan).toMatchObject({ text: '', ending: 'column-one', rest: 'config B\n\tbool\n' });
  });

  it('is empty at the end of input', () => {
    expect(helpOf('')).toMatchObject({ text: '', ending: 'eof', rest: '' });
  });

  it('reads an unindented first line as text, and the first indented line then sets the indentation', () => {
    const scan = helpOf('unindented\n  indented\n indented less\nconfig B\n');
    expect(scan.text).toBe('unindented\nindented\n');
    expect(scan.unindentedFirstLine).toBe(true);
    expect(scan.indent).toBe(2);
    expect(scan.ending).toBe('dedent');
    expect(scan.rest).toBe(' indented less\nconfig B\n');
  });

  it('ends before the first line indented less than the first one', () => {
    const scan = helpOf('\t    deep\n\t  shallow\n');
    expect(scan).toMatchObject({ text: 'deep\n', ending: 'dedent', indent: 12, rest: '\t  shallow\n' });
  });
});
