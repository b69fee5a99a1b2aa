import { describe, expect, it } from 'vitest';
import { attributesOf, entriesOf, firstEntry, parse, problems, shape, show } from './support.js';

const word = (raw: string) => ({ kind: 'word', raw });
const quoted = (raw: string) => ({ kind: 'word', raw, quote: '"' });
const symbol = (raw: string) => ({ kind: 'symbol', word: word(raw) });

describe('statements', () => {
  it('reads mainmenu, config and menuconfig', () => {
    expect(entriesOf('mainmenu "Linux/$(ARCH) Kernel"\nconfig A\nmenuconfig B\n')).toEqual([
      { kind: 'mainmenu', prompt: quoted('Linux/$(ARCH) Kernel') },
      { kind: 'config', keyword: 'config', name: word('A'), attributes: [] },
      { kind: 'config', keyword: 'menuconfig', name: word('B'), attributes: [] },
    ]);
  });

  it('nests menus, choices and if blocks', () => {
    const text = [
      'menu "Outer"',
      'if X',
      'choice',
      '\tprompt "Pick"',
      'config A',
      '\tbool "a"',
      'endchoice',
      'endif',
      'comment "Note"',
      'endmenu',
      '',
    ].join('\n');
    expect(entriesOf(text)).toEqual([
      {
        kind: 'menu',
        prompt: quoted('Outer'),
        attributes: [],
        entries: [
          {
            kind: 'if',
            condition: symbol('X'),
            entries: [
              {
                kind: 'choice',
                attributes: [{ kind: 'prompt', text: quoted('Pick') }],
                entries: [
                  {
                    kind: 'config',
                    keyword: 'config',
                    name: word('A'),
                    attributes: [{ kind: 'type', type: 'bool', prompt: quoted('a') }],
                  },
                ],
              },
            ],
          },
          { kind: 'comment', prompt: quoted('Note'), attributes: [] },
        ],
      },
    ]);
  });

  it('reads a named choice (until 6.11)', () => {
    expect(entriesOf('choice NAMED\n\tbool "x"\nendchoice\n')).toEqual([
      {
        kind: 'choice',
        name: word('NAMED'),
        attributes: [{ kind: 'type', type: 'bool', prompt: quoted('x') }],
        entries: [],
      },
    ]);
  });

  it('reads source, keeping the path raw', () => {
    expect(entriesOf('source "arch/$(SRCARCH)/Kconfig"\n')).toEqual([
      { kind: 'source', keyword: 'source', path: quoted('arch/$(SRCARCH)/Kconfig') },
    ]);
  });

  it("reads Kconfiglib's osource, rsource and orsource with that dialect", () => {
    const entries = entriesOf('osource "a"\nrsource "b"\norsource "c/*"\n', { kconfiglibExtensions: true });
    expect(entries).toEqual([
      { kind: 'source', keyword: 'osource', path: quoted('a') },
      { kind: 'source', keyword: 'rsource', path: quoted('b') },
      { kind: 'source', keyword: 'orsource', path: quoted('c/*') },
    ]);
  });

  it('reads menu visibility and dependencies', () => {
    expect(entriesOf('menu "M"\n\tvisible if A\n\tdepends on B\nendmenu\n')).toEqual([
      {
        kind: 'menu',
        prompt: quoted('M'),
        attributes: [
          { kind: 'visible', condition: symbol('A') },
          { kind: 'depends', expr: symbol('B') },
        ],
        entries: [],
      },
    ]);
  });

  it('reads comment dependencies', () => {
    expect(entriesOf('comment "C"\n\tdepends on A\n')).toEqual([
      { kind: 'comment', prompt: quoted('C'), attributes: [{ kind: 'depends', expr: symbol('A') }] },
    ]);
  });
});

describe('macro assignments and macro calls', () => {
  it('reads =, := and += with the raw rest of the line, leading blanks removed', () => {
    expect(entriesOf('A = x y \nB:=$(shell,echo "1 # 2")\nC +=\t$(A) # not a comment\nD :=\n')).toEqual([
      { kind: 'assignment', name: word('A'), op: '=', value: 'x y ' },
      { kind: 'assignment', name: word('B'), op: ':=', value: '$(shell,echo "1 # 2")' },
      { kind: 'assignment', name: word('C'), op: '+=', value: '$(A) # not a comment' },
      { kind: 'assignment', name: word('D'), op: ':=', value: '' },
    ]);
  });

  it('accepts a macro reference in the variable name', () => {
    expect(entriesOf('$(X)$(Y) := 5\n')).toEqual([
      { kind: 'assignment', name: word('$(X)$(Y)'), op: ':=', value: '5' },
    ]);
  });

  it('keeps a line of macro references as a macro call, without closing the entry above', () => {
    const result = parse('config A\n$(warning,hello$(comma) world)\n\tbool\n');
    expect(result.diagnostics).toEqual([]);
    expect(shape(result.ast.entries)).toEqual([
      { kind: 'config', keyword: 'config', name: word('A'), attributes: [{ kind: 'type', type: 'bool' }] },
      { kind: 'macro-call', words: [word('$(warning,hello$(comma) world)')] },
    ]);
  });
});

