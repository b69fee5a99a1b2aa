// The fast path for common lines must give exactly what the grammar gives: the same AST, locations included,
// and the same diagnostics. The grammar alone reads the Kconfiglib dialect, which for text without its
// three extra keywords reads like the Linux one: comparing the two dialects compares the fast path with the
// grammar, on chosen lines, on the example tree, and on random edits of both.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readFastLine } from '../../src/parser/fast-lines.js';
import { parseKconfig } from '../../src/parser/parse.js';

function bothWays(text: string) {
  return {
    fast: parseKconfig(text, 'Kconfig'),
    grammar: parseKconfig(text, 'Kconfig', { kconfiglibExtensions: true }),
  };
}

const LINES = `mainmenu "Linux/$(ARCH) $(KERNELVERSION) Kernel Configuration"
CC_VERSION := $(shell,$(srctree)/scripts/cc-version.sh $(CC))
cc-option = $(success,trap "rm -rf .tmp_$$" EXIT; mkdir .tmp_$$; $(CC) -Werror $(1) -c -x c /dev/null -o .tmp_$$/tmp.o)
FLAGS += -m64   # not a comment: the value runs to the end of the line
EMPTY :=
$(error-if,$(success,test -z "$(CC_VERSION)"),Sorry$(comma) this C compiler is not supported.)
source "arch/$(SRCARCH)/Kconfig"
source 'lib/Kconfig.debug'
menu "General setup"
	depends on !(A || B) && C != "x" && D >= 0x10
	visible if E
config LOCALVERSION
	string "Local version - append to kernel release"
	default "-$(shell,uname -r)" if X
	help
	  Append an extra string to the end of your kernel version.

	    An indented second paragraph.
menuconfig EXPERT
	bool "Configure standard kernel features (expert users)" if !(A && B) || C = y
	select DEBUG_KERNEL if !A
	imply KALLSYMS
config CC_HAS_ASM_GOTO
	def_bool $(success,echo 'int foo(int x) { asm goto ("": "=r"(x) ::: bar); return x; bar: return 0; }' | $(CC) -x c - -c -o /dev/null)
	depends on A && \\
		   B || \\
	   C
config NR_CPUS
	int "Maximum number of CPUs" if SMP
	range 2 512 if SMP && !MAXSMP
	default "8192" if MAXSMP
	default 1
	---help---
	  Old-style help.
choice
	prompt "Timer frequency"
	default HZ_250
	optional
config HZ_250
	bool "250 HZ"
	transitional
endchoice
if COMPILE_TEST # a comment after a statement
config ISA_DMA_API
	def_tristate m if MODULES
	modules
endif
comment "Unusual but legal"
	depends on A=B
endmenu
`;

describe('the fast path', () => {
  test('reads common lines exactly as the grammar does', () => {
    const { fast, grammar } = bothWays(LINES);
    expect(fast).toEqual(grammar);
    expect(fast.diagnostics).toEqual([]);
  });

  test('takes nearly every line of a tree, and leaves odd ones to the grammar', () => {
    const read = (line: string) => readFastLine(`${line}\n`, 0, line.length, 1, 'Kconfig', line.length + 1);
    expect(read('\tdepends on A && (B || !C)')?.line).toMatchObject({ kind: 'attribute', keyword: 'depends' });
    expect(read('X := $(shell,true)')?.line).toMatchObject({ kind: 'leaf', entry: { kind: 'assignment' } });
    expect(read('  # a comment')).toEqual({ line: undefined, next: 14, newlines: 1 });
    for (const odd of ['\tboolean "b"', '\toption env="X"', '\tbool "x\\', 'config A\r', '\tvisible', 'foo bar']) {
      expect(read(odd)).toBeUndefined();
    }
  });

  test('reads the example tree exactly as the grammar does', () => {
    for (const file of ['Kconfig', 'arch/x86/Kconfig', 'scripts/Kconfig.include', 'fs/Kconfig', 'drivers/Kconfig']) {
      const text = readFileSync(new URL(`../../../../examples/${file}`, import.meta.url), 'latin1');
      const { fast, grammar } = bothWays(text);
      expect(fast).toEqual(grammar);
    }
  });

  test('reads edited text (junk, broken lines, odd help texts) exactly as the grammar does', () => {
    const junk = [
      '\\',
      '\\\n',
      '$(',
      '"',
      "'",
      '\r',
      '#',
      '!',
      '(',
      ')',
      '&',
      '|',
      ':=',
      '+=',
      ' if ',
      '\thelp\n',
      '\thelp\nnot indented\n',
      '\u00e9help',
      '\n',
      '\t',
      'on',
      'boolean',
      '---help---',
      'endif\n',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...junk), fc.nat(3)), { minLength: 1, maxLength: 6 }),
        (edits) => {
          let text = LINES;
          for (const [at, insert, cut] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + cut);
          }
          const { fast, grammar } = bothWays(text);
          expect(fast).toEqual(grammar);
        },
      ),
      { numRuns: 400, seed: 2024 },
    );
  });
});
