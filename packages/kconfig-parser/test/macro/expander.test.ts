/**
 * The macro expander against conf's behaviour (scripts/kconfig/preprocess.c, lexer.l). Expected values and
 * messages were checked against a conf built from linux-source-6.12.
 */
import { describe, expect, test } from 'vitest';
import type { SourceLocation } from '../../src/diagnostics.js';
import type { ExpansionResult, ShellRunner } from '../../src/macro/api.js';
import { type MacroOptions, MacroProcessor, systemShell } from '../../src/macro/expander.js';
import { recordingShell } from '../support/tree.js';

const at = (line: number): SourceLocation => ({ file: 'arch/x86/Kconfig', line, column: 1, offset: 0 });
const here = at(7);

function processor(options: Partial<MacroOptions> = {}): MacroProcessor {
  return new MacroProcessor({ env: options.env ?? {}, shell: options.shell ?? recordingShell() });
}

/** Runs assignment lines (`NAME op value`) the way the loader does, failing the test on any diagnostic. */
function define(m: MacroProcessor, ...lines: string[]): void {
  for (const line of lines) {
    const match = /^(\S+?)\s*(:=|\+=|=)\s*(.*)$/.exec(line);
    if (!match) throw new Error(`not an assignment: ${line}`);
    const [, name = '', op = '=', value = ''] = match;
    expect(m.assign(name, op as '=' | ':=' | '+=', value, here)).toEqual([]);
  }
}

/** Expands a word and returns its value, failing the test on any diagnostic. */
function word(m: MacroProcessor, raw: string): string {
  const result = m.expandWord(raw, here);
  expect(result.diagnostics).toEqual([]);
  return result.value;
}

describe('variables', () => {
  test('$(NAME) is a user variable, else an environment variable (recorded), else empty', () => {
    const m = processor({ env: { ARCH: 'x86', CC: 'gcc' } });
    define(m, 'CC := clang');
    expect(word(m, '$(CC)')).toBe('clang');
    expect(word(m, '$(ARCH)')).toBe('x86');
    expect(word(m, '$(UNSET)')).toBe('');
    expect([...m.environment]).toEqual([
      ['ARCH', 'x86'],
      ['UNSET', undefined],
    ]);
  });

  test('environment names are looked up as own keys only', () => {
    const m = processor({ env: {} });
    expect(word(m, '$(constructor)$(toString)$(__proto__)')).toBe('');
  });

  test(':= expands once at assignment, = at each use', () => {
    const shell = recordingShell({ 'date +%s': '1700000000\n' });
    const m = processor({ shell });
    define(m, 'NOW := $(shell,date +%s)', 'LATER = $(shell,date +%s)');
    expect(shell.commands).toEqual(['date +%s']);
    expect(word(m, '$(NOW)-$(NOW)')).toBe('1700000000-1700000000');
    expect(shell.commands).toHaveLength(1);
    expect(word(m, '$(LATER)')).toBe('1700000000');
    expect(word(m, '$(LATER)')).toBe('1700000000');
    expect(shell.commands).toHaveLength(3);
  });

  test('a recursive variable sees definitions made after it', () => {
    const m = processor();
    define(m, 'greeting = hello $(who)', 'who := world');
    expect(word(m, '$(greeting)')).toBe('hello world');
  });

  test('+= keeps the flavour of the variable it extends (conf: "+= inherits the existing flavor")', () => {
    const m = processor();
    define(m, 'X = 1', 'X += 2', 'Y := 1', 'Y += $(X)', 'X += 3');
    expect(word(m, '[$(X)][$(Y)]')).toBe('[1 2 3][1 1 2]');
  });

  test('+= on an undefined variable makes a recursive one, without a leading space', () => {
    const m = processor();
    define(m, 'Z += $(later)', 'later := z');
    expect(word(m, '[$(Z)]')).toBe('[z]');
  });

  test('+= on a defined but empty variable still adds the separating space', () => {
    const m = processor();
    define(m, 'E :=', 'E += x');
    expect(word(m, '[$(E)]')).toBe('[ x]');
  });

  test('= after := turns the variable recursive', () => {
    const m = processor();
    define(m, 'V := $(A)', 'V = $(A)', 'A := late');
    expect(word(m, '$(V)')).toBe('late');
  });

  test(':= reads its own variable as empty (conf re-registers it before expanding the right-hand side)', () => {
    const m = processor({ env: { HOME: '/root' } });
    define(m, 'A := a', 'A := $(A)b', 'HOME := $(HOME)/x');
    expect(word(m, '[$(A)][$(HOME)]')).toBe('[b][/x]');
  });

  test('the variable name is expanded like a word', () => {
    const m = processor();
    define(m, 'N := V', '$(N)_$(N) := val');
    expect(word(m, '$(V_V)')).toBe('val');
  });

  test('a name that expands to nothing is a syntax error and defines nothing', () => {
    const m = processor();
    const diagnostics = m.assign('$(EMPTY)', ':=', '$(shell,never)', here);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'macro-syntax',
        message: "syntax error: the variable name '$(EMPTY)' expands to an empty string",
        location: here,
      },
    ]);
    expect(word(m, '$()')).toBe('');
  });

  test('assignment values are plain text: quotes are kept, only $(...) is expanded', () => {
    const m = processor();
    define(m, 'quote := "', "squote := '", 'Y := y', 'Q := "$(Y)" \\n # not a comment  ');
    expect(word(m, '$(quote)$(squote)')).toBe(`"'`);
    expect(word(m, '$(Q)')).toBe('"y" \\n # not a comment  ');
  });
});

