import { describe, expect, it } from 'vitest';
import { parse, problems, shape } from './support.js';

type Problem = [severity: 'error' | 'warning', code: string, line: number, message?: string];

/** Each malformed input with every diagnostic it must produce (severity, code, line, part of the message). */
const CASES: readonly [name: string, input: string, expected: Problem[]][] = [
  // Block structure
  [
    'unterminated menu',
    'menu "M"\nconfig A\n',
    [['error', 'unterminated-block', 3, "unterminated 'menu' block (opened at Kconfig:1)"]],
  ],
  ['unterminated choice', 'choice\n\tprompt "x"\n', [['error', 'unterminated-block', 3, "missing 'endchoice'"]]],
  ['unterminated if', 'if A\nconfig B\n', [['error', 'unterminated-block', 3, "unterminated 'if' block"]]],
  [
    'two unterminated blocks',
    'menu "M"\nif A\n',
    [
      ['error', 'unterminated-block', 3, "'if' block (opened at Kconfig:2)"],
      ['error', 'unterminated-block', 3, "'menu' block (opened at Kconfig:1)"],
    ],
  ],
  [
    'endmenu closing a choice',
    'menu "M"\nchoice\nendmenu\n',
    [['error', 'mismatched-end', 3, "'endmenu' closes a 'choice' block opened at Kconfig:2"]],
  ],
  [
    'endchoice with no choice open',
    'menu "M"\nendchoice\nendmenu\n',
    [['error', 'mismatched-end', 2, "'endchoice' closes a 'menu' block"]],
  ],
  ['endmenu closing an if', 'if A\nendmenu\nendif\n', [['error', 'mismatched-end', 2, "expected 'endif'"]]],
  ['endif without if', 'endif\n', [['error', 'unexpected-end', 1, "'endif' without a matching 'if'"]]],
  ['endmenu with trailing junk', 'menu "M"\nendmenu foo\n', [['error', 'syntax-error', 2, "unexpected 'foo'"]]],
  [
    'menu inside a choice',
    'choice\nmenu "M"\nendmenu\nendchoice\n',
    [['error', 'syntax-error', 2, "'menu' is not allowed inside a 'choice' block"]],
  ],
  ['choice inside a choice', 'choice\nchoice\nendchoice\nendchoice\n', [['error', 'syntax-error', 2, 'inside a']]],
  ['mainmenu after another statement', 'config A\nmainmenu "X"\n', [['error', 'syntax-error', 2, 'first statement']]],

  // Statements
  ['unknown statement', 'foo bar\n', [['error', 'unknown-statement', 1, "unknown statement 'foo'"]]],
  ['misspelt attribute', 'config A\n\tdepend on B\n', [['error', 'unknown-statement', 2, "'depend'"]]],
  [
    'Kconfiglib source without the dialect',
    'osource "x"\n',
    [['error', 'unknown-statement', 1, 'Kconfiglib extension']],
  ],
  ['word mixed with a macro call', '$(info,x) foo\n', [['error', 'unknown-statement', 1]]],
  [
    'statement starting with an operator',
    '= A\n',
    [['error', 'syntax-error', 1, 'expected a statement or an attribute']],
  ],
  ['statement starting with a string', '"foo"\n', [['error', 'syntax-error', 1]]],
  ['stray on', 'on A\n', [['error', 'syntax-error', 1]]],
  [
    'config without a name',
    'config\n\tbool\n',
    [['error', 'syntax-error', 1, "expected a symbol name after 'config'"]],
  ],
  ['config with a quoted name', 'config "A"\n', [['error', 'syntax-error', 1, 'expected a symbol name']]],
  ['menu without a prompt', 'menu\nconfig A\nendmenu\n', [['error', 'syntax-error', 1, 'expected a quoted string']]],
  ['source with a bare word', 'source foo\n', [['error', 'syntax-error', 1, 'expected a quoted string']]],

  // Expressions
  ['unbalanced parenthesis', 'config A\n\tdepends on (B || C\n', [['error', 'syntax-error', 2, "missing ')'"]]],
  ['extra parenthesis', 'config A\n\tdepends on B)\n', [['error', 'syntax-error', 2, "unexpected ')' after 'B'"]]],
  ['if without a condition', 'if\nendif\n', [['error', 'syntax-error', 1, "expected an expression after 'if'"]]],
  ['empty parentheses', 'if ()\nendif\n', [['error', 'syntax-error', 1, 'expected an expression']]],
  ['chained comparison', 'if A = B = C\nendif\n', [['error', 'syntax-error', 1, "unexpected '='"]]],
  ['dangling operator', 'config A\n\tdefault B &&\n', [['error', 'syntax-error', 2, 'expected an expression']]],
  ['two operands without an operator', 'config A\n\tdepends on B C\n', [['error', 'syntax-error', 2, "'C'"]]],
  [
    'parentheses nested too deep',
    `if ${'('.repeat(257)}A${')'.repeat(257)}\nendif\n`,
    [['error', 'nesting-too-deep', 1, 'more than 256 levels']],
  ],
  ['too many negations', `config A\n\tdepends on ${'!'.repeat(257)}B\n`, [['error', 'nesting-too-deep', 2]]],

  // Attributes
  ['depends without on', 'config A\n\tdepends B\n', [['error', 'syntax-error', 2, "expected 'on' after 'depends'"]]],
  ['select of a quoted string', 'config A\n\tselect "B"\n', [['error', 'syntax-error', 2, 'expected a symbol name']]],
  ['unquoted prompt after a type', 'config A\n\tbool Prompt\n', [['error', 'syntax-error', 2, "unexpected 'Prompt'"]]],
  ['prompt without text', 'config A\n\tprompt\n', [['error', 'syntax-error', 2, 'expected a quoted string']]],
  ['range with one bound', 'config A\n\tint\n\trange 1\n', [['error', 'syntax-error', 3]]],
  ['modules with an argument', 'config A\n\tmodules x\n', [['error', 'syntax-error', 2]]],
  ['help with trailing words', 'config A\n\thelp me\n\t  Text.\n', [['error', 'syntax-error', 2, "unexpected 'me'"]]],
  [
    'select in a menu',
    'menu "M"\n\tselect A\nendmenu\n',
    [['error', 'attribute-misplaced', 2, "'select' is not valid in a 'menu' entry"]],
  ],
  ['attribute at top level', 'depends on A\n', [['error', 'attribute-misplaced', 1, 'must follow']]],
  ['visible in a config', 'config A\n\tvisible if B\n', [['error', 'attribute-misplaced', 2, "'visible'"]]],
  ['range in a choice', 'choice\n\trange 1 2\nendchoice\n', [['error', 'attribute-misplaced', 2]]],
  ['optional in a config', 'config A\n\toptional\n', [['error', 'attribute-misplaced', 2]]],
  ['help in a menu', 'menu "M"\n\thelp\n\t  Text.\nendmenu\n', [['error', 'attribute-misplaced', 2, "'help'"]]],
  ['def_bool in a comment', 'comment "C"\n\tdef_bool y\n', [['error', 'attribute-misplaced', 2, "'def_bool'"]]],
  ['attribute after if', 'if A\n\tbool\nendif\n', [['error', 'attribute-misplaced', 2]]],
  ['attribute after source', 'source "x"\n\tbool\n', [['error', 'attribute-misplaced', 2]]],
  ['attribute after endmenu', 'menu "M"\nendmenu\n\tdepends on A\n', [['error', 'attribute-misplaced', 3]]],
  [
    'unknown option',
    'config A\n\toption foo\n',
    [['warning', 'invalid-attribute', 2, "ignoring unknown option 'foo'"]],
  ],
  ['option env without a value', 'config A\n\toption env\n', [['error', 'invalid-attribute', 2, 'needs a value']]],
  ['int choice', 'choice\n\tint "x"\nendchoice\n', [['error', 'invalid-attribute', 2, 'bool or tristate']]],
  ['choice default expression', 'choice\n\tdefault A || B\nendchoice\n', [['error', 'invalid-attribute', 2]]],
  ['visible without if', 'menu "M"\n\tvisible\nendmenu\n', [['warning', 'invalid-attribute', 2]]],
  ['obsolete boolean', 'config A\n\tboolean\n', [['warning', 'obsolete-syntax', 2]]],

  // Help text
  [
    'help line indented less than the first one',
    'config A\n\tbool\n\thelp\n\t    Deep first line.\n\t  shallower line\n',
    [['error', 'unknown-statement', 5, "'shallower'"]],
  ],
  [
    'help text not indented',
    'config A\n\tbool\n\thelp\nNot indented.\n',
    [['warning', 'invalid-help', 4, 'should be indented']],
  ],
  ['blank help text', 'config A\n\tbool\n\thelp\n\nconfig B\n', [['warning', 'invalid-help', 3, 'blank help text']]],

  // Lexical problems
  ['unterminated string', 'config A\n\tbool "abc\n', [['warning', 'unterminated-string', 2, 'multi-line strings']]],
  [
    'unterminated string at end of input',
    'source "abc',
    [
      ['warning', 'unterminated-string', 1],
      ['warning', 'no-newline-at-eof', 1],
    ],
  ],
  ['unsupported character', 'config A\n\tbool "x" ;\n', [['warning', 'unsupported-character', 2, "';'"]]],
  [
    'no newline at end of file',
    'config A\n\tbool',
    [['warning', 'no-newline-at-eof', 2, 'no new line at end of file']],
  ],
  ['binary input', 'config A\n\u0000\u0001\u0002junk', [['error', 'binary-input', 2]]],
];