describe('attributes', () => {
  it('reads every type, with and without a prompt and condition', () => {
    const attributes = attributesOf(
      'config A\n\tbool\n\ttristate "T"\n\tstring "S" if X\n\thex\n\tint "I" if !Y\n\tboolean "old"\n',
    );
    expect(shape(attributes)).toEqual([
      { kind: 'type', type: 'bool' },
      { kind: 'type', type: 'tristate', prompt: quoted('T') },
      { kind: 'type', type: 'string', prompt: quoted('S'), condition: symbol('X') },
      { kind: 'type', type: 'hex' },
      { kind: 'type', type: 'int', prompt: quoted('I'), condition: { kind: 'not', operand: symbol('Y') } },
      { kind: 'type', type: 'bool', prompt: quoted('old') },
    ]);
  });

  it("warns that 'boolean' is obsolete", () => {
    const result = parse('config A\n\tboolean\n');
    expect(problems(result)).toEqual([{ severity: 'warning', code: 'obsolete-syntax', line: 2 }]);
  });

  it('reads def_bool, def_tristate, prompt and default', () => {
    const attributes = attributesOf(
      'config A\n\tdef_bool y\n\tdef_tristate m if B\n\tprompt "P" if C\n\tdefault "x y"\n\tdefault B || C if D\n',
    );
    expect(shape(attributes)).toEqual([
      { kind: 'def-type', type: 'bool', value: symbol('y') },
      { kind: 'def-type', type: 'tristate', value: symbol('m'), condition: symbol('B') },
      { kind: 'prompt', text: quoted('P'), condition: symbol('C') },
      { kind: 'default', value: { kind: 'symbol', word: quoted('x y') } },
      { kind: 'default', value: { kind: 'or', left: symbol('B'), right: symbol('C') }, condition: symbol('D') },
    ]);
  });

  it("reads depends on, and 7.0's depends on ... if ...", () => {
    const attributes = attributesOf('config A\n\tdepends on B && C\n\tdepends on D if E\n');
    expect(shape(attributes)).toEqual([
      { kind: 'depends', expr: { kind: 'and', left: symbol('B'), right: symbol('C') } },
      { kind: 'depends', expr: symbol('D'), condition: symbol('E') },
    ]);
  });

  it('reads select and imply, with conditions', () => {
    const attributes = attributesOf('config A\n\tselect B\n\tselect C if D\n\timply E if F = "y"\n');
    expect(shape(attributes)).toEqual([
      { kind: 'select', target: word('B') },
      { kind: 'select', target: word('C'), condition: symbol('D') },
      {
        kind: 'imply',
        target: word('E'),
        condition: { kind: 'compare', op: '=', left: symbol('F'), right: { kind: 'symbol', word: quoted('y') } },
      },
    ]);
  });

  it('reads range with words, numbers, quoted bounds and a condition', () => {
    const attributes = attributesOf('config A\n\tint\n\trange 0 MAX if B\n\trange -1 "10"\n');
    expect(shape(attributes.slice(1))).toEqual([
      { kind: 'range', low: symbol('0'), high: symbol('MAX'), condition: symbol('B') },
      { kind: 'range', low: symbol('-1'), high: { kind: 'symbol', word: quoted('10') } },
    ]);
  });

  it('reads modules and transitional', () => {
    expect(shape(attributesOf('config MODULES\n\tbool\n\tmodules\n\ttransitional\n'))).toEqual([
      { kind: 'type', type: 'bool' },
      { kind: 'modules' },
      { kind: 'transitional' },
    ]);
  });

  it('reads the old options', () => {
    const attributes = attributesOf(
      'config A\n\tstring\n\toption env="ARCH"\n\toption defconfig_list\n\toption modules\n\toption allnoconfig_y\n',
    );
    expect(shape(attributes.slice(1))).toEqual([
      { kind: 'option', name: 'env', value: quoted('ARCH') },
      { kind: 'option', name: 'defconfig_list' },
      { kind: 'option', name: 'modules' },
      { kind: 'option', name: 'allnoconfig_y' },
    ]);
  });

  it('reads choice attributes, optional included', () => {
    const entry = firstEntry(
      'choice\n\tprompt "P"\n\ttristate\n\tdefault B if C\n\tdepends on D\n\toptional\nendchoice\n',
    );
    expect(entry.kind === 'choice' && shape(entry.attributes)).toEqual([
      { kind: 'prompt', text: quoted('P') },
      { kind: 'type', type: 'tristate' },
      { kind: 'default', value: symbol('B'), condition: symbol('C') },
      { kind: 'depends', expr: symbol('D') },
      { kind: 'optional' },
    ]);
  });

  it('keeps the string escapes and macro references raw', () => {
    const [type] = attributesOf('config A\n\tstring "a \\"b\\" $(shell,echo "c d")"\n');
    expect(type?.kind === 'type' && type.prompt).toMatchObject({ raw: 'a \\"b\\" $(shell,echo "c d")', quote: '"' });
  });

  it('reads single-quoted strings', () => {
    const [type] = attributesOf('config A\n\tstring \'it "is"\'\n');
    expect(type?.kind === 'type' && type.prompt).toMatchObject({ raw: 'it "is"', quote: "'" });
  });

  it('keeps macro references in bare words', () => {
    const [def] = attributesOf('config A\n\tdef_bool $(cc-option,-m "x" -n)\n');
    expect(def?.kind === 'def-type' && show(def.value)).toBe('$(cc-option,-m "x" -n)');
  });

  it('joins continued lines', () => {
    const [dep] = attributesOf('config A\n\tdepends on B || \\\n\t\t   C\n\tbool\n');
    expect(dep?.kind === 'depends' && show(dep.expr)).toBe('(B || C)');
  });
});