describe('functions', () => {
  test('$(1), $(2)... are the arguments, read as strtoul reads the unexpanded text; $(0) is not one', () => {
    const m = processor();
    define(m, 'f = [$(0)][$(1)][$( 2)][$(+1)][$(01)][$(3)][$(4)]');
    expect(word(m, '$(f,a, b ,c)')).toBe('[][a][ b ][a][a][c][]');
  });

  test('outside a function call $(1) is an ordinary (undefined) name', () => {
    const m = processor({ env: { '1': 'from-env' } });
    expect(word(m, '$(1)')).toBe('from-env');
  });

  test('blanks around arguments and names are kept, not trimmed', () => {
    const shell = recordingShell({ ' echo hi': 'hi\n' });
    const m = processor({ shell });
    define(m, 'X := x');
    expect(word(m, '[$(X )][$( X)][$( shell,echo hi)][$(shell, echo hi)]')).toBe('[][][][hi]');
    expect(shell.commands).toEqual([' echo hi']);
  });

  test('commas inside parentheses do not split arguments', () => {
    const m = processor();
    define(m, 'first = <$(1)>');
    expect(word(m, '$(first,(a,b),c)')).toBe('<(a,b)>');
    expect(word(m, '$(first,$(first,x,y),z)')).toBe('<<x>>');
  });

  test('a comma reaches a command only through a variable', () => {
    const shell = recordingShell();
    const m = processor({ shell });
    define(m, 'comma := ,');
    word(m, '$(shell, echo hello$(comma) world)');
    expect(shell.commands).toEqual([' echo hello, world']);
    expect(m.expandWord('$(shell, echo hello, world)', here).diagnostics[0]?.message).toBe(
      "too many function arguments passed to 'shell'",
    );
  });

  test('the function name is expanded first', () => {
    const m = processor();
    define(m, 'N := twice', 'twice = $(1)$(1)');
    expect(word(m, '$($(N),ab)')).toBe('abab');
  });

  test("a call's arguments are visible in the name and arguments of nested calls", () => {
    const m = processor();
    define(m, 'f = $(1)-$(2)', 'g = $(f,$(2),$(1))', 'sel = $($(1),$(2),$(3))');
    expect(word(m, '[$(g,a,b)][$(f)]')).toBe('[b-a][-]');
    expect(word(m, '$(sel,f,x,y)')).toBe('x-y');
  });

  test('an argument number is read before expansion: $($(N)) is not an argument', () => {
    const m = processor();
    define(m, 'N := 1', 'f = [$($(N))]');
    expect(word(m, '$(f,arg)')).toBe('[]');
  });

  test('a simple variable called with arguments ignores them; an unknown function is silently empty', () => {
    const m = processor({ env: { HOME: '/root' } });
    define(m, 'S := s');
    expect(word(m, '[$(S,a,b)][$(no-such-function,x)][$(HOME,x)]')).toBe('[s][][]');
    expect(m.environment.size).toBe(0);
  });

  test('a user variable named like a built-in shadows it', () => {
    const m = processor();
    define(m, 'info = shadow[$(1)]');
    const result = m.expandWord('$(warning-if,y,$(info,x))', here);
    expect(result.diagnostics).toEqual([
      { severity: 'warning', code: 'macro-warning-if', message: 'shadow[x]', location: here },
    ]);
  });

  test('a built-in wins over an environment variable of the same name', () => {
    const m = processor({ env: { lineno: '99' } });
    expect(word(m, '$(lineno)')).toBe('7');
  });

  test('an empty reference is empty and reads no environment', () => {
    const m = processor({ env: { '': 'x' } });
    expect(word(m, '[$()]')).toBe('[]');
    expect(m.environment.size).toBe(0);
  });
});

