/**
 * The kernel's own macro library, scripts/Kconfig.include, read from the cached 6.12 tree and run through the expander with a stub shell. The expected commands are the ones a conf built from 6.12 passed
 * to popen() for the same file with srctree=/src CC=gcc LD=ld (logged with an LD_PRELOAD wrapper).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, MacroProcessor, type ShellRunner, type SourceLocation } from '@kconfig-solve/kconfig-parser';
import { expect, test } from 'vitest';
import { scanWord } from '../../packages/kconfig-parser/src/macro/scan.js';
import { ensureKernelTree } from '../support/kernel-trees.js';

const FILE = 'scripts/Kconfig.include';
const text = readFileSync(join(await ensureKernelTree('6.12'), FILE), 'utf8');

/** Answers the few command shapes Kconfig.include uses, as a machine with gcc 12.2 and binutils 2.40 would. */
function fakeShell(): ShellRunner & { commands: string[] } {
  const commands: string[] = [];
  const versions: Record<string, string> = {
    '/src/scripts/cc-version.sh gcc': 'GCC 120200',
    '/src/scripts/as-version.sh gcc ': 'GNU 24000',
    '/src/scripts/ld-version.sh ld': 'BFD 24000',
  };
  const run: ShellRunner = (command) => {
    commands.push(command);
    const ifSuccess = /^\{ (.*); \} >\/dev\/null 2>&1 && echo "(.*)" \|\| echo "(.*)"$/.exec(command);
    if (ifSuccess) {
      const [, probe = '', then = '', otherwise = ''] = ifSuccess;
      // Every probe succeeds except `test -z` on a non-empty string.
      const succeeds = !/^test -z "[^"]/.test(probe);
      return { stdout: `${succeeds ? then : otherwise}\n`, exitCode: 0 };
    }
    const setWords = /^set -- (.*) && echo \$(\d)$/.exec(command);
    if (setWords) {
      const words = (setWords[1] ?? '').split(' ');
      return { stdout: `${words[Number(setWords[2]) - 1] ?? ''}\n`, exitCode: 0 };
    }
    return { stdout: `${versions[command] ?? ''}\n`, exitCode: 0 };
  };
  return Object.assign(run, { commands });
}

/** Runs the file's lines the way conf's lexer and parser hand them to the preprocessor. */
function runInclude(m: MacroProcessor): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((line, index) => {
    const location: SourceLocation = { file: FILE, line: index + 1, column: 1, offset: 0 };
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) return;
    if (body.startsWith('$')) {
      const raw = body.slice(0, scanWord(body, 0));
      expect(raw).toBe(body);
      const result = m.expandWord(raw, location);
      expect(result.value).toBe('');
      diagnostics.push(...result.diagnostics);
      return;
    }
    const assignment = /^([A-Za-z0-9_-]+)[ \t]*(:=|\+=|=)[ \t]*(.*)$/.exec(body);
    if (!assignment) throw new Error(`unexpected line ${index + 1}: ${line}`);
    const [, name = '', op = '=', value = ''] = assignment;
    diagnostics.push(...m.assign(name, op as '=' | ':=' | '+=', value, location));
  });
  return diagnostics;
}

test("Kconfig.include runs the same probes as conf, and cc-option builds conf's command", () => {
  const shell = fakeShell();
  const m = new MacroProcessor({ env: { srctree: '/src', CC: 'gcc', LD: 'ld', HOME: '/root' }, shell });
  expect(runInclude(m)).toEqual([]);
  expect(shell.commands).toEqual([
    '{ command -v gcc; } >/dev/null 2>&1 && echo "n" || echo "y"',
    '{ command -v ld; } >/dev/null 2>&1 && echo "n" || echo "y"',
    '/src/scripts/cc-version.sh gcc',
    '{ test -z "GCC 120200"; } >/dev/null 2>&1 && echo "y" || echo "n"',
    'set -- GCC 120200 && echo $1',
    'set -- GCC 120200 && echo $2',
    '/src/scripts/as-version.sh gcc ',
    '{ test -z "GNU 24000"; } >/dev/null 2>&1 && echo "y" || echo "n"',
    'set -- GNU 24000 && echo $1',
    'set -- GNU 24000 && echo $2',
    '/src/scripts/ld-version.sh ld',
    '{ test -z "BFD 24000"; } >/dev/null 2>&1 && echo "y" || echo "n"',
    'set -- BFD 24000 && echo $1',
    'set -- BFD 24000 && echo $2',
    '{ gcc -Werror -m32 -E -x c /dev/null -o /dev/null; } >/dev/null 2>&1 && echo "-m32" || echo ""',
    '{ gcc -Werror -m64 -E -x c /dev/null -o /dev/null; } >/dev/null 2>&1 && echo "-m64" || echo ""',
    '/src/scripts/rustc-version.sh ',
    '/src/scripts/rustc-llvm-version.sh ',
  ]);

  const here: SourceLocation = { file: 'arch/x86/Kconfig', line: 1, column: 1, offset: 0 };
  const values = m.expandString('$(cc-name) $(cc-version) $(ld-name) $(m32-flag) $(m64-flag)', here);
  expect(values).toEqual({ value: 'GCC 120200 BFD -m32 -m64', diagnostics: [] });

  shell.commands.length = 0;
  expect(m.expandWord('$(cc-option,-m64)', here)).toEqual({ value: 'y', diagnostics: [] });
  expect(m.expandWord('$(ld-option,--foo)', here).value).toBe('y');
  expect(m.expandWord('$(as-instr,movq %rax$(comma)%rbx,-m64)', here).value).toBe('y');
  expect(m.expandWord('$(as-instr64,nop)', here).value).toBe('y');
  // What conf 6.12 runs for the same four references (printed by shadowing `shell` with a user variable).
  expect(shell.commands).toEqual([
    '{ trap "rm -rf .tmp_$$" EXIT; mkdir .tmp_$$; gcc -Werror  -m64 -c -x c /dev/null -o .tmp_$$/tmp.o; } >/dev/null 2>&1 && echo "y" || echo "n"',
    '{ ld -v --foo; } >/dev/null 2>&1 && echo "y" || echo "n"',
    '{ printf "%b\\n" "movq %rax,%rbx" | gcc  -m64 -Wa,--fatal-warnings -c -x assembler-with-cpp -o /dev/null -; } >/dev/null 2>&1 && echo "y" || echo "n"',
    '{ printf "%b\\n" "nop" | gcc  -m64 -Wa,--fatal-warnings -c -x assembler-with-cpp -o /dev/null -; } >/dev/null 2>&1 && echo "y" || echo "n"',
  ]);

  expect([...m.environment]).toEqual([
    ['CC', 'gcc'],
    ['LD', 'ld'],
    ['srctree', '/src'],
    ['CLANG_FLAGS', undefined],
    // cc-option-bit passes if-success two arguments: its $(3) falls through to the environment, as in conf.
    ['3', undefined],
    ['RUSTC', undefined],
  ]);
});

test("Kconfig.include's error-if stops on a missing compiler with conf's message", () => {
  const shell: ShellRunner = (command) => ({
    stdout: command.startsWith('{ command -v') ? 'y\n' : '',
    exitCode: 0,
  });
  const m = new MacroProcessor({ env: { srctree: '/src', CC: 'nonexistent-cc', LD: 'ld' }, shell });
  expect(runInclude(m)[0]).toEqual({
    severity: 'error',
    code: 'macro-error-if',
    message: "C compiler 'nonexistent-cc' not found",
    location: { file: FILE, line: 40, column: 1, offset: 0 },
  });
});