describe('malformed input', () => {
  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%s', (_name, input, expected) => {
    const result = parse(input);
    expect(problems(result)).toEqual(expected.map(([severity, code, line]) => ({ severity, code, line })));
    result.diagnostics.forEach((diagnostic, i) => {
      expect(diagnostic.location?.file).toBe('Kconfig');
      expect(diagnostic.location?.column).toBeGreaterThanOrEqual(1);
      const part = expected[i]?.[3];
      if (part !== undefined) expect(diagnostic.message).toContain(part);
    });
  });
});

describe('recovery', () => {
  it('reports every error of a file in one run and keeps the good entries', () => {
    const result = parse(
      [
        'config A',
        '\tbool "A" if (',
        'config B',
        '\tdepends B',
        'frobnicate',
        'config C',
        '\tbool',
        'menu "M"',
        'endchoice',
        'config D',
        '\tbool',
        '',
      ].join('\n'),
    );
    expect(problems(result)).toEqual([
      { severity: 'error', code: 'syntax-error', line: 2 },
      { severity: 'error', code: 'syntax-error', line: 4 },
      { severity: 'error', code: 'unknown-statement', line: 5 },
      { severity: 'error', code: 'mismatched-end', line: 9 },
      { severity: 'error', code: 'unterminated-block', line: 12 },
    ]);
    const names = result.ast.entries.flatMap((e) => (e.kind === 'config' ? [e.name.raw] : e.kind));
    expect(names).toEqual(['A', 'B', 'C', 'menu']);
    const menu = result.ast.entries[3];
    expect(menu?.kind === 'menu' && shape(menu.entries)).toEqual([
      {
        kind: 'config',
        keyword: 'config',
        name: { kind: 'word', raw: 'D' },
        attributes: [{ kind: 'type', type: 'bool' }],
      },
    ]);
  });

  it('keeps the children of a block whose header is broken, and matches its end', () => {
    const result = parse('menu\nconfig A\nendmenu\nconfig B\n');
    expect(problems(result)).toEqual([{ severity: 'error', code: 'syntax-error', line: 1 }]);
    expect(result.ast.entries.map((e) => (e.kind === 'config' ? e.name.raw : e.kind))).toEqual(['A', 'B']);
  });

  it('drops the attributes of an entry whose header is broken without more errors', () => {
    const result = parse('config\n\tbool\n\tselect X\nconfig B\n\tbool\n');
    expect(problems(result)).toEqual([{ severity: 'error', code: 'syntax-error', line: 1 }]);
  });

  it('explains an unknown statement right after a help text that stopped on indentation', () => {
    const result = parse('config A\n\thelp\n\t    Deep.\n\t  Shallow.\n');
    expect(result.diagnostics[0]?.notes?.[0]?.message).toContain('indented less than its first line (12 columns');
  });

  it('keeps going after unsupported characters', () => {
    const result = parse('config A\n\tbool "x" %\n\tdepends on B\n');
    expect(problems(result)).toEqual([{ severity: 'warning', code: 'unsupported-character', line: 2 }]);
    const entry = result.ast.entries[0];
    expect(entry?.kind === 'config' && entry.attributes.map((a) => a.kind)).toEqual(['type', 'depends']);
  });

  it('stops reading a file after 10,000 errors, saying where', () => {
    const result = parse(`${'config\n'.repeat(20_000)}config LATE\n`);
    expect(result.diagnostics).toHaveLength(1002);
    expect(result.diagnostics[1000]).toMatchObject({
      code: 'too-many-diagnostics',
      message: 'Kconfig: 9000 more diagnostics not shown (9000 of them errors)',
    });
    expect(result.diagnostics[1001]).toMatchObject({
      severity: 'error',
      code: 'too-many-diagnostics',
      message: 'too many errors (10000): the rest of the file was not read',
      location: { line: 10_001 },
    });
    expect(result.ast.entries).toEqual([]);
  });

  it('stops keeping diagnostics after 1000 and says how many were dropped', () => {
    const result = parse('%\n'.repeat(1500));
    expect(result.diagnostics).toHaveLength(1001);
    expect(result.diagnostics[1000]).toMatchObject({
      severity: 'warning',
      code: 'too-many-diagnostics',
      message: 'Kconfig: 500 more diagnostics not shown (0 of them errors)',
    });
  });
});

describe('messages', () => {
  it("points a missing ')' back at the parenthesis left open", () => {
    const [diagnostic] = parse('config A\n\tdepends on (B || (C && D) E\n').diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'syntax-error',
      message: "missing ')' before 'E'",
      location: { line: 2, column: 28 },
      notes: [{ message: "'(' opened here", location: { line: 2, column: 13 } }],
    });
  });

  it('names the opener of a mismatched end in a note', () => {
    const [diagnostic] = parse('if A\nendmenu\nendif\n').diagnostics;
    expect(diagnostic).toMatchObject({
      message: "'endmenu' closes an 'if' block opened at Kconfig:1 (expected 'endif')",
      notes: [{ message: "'if' opened here", location: { line: 1, column: 1 } }],
    });
  });
});