describe('recursion', () => {
  test('a variable that references itself is an error, not a loop', () => {
    const m = processor();
    define(m, 'X = $(X)', 'A = $(B)', 'B = x$(A)');
    expect(m.expandWord('$(X)', here)).toEqual({
      value: '',
      diagnostics: [
        {
          severity: 'error',
          code: 'macro-recursive-variable',
          message: "Recursive variable 'X' references itself (eventually)",
          location: here,
        },
      ],
    });
    expect(m.expandWord('$(A)', here).diagnostics.map((d) => d.message)).toEqual([
      "Recursive variable 'A' references itself (eventually)",
    ]);
  });

  test('a self-referencing += is caught at use', () => {
    const m = processor();
    define(m, 'D = d', 'D += $(D)');
    expect(m.expandWord('$(D)', here).diagnostics[0]?.code).toBe('macro-recursive-variable');
  });

  test('a function calling itself stops after 1001 nested calls with conf\'s "Too deep recursive expansion"', () => {
    const m = processor();
    define(m, 'f = $(info,x)$(f,x)');
    const result = m.expandWord('$(f,a)', here);
    expect(result.value).toBe('');
    expect(result.diagnostics.filter((d) => d.code === 'macro-info')).toHaveLength(1001);
    expect(result.diagnostics.at(-1)).toEqual({
      severity: 'error',
      code: 'macro-too-deep',
      message: 'Too deep recursive expansion',
      location: here,
    });
  });

  test('mutual recursion and absurd nesting end in the same error, never in an exception', () => {
    const m = processor();
    define(m, 'f = $(g,x)', 'g = $(h,x)', 'h = $(f,x)');
    expect(m.expandWord('$(f,a)', here).diagnostics.map((d) => d.code)).toEqual(['macro-too-deep']);
    const deep = `${'$('.repeat(100_000)}${')'.repeat(100_000)}`;
    expect(m.expandString(deep, here).diagnostics.map((d) => d.code)).toEqual(['macro-too-deep']);
  });

  test('a stack overflow inside an expansion becomes the same diagnostic, and the processor stays usable', () => {
    const m = processor();
    define(m, 'f = $(g,$(1))', 'g = [$(1)]');
    const nested = `${'$(f,'.repeat(1000)}x${')'.repeat(1000)}`;
    // Use up more and more of the stack before expanding, until the overflow happens inside the expander.
    const below = (frames: number): ExpansionResult => (frames === 0 ? m.expandWord(nested, here) : below(frames - 1));
    let overflowed: ExpansionResult | undefined;
    for (let frames = 0; frames < 50_000 && overflowed === undefined; frames += 100) {
      let result: ExpansionResult;
      try {
        result = below(frames);
      } catch {
        break; // overflowed in the test's own frames: the expander was not reached
      }
      if (result.diagnostics.length > 0) overflowed = result;
    }
    expect(overflowed?.diagnostics.map((d) => d.code)).toEqual(['macro-too-deep']);
    expect(word(m, '$(f,ok)')).toBe('[ok]');
  });

  test('an error leaves no variable marked as being expanded', () => {
    const m = processor();
    define(m, 'X = <$(Y)>', 'Y = $(error-if,y,stop)');
    expect(m.expandWord('$(X)', here).diagnostics[0]?.code).toBe('macro-error-if');
    define(m, 'Y = fine');
    expect(word(m, '$(X)')).toBe('<fine>');
  });
});

