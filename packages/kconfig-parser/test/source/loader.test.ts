import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { MenuNode, SymbolNode } from '../../src/model/types.js';
import { type LoadOptions, loadKconfig } from '../../src/source/loader.js';
import { recordingShell, writeTree } from '../support/tree.js';

function load(files: Record<string, string>, options: Partial<LoadOptions> = {}) {
  const root = writeTree(files);
  return { root, ...loadKconfig({ cwd: root, env: {}, shell: recordingShell(), ...options }) };
}

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

function flatten(node: MenuNode): MenuNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

describe('source resolution', () => {
  it('follows source lines in order and records every file read', () => {
    const { model, diagnostics } = load({
      Kconfig: 'config A\n\tbool "a"\nsource "sub/Kconfig"\nconfig C\n\tbool\n',
      'sub/Kconfig': 'config B\n\tbool "b"\n',
    });
    expect(errors(diagnostics)).toEqual([]);
    expect(model.files).toEqual(['Kconfig', 'sub/Kconfig']);
    expect([...model.symbols.keys()]).toEqual(['A', 'B', 'C']);
  });

  it('falls back to $srctree when the name is not found relative to the working directory', () => {
    const src = writeTree({ Kconfig: 'source "lib/Kconfig"\n', 'lib/Kconfig': 'config LIB\n\tbool\n' });
    const obj = writeTree({});
    const { model, diagnostics } = loadKconfig({ cwd: obj, srctree: src, env: {}, shell: recordingShell() });
    expect(errors(diagnostics)).toEqual([]);
    expect(model.symbols.has('LIB')).toBe(true);
  });

  it('reads srctree from the environment like conf', () => {
    const src = writeTree({ Kconfig: 'config TOP\n\tbool\n' });
    const obj = writeTree({});
    const { model } = loadKconfig({ cwd: obj, env: { srctree: src }, shell: recordingShell() });
    expect(model.symbols.has('TOP')).toBe(true);
  });

  it('expands macros in source paths', () => {
    const { model, diagnostics } = load(
      { Kconfig: 'source "arch/$(SRCARCH)/Kconfig"\n', 'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n' },
      { env: { SRCARCH: 'x86' } },
    );
    expect(errors(diagnostics)).toEqual([]);
    expect(model.symbols.get('X86')?.type).toBe('bool');
    expect(model.environment.get('SRCARCH')).toBe('x86');
  });

  it('reports a missing top file', () => {
    const { diagnostics } = load({}, { kconfig: 'Kconfig' });
    expect(diagnostics).toMatchObject([
      { severity: 'error', code: 'source-not-found', message: "can't find file Kconfig" },
    ]);
  });

  it('reports a missing sourced file at the source line, with the inclusion chain', () => {
    const { diagnostics } = load({
      Kconfig: '\nsource "a/Kconfig"\n',
      'a/Kconfig': 'config A\n\tbool\n\nsource "missing/Kconfig"\n',
    });
    const [d] = errors(diagnostics);
    expect(d).toMatchObject({ code: 'source-not-found', location: { file: 'a/Kconfig', line: 4 } });
    expect(d?.notes?.some((n) => n.location?.file === 'Kconfig' && n.location.line === 2)).toBe(true);
  });

  it('reports a sourced path that exists but cannot be read (a directory) as unreadable', () => {
    const { diagnostics } = load({ Kconfig: 'source "dir"\n', 'dir/x': '' });
    expect(errors(diagnostics)).toMatchObject([{ code: 'source-unreadable', location: { file: 'Kconfig', line: 1 } }]);
  });

  it('reports recursive inclusion with the whole chain and does not loop', () => {
    const { diagnostics } = load({
      Kconfig: 'source "a"\n',
      a: 'source "b"\n',
      b: 'config B\n\tbool\nsource "a"\n',
    });
    const [d] = errors(diagnostics);
    expect(d).toMatchObject({ code: 'source-recursive', location: { file: 'b', line: 3 } });
    expect(d?.notes?.map((n) => n.location?.file)).toEqual([undefined, 'b', 'a', 'Kconfig']);
  });

  it('reports a file sourced twice as a warning and reads it again, as 6.1 and 6.12 do', () => {
    const { model, diagnostics } = load({ Kconfig: 'source "x"\nsource "x"\n', x: 'config X\n\tbool "x"\n' });
    expect(errors(diagnostics)).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'source-repeated', location: { line: 2 } }]);
    expect(model.symbols.get('X')?.definitions).toHaveLength(2);
  });

  it('rejects osource/rsource unless the Kconfiglib dialect is on, then honours them', () => {
    const files = {
      Kconfig: 'rsource "sub/Kconfig"\nosource "nope"\n',
      'sub/Kconfig': 'rsource "leaf"\n',
      'sub/leaf': 'config LEAF\n\tbool\n',
    };
    expect(errors(load(files).diagnostics).length).toBeGreaterThan(0);
    const { model, diagnostics } = load(files, { kconfiglibExtensions: true });
    expect(errors(diagnostics)).toEqual([]);
    expect(model.files).toEqual(['Kconfig', 'sub/Kconfig', 'sub/leaf']);
  });

  it('expands glob patterns in source with the Kconfiglib dialect, sorted', () => {
    const { model, diagnostics } = load(
      {
        Kconfig: 'source "boards/*/Kconfig"\n',
        'boards/b/Kconfig': 'config B\n\tbool\n',
        'boards/a/Kconfig': 'config A\n\tbool\n',
      },
      { kconfiglibExtensions: true },
    );
    expect(errors(diagnostics)).toEqual([]);
    expect(model.files).toEqual(['Kconfig', 'boards/a/Kconfig', 'boards/b/Kconfig']);
  });
});