describe('help', () => {
  it('stores the help text de-indented, as conf does', () => {
    const attributes = attributesOf('config A\n\tbool\n\thelp\n\t  First.\n\n\t    Indented.\n\t  Last.\n\nconfig B\n');
    expect(shape(attributes[1])).toEqual({ kind: 'help', text: 'First.\n\n  Indented.\nLast.\n' });
  });

  it('reads ---help--- the same way', () => {
    expect(shape(attributesOf('config A\n\t---help---\n\t  Text.\n')[0])).toEqual({ kind: 'help', text: 'Text.\n' });
  });

  it('continues the attribute list after the help text', () => {
    const result = parse('config A\n\thelp\n\t  Text.\n\tdepends on B\n');
    expect(result.diagnostics).toEqual([]);
    expect(shape(attributesOf('config A\n\thelp\n\t  Text.\n\tdepends on B\n'))).toEqual([
      { kind: 'help', text: 'Text.\n' },
      { kind: 'depends', expr: symbol('B') },
    ]);
  });

  it('accepts help on a choice', () => {
    const entry = firstEntry('choice\n\tprompt "P"\n\thelp\n\t  Pick one.\nendchoice\n');
    expect(entry.kind === 'choice' && shape(entry.attributes[1])).toEqual({ kind: 'help', text: 'Pick one.' });
  });

  it('ends a help text at the end of input', () => {
    const result = parse('config A\n\thelp\n\t  Text at EOF');
    expect(result.diagnostics).toEqual([]);
    expect(shape(attributesOf('config A\n\thelp\n\t  Text at EOF')[0])).toEqual({ kind: 'help', text: 'Text at EOF' });
  });

  it('warns about an empty help text, with conf wording', () => {
    const result = parse('config A\n\tbool\n\thelp\n\nconfig B\n');
    expect(result.diagnostics).toMatchObject([
      { severity: 'warning', code: 'invalid-help', message: "'A' defined with blank help text", location: { line: 3 } },
    ]);
  });

  it('warns about a second help text', () => {
    const result = parse('config A\n\thelp\n\t  One.\n\thelp\n\t  Two.\n');
    expect(result.diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'duplicate-attribute',
        message: "'A' defined with more than one help text -- only the last one will be used",
        location: { line: 4 },
      },
    ]);
  });
});

describe('locations', () => {
  it('places every node at its first token, with 1-based lines and columns and 0-based offsets', () => {
    const result = parse('config A\n\tdepends on (B || C) && !D\n');
    const entry = result.ast.entries[0];
    expect(entry?.location).toEqual({ file: 'Kconfig', line: 1, column: 1, offset: 0 });
    if (entry?.kind !== 'config') throw new Error('config expected');
    expect(entry.name.location).toEqual({ file: 'Kconfig', line: 1, column: 8, offset: 7 });
    const depends = entry.attributes[0];
    if (depends?.kind !== 'depends') throw new Error('depends expected');
    expect(depends.location).toEqual({ file: 'Kconfig', line: 2, column: 2, offset: 10 });
    const and = depends.expr;
    if (and.kind !== 'and') throw new Error('and expected');
    expect(and.location).toMatchObject({ line: 2, column: 13 });
    expect(and.right.location).toMatchObject({ line: 2, column: 25 });
  });

  it('locates a quoted word at its opening quote', () => {
    const entry = firstEntry('mainmenu   "X"\n');
    expect(entry.kind === 'mainmenu' && entry.prompt.location).toMatchObject({ line: 1, column: 12, offset: 11 });
  });
});