describe('built-in functions', () => {
  test('shell: trailing newlines dropped, other newlines become spaces, \\r kept, exit status ignored', () => {
    const outputs: Record<string, { stdout: string; exitCode: number }> = {
      two: { stdout: 'a\n\nb\n\n', exitCode: 0 },
      crlf: { stdout: 'a\r\n', exitCode: 0 },
      fails: { stdout: 'partial\n', exitCode: 3 },
    };
    const shell: ShellRunner = (command) => outputs[command] ?? { stdout: '', exitCode: 127 };
    const m = processor({ shell });
    expect(word(m, '[$(shell,two)][$(shell,crlf)][$(shell,fails)][$(shell,missing)]')).toBe('[a  b][a\r][partial][]');
  });

  test('shell: conf keeps at most 4095 bytes of output, and a NUL ends it', () => {
    const m = processor({
      shell: (command) => ({
        stdout: command === 'big' ? `${'é'.repeat(3000)}\n` : 'a\n\0b\n',
        exitCode: 0,
      }),
    });
    // 2047 two-byte characters fill 4094 bytes; the next one would cross the limit.
    expect(word(m, '$(shell,big)')).toBe('é'.repeat(2047));
    expect(word(m, '$(shell,nul)')).toBe('a ');
  });

  test('shell: a command that cannot run at all stops expansion like conf (perror + exit)', () => {
    const m = processor({ shell: () => ({ stdout: '', exitCode: -1, error: 'spawnSync /bin/sh ENOENT' }) });
    expect(m.expandWord('x$(shell,true)y', here)).toEqual({
      value: '',
      diagnostics: [
        { severity: 'error', code: 'macro-shell-failed', message: 'true: spawnSync /bin/sh ENOENT', location: here },
      ],
    });
  });

  test('info: an info diagnostic whose message is exactly the text; the value is empty', () => {
    const m = processor();
    expect(m.expandWord('a$(info,  spaced text )b', here)).toEqual({
      value: 'ab',
      diagnostics: [{ severity: 'info', code: 'macro-info', message: '  spaced text ', location: here }],
    });
  });

  test('warning-if: only when the condition is exactly "y"', () => {
    const m = processor();
    const result = m.expandWord(
      '$(warning-if,y,hello world)$(warning-if,n,no)$(warning-if, y,no)$(warning-if,y ,no)',
      here,
    );
    expect(result).toEqual({
      value: '',
      diagnostics: [{ severity: 'warning', code: 'macro-warning-if', message: 'hello world', location: here }],
    });
  });

  test('error-if: an error when "y", and nothing after it runs', () => {
    const shell = recordingShell();
    const m = processor({ shell });
    expect(word(m, '$(error-if,n,fine)ok')).toBe('ok');
    const result = m.expandWord('$(info,before)$(error-if,y,C compiler not found)$(shell,after)$(info,after)', here);
    expect(result).toEqual({
      value: '',
      diagnostics: [
        { severity: 'info', code: 'macro-info', message: 'before', location: here },
        { severity: 'error', code: 'macro-error-if', message: 'C compiler not found', location: here },
      ],
    });
    expect(shell.commands).toEqual([]);
  });

  test('filename and lineno come from the location; a := line sees the next line number, as in conf', () => {
    const m = processor();
    expect(m.assign('X', ':=', '$(lineno)', at(1))).toEqual([]);
    expect(m.assign('Y', '=', '$(filename):$(lineno)', at(3))).toEqual([]);
    expect(m.expandWord('$(X)', at(10)).value).toBe('2');
    expect(m.expandWord('$(Y)', at(10)).value).toBe('arch/x86/Kconfig:10');
    expect(m.expandString('$(lineno)', at(12)).value).toBe('12');
  });

  test("wrong argument counts use conf's wording", () => {
    const m = processor();
    const messages = (raw: string) => m.expandWord(raw, here).diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(messages('$(info)')).toEqual(["macro-wrong-arguments: too few function arguments passed to 'info'"]);
    expect(messages('$(filename,x)')).toEqual([
      "macro-wrong-arguments: too many function arguments passed to 'filename'",
    ]);
    expect(messages('$(error-if,y)')).toEqual([
      "macro-wrong-arguments: too few function arguments passed to 'error-if'",
    ]);
    expect(messages('$(info,a,b)')).toEqual(["macro-wrong-arguments: too many function arguments passed to 'info'"]);
  });

  test('a reference holds at most 16 parts, the name included, whatever it calls', () => {
    const m = processor();
    const args = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');
    expect(m.expandWord(`$(a,${args(15)})`, here).diagnostics).toEqual([]);
    expect(m.expandWord(`$(a,${args(16)})`, here).diagnostics).toEqual([
      { severity: 'error', code: 'macro-wrong-arguments', message: 'too many function arguments', location: here },
    ]);
  });

  test('an unterminated $( is a syntax error naming the rest of the text', () => {
    const m = processor();
    expect(m.expandWord('$(info,$(shell,echo hello', here)).toEqual({
      value: '',
      diagnostics: [
        {
          severity: 'error',
          code: 'macro-syntax',
          message: "unterminated reference to 'info,$(shell,echo hello': missing ')'",
          location: here,
        },
      ],
    });
    define(m, 'broken = x$(y');
    expect(m.expandString('$(broken)', here).diagnostics[0]?.message).toBe(
      "unterminated reference to 'y': missing ')'",
    );
  });
});