describe('macro expansion in file order', () => {
  it('sees variables as they are at the point of use, across sourced files', () => {
    const { model, diagnostics } = load({
      Kconfig: 'X := one\nsource "sub"\nX := two\nconfig LATE\n\tbool "$(X)"\n',
      sub: 'config EARLY\n\tbool "$(X)"\n',
    });
    expect(errors(diagnostics)).toEqual([]);
    const prompt = (name: string) =>
      model.symbols.get(name)?.definitions[0]?.properties.find((p) => p.kind === 'prompt');
    expect(prompt('EARLY')).toMatchObject({ text: 'one' });
    expect(prompt('LATE')).toMatchObject({ text: 'two' });
  });

  it('runs $(shell,...) with the real shell by default and leaves nothing behind', () => {
    const temp = writeTree({});
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const { model, diagnostics } = load(
        { Kconfig: 'config S\n\tdef_bool $(shell,echo y)\nconfig T\n\tstring "$(shell,printf \'%s\' "$0")"\n' },
        { shell: undefined, env: { PATH: process.env.PATH } },
      );
      expect(errors(diagnostics)).toEqual([]);
      const defaults = [...model.symbols.values()].map((s) => s.definitions[0]?.properties[0]);
      expect(defaults.map((p) => (p?.kind === 'default' ? p.value : p?.kind === 'prompt' ? p.text : p))).toEqual([
        { kind: 'const', value: 'y' },
        '/bin/sh',
      ]);
      expect(readdirSync(temp).filter((name) => name.startsWith('kconfig-solve-shell-'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('runs $(shell,...) through the injected runner and uses its output as a word', () => {
    const shell = recordingShell({ 'echo y': 'y' });
    const { model } = load({ Kconfig: 'config S\n\tdef_bool $(shell,echo y)\n' }, { shell });
    expect(shell.commands).toEqual(['echo y']);
    expect(model.symbols.get('S')?.definitions[0]?.properties[0]).toMatchObject({
      kind: 'default',
      value: { kind: 'const', value: 'y' },
    });
  });

  it('sets the main menu prompt from mainmenu, with macros', () => {
    const { model } = load({ Kconfig: 'mainmenu "Linux/$(ARCH) Kernel"\n' }, { env: { ARCH: 'arm64' } });
    expect(model.root.prompt).toBe('Linux/arm64 Kernel');
    expect(load({ Kconfig: 'config A\n\tbool\n' }).model.root.prompt).toBe('Main menu');
  });
});

describe('symbol and menu model', () => {
  it('keeps every definition of a symbol and its properties, first type winning', () => {
    const { model, diagnostics } = load({
      Kconfig:
        'config A\n\tbool "a"\n\tdefault y if B\n\tselect C\n\timply D if B\nconfig A\n\ttristate\n\tdepends on E\n',
    });
    const a = model.symbols.get('A');
    expect(a?.type).toBe('bool');
    expect(a?.definitions).toHaveLength(2);
    expect(a?.definitions[0]?.properties.map((p) => p.kind)).toEqual(['prompt', 'default', 'select', 'imply']);
    expect(a?.definitions[1]?.dependsOn).toEqual({ kind: 'symbol', name: 'E' });
    expect(diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'type-redefined',
        message: "ignoring type redefinition of 'A' from 'bool' to 'tristate'",
      },
    ]);
  });

  it('distinguishes symbol references from constants', () => {
    const { model } = load({ Kconfig: 'config A\n\tstring\n\tdefault "x" if B = "y" && !m\n\tdefault FOO\n' });
    const [d1, d2] = model.symbols.get('A')?.definitions[0]?.properties ?? [];
    expect(d1).toMatchObject({
      value: { kind: 'const', value: 'x' },
      condition: {
        kind: 'and',
        left: { kind: 'compare', op: '=', left: { kind: 'symbol', name: 'B' }, right: { kind: 'const', value: 'y' } },
        right: { kind: 'not', operand: { kind: 'const', value: 'm' } },
      },
    });
    expect(d2).toMatchObject({ value: { kind: 'symbol', name: 'FOO' } });
  });

  it('builds the menu tree in file order with if, menu, comment and choice nodes', () => {
    const { model, diagnostics } = load({
      Kconfig: [
        'menu "M"',
        '\tdepends on A',
        '\tvisible if B',
        'if C',
        'config X',
        '\tbool "x"',
        'endif',
        'comment "note"',
        '\tdepends on D',
        'endmenu',
        'choice',
        '\tprompt "pick"',
        'config P',
        '\tbool "p"',
        'if Q',
        'config R',
        '\tbool "r"',
        'endif',
        'endchoice',
        '',
      ].join('\n'),
    });
    expect(errors(diagnostics)).toEqual([]);
    const kinds = flatten(model.root).map((n) => (n.kind === 'config' ? `config:${n.symbol}` : n.kind));
    expect(kinds).toEqual(['root', 'menu', 'if', 'config:X', 'comment', 'choice', 'config:P', 'if', 'config:R']);
    const menu = model.root.children[0];
    expect(menu).toMatchObject({ kind: 'menu', prompt: 'M', dependsOn: { name: 'A' }, visibleIf: { name: 'B' } });
    expect(model.choices).toHaveLength(1);
    expect(model.choices[0]?.members).toEqual(['P', 'R']);
    expect(model.symbols.get('R')?.choice).toBe(0);
  });

  it('gives typeless choice members the choice type and a typeless choice its first member type', () => {
    const { model } = load({
      Kconfig: 'choice\n\tprompt "c"\nconfig A\n\tprompt "a"\nconfig B\n\ttristate "b"\nendchoice\n',
    });
    expect(model.choices[0]?.type).toBe('tristate');
    expect(model.symbols.get('A')?.type).toBe('tristate');
  });

  it('merges named choices defined in several places (before 6.11)', () => {
    const { model } = load({
      Kconfig: 'choice C\n\tbool "c"\nconfig A\n\tbool "a"\nendchoice\nchoice C\nconfig B\n\tbool "b"\nendchoice\n',
    });
    expect(model.choices).toHaveLength(1);
    expect(model.choices[0]).toMatchObject({ name: 'C', members: ['A', 'B'] });
    expect(model.choices[0]?.definitions).toHaveLength(2);
  });

  it("reads 7.0's `depends on X if Y` as X || (Y = n)", () => {
    const { model } = load({ Kconfig: 'config A\n\tbool\n\tdepends on B if C\n' });
    expect(model.symbols.get('A')?.definitions[0]?.dependsOn).toEqual({
      kind: 'or',
      left: { kind: 'symbol', name: 'B' },
      right: { kind: 'compare', op: '=', left: { kind: 'symbol', name: 'C' }, right: { kind: 'const', value: 'n' } },
    });
  });

  it('records modules, transitional and the old option forms', () => {
    const { model } = load({
      Kconfig: [
        'config MODULES\n\tbool "m"\n\tmodules',
        'config OLD_MODULES\n\tbool\n\toption modules',
        'config T\n\tbool\n\ttransitional',
        'config ALLNO\n\tbool\n\toption allnoconfig_y',
        'config DEFLIST\n\tstring\n\toption defconfig_list',
        'config ENVSYM\n\tstring\n\toption env="HOME"',
        '',
      ].join('\n'),
    });
    const s = (n: string) => model.symbols.get(n);
    expect(s('MODULES')?.isModules).toBe(true);
    expect(s('OLD_MODULES')?.isModules).toBe(true);
    expect(s('T')?.transitional).toBe(true);
    expect(s('ALLNO')?.allnoconfigY).toBe(true);
    expect(s('DEFLIST')?.defconfigList).toBe(true);
    expect(s('ENVSYM')?.env).toBe('HOME');
  });

  it('keeps help text on the definition', () => {
    const { model } = load({ Kconfig: 'config A\n\tbool "a"\n\thelp\n\t  Line one.\n\t  Line two.\n' });
    const def = model.symbols.get('A')?.definitions[0] as SymbolNode;
    expect(def.help).toBe('Line one.\nLine two.\n');
  });
});

describe('depends on X if Y with a compound condition', () => {
  it('tests the condition for n without ever yielding m', () => {
    const { model } = load({ Kconfig: 'config A\n\tbool\n\tdepends on B if C && !D\n' });
    expect(model.symbols.get('A')?.definitions[0]?.dependsOn).toEqual({
      kind: 'or',
      left: { kind: 'symbol', name: 'B' },
      right: {
        kind: 'or',
        left: { kind: 'compare', op: '=', left: { kind: 'symbol', name: 'C' }, right: { kind: 'const', value: 'n' } },
        right: { kind: 'compare', op: '=', left: { kind: 'symbol', name: 'D' }, right: { kind: 'const', value: 'y' } },
      },
    });
  });
});

describe('malformed trees give located diagnostics through the whole pipeline', () => {
  const cases: [string, Record<string, string>, string, number][] = [
    [
      'too few arguments to a built-in',
      { Kconfig: 'config A\n\tbool "$(warning-if,y)"\n' },
      'macro-wrong-arguments',
      2,
    ],
    ['self-referencing variable', { Kconfig: 'X = $(X)\nconfig A\n\tbool "$(X)"\n' }, 'macro-recursive-variable', 3],
    ['error-if that fires', { Kconfig: '\n$(error-if,y,stop here)\n' }, 'macro-error-if', 2],
    ['unterminated macro call', { Kconfig: 'config A\n\tbool "$(shell,echo"\n' }, 'macro-syntax', 2],
    ['recursive source', { Kconfig: 'source "Kconfig"\n' }, 'source-recursive', 1],
    ['missing sourced file', { Kconfig: 'config A\n\tbool\nsource "nope/Kconfig"\n' }, 'source-not-found', 3],
    ['unknown statement from a macro line', { Kconfig: 'X := frob\n$(X)\n' }, 'unknown-statement', 2],
    ['unterminated menu in a sourced file', { Kconfig: 'source "a"\n', a: 'menu "M"\n' }, 'unterminated-block', 2],
  ];
  it.each(cases)('%s', (_name, files, code, line) => {
    const { diagnostics } = load(files);
    const found = diagnostics.find((d) => d.code === code);
    expect(found, JSON.stringify(diagnostics)).toBeDefined();
    expect(found?.location?.line).toBe(line);
    expect(found?.location?.column).toBeGreaterThanOrEqual(1);
  });

  it('never throws on binary junk in a sourced file', () => {
    const junk = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const { diagnostics } = load({ Kconfig: 'source "junk"\n', junk });
    expect(diagnostics.some((d) => d.severity === 'error' && d.location?.file === 'junk')).toBe(true);
  });
});