describe('words', () => {
  test('a word of several pieces comes out as one word', () => {
    const m = processor();
    define(m, 'B := bb', 'D := dd', 'SP := b b', 'X := x');
    expect(word(m, 'A$(B)C$(D)E')).toBe('AbbCddE');
    expect(word(m, 'FOO_$(D)_BAR')).toBe('FOO_dd_BAR');
    expect(word(m, '$(SP)')).toBe('b b');
    expect(word(m, '$(B)$(D)')).toBe('bbdd');
  });

  test('$ not followed by ( is literal', () => {
    const m = processor();
    define(m, 'X := x');
    expect(word(m, 'A$B$')).toBe('A$B$');
    expect(word(m, '$$(X)')).toBe('$x');
    expect(word(m, '.tmp_$$')).toBe('.tmp_$$');
  });

  test('an expansion result is never expanded again', () => {
    const m = processor();
    define(m, 'dollar := $', 'ref := $(dollar)(X)', 'X := x');
    expect(word(m, '$(ref)')).toBe('$(X)');
  });

  test('a word that expands to nothing has an empty value (conf drops the token)', () => {
    const m = processor();
    expect(m.expandWord('$(error-if,n,x)', here)).toEqual({ value: '', diagnostics: [] });
  });
});

describe('strings', () => {
  test('backslash escapes and references are handled in one pass', () => {
    const shell = recordingShell({ 'echo "q"': 'q\n' });
    const m = processor({ shell });
    define(m, 'B := bb');
    const result = m.expandString('x\\$(B)\\"y$(B)$C \\\\ $(shell,echo "q")z', here);
    expect(result).toEqual({ value: 'x$(B)"ybb$C \\ qz', diagnostics: [] });
    expect(shell.commands).toEqual(['echo "q"']);
  });

  test('the other quote is literal, and a trailing backslash disappears', () => {
    const m = processor();
    expect(m.expandString(`it's "fine"\\`, here).value).toBe(`it's "fine"`);
  });

  test('an expansion is inserted literally: its backslashes and quotes are not interpreted', () => {
    const m = processor();
    define(m, 'V := a\\"b', 'quote := "');
    expect(m.expandString('<$(V)$(quote)>', here).value).toBe('<a\\"b">');
  });
});

// Guards against quadratic work, not timings: the bounds are far above a linear run even on a loaded machine,
// and the nested case is measured against a shallower one, so load slows both sides alike.
describe('speed', () => {
  test('a 1 MB value and 150000 references expand without quadratic work', () => {
    const m = processor();
    const big = 'x'.repeat(1 << 20);
    const start = performance.now();
    define(m, `BIG := ${big}$(none)`, 'S := s');
    expect(word(m, '$(BIG)$(BIG)')).toHaveLength(2 << 20);
    const many = 'a$(S)\\b'.repeat(150_000);
    expect(m.expandString(many, here).value).toHaveLength(3 * 150_000);
    // Linear: tens of milliseconds. Copying the output or the 1 MB value per reference: minutes.
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  test('500 nested calls before a 1 MB tail cost about what 50 do: no work per level over the tail', () => {
    const m = processor();
    const big = 'x'.repeat(1 << 20);
    define(m, 'S := s');
    const fastest = (depth: number) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        define(m, `NESTED := ${'$(S,'.repeat(depth)}${')'.repeat(depth)}${big}`);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const shallow = fastest(50);
    // Rescanning the tail at every level would make 500 levels ten times as slow as 50.
    expect(fastest(500)).toBeLessThan(4 * shallow + 20);
  });
});

describe('systemShell', () => {
  test('runs /bin/sh -c with the given environment and captures stdout', () => {
    const env = { PATH: process.env.PATH, GREETING: 'hello', UNSET: undefined };
    const m = new MacroProcessor({ env, shell: systemShell(env) });
    expect(word(m, '$(shell,echo "$GREETING"; echo world; echo oops >&2; exit 3)')).toBe('hello world');
    const run = systemShell(env);
    expect(run('printf x; exit 3')).toEqual({ stdout: 'x', exitCode: 3 });
    expect(run('echo "[$UNSET]"')).toEqual({ stdout: '[]\n', exitCode: 0 });
  });
});
