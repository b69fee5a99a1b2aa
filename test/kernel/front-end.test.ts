/**
 * The front end on real kernel material, from the trees cached by kernel-trees.ts:
 * - every Kconfig file of 6.1 and 6.12 parses without a single diagnostic;
 * - the kernel's own selftests (scripts/kconfig/tests) load as conf loads them (srctree = the test folder,
 *   a scratch working directory); the cases designed to fail at load time give conf's error, located, and the
 *   preprocess cases print what conf prints (warning-if lines as `file:line: text`, info lines on stdout).
 *   err_recursive_dep fails in evaluation, not here, so it must load cleanly.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Diagnostic,
  formatDiagnostic,
  loadKconfig,
  parseKconfig,
  systemShell,
} from '@kconfig-solve/kconfig-parser';
import { describe, expect, it } from 'vitest';
import { ensureKernelTree, KERNEL_VERSIONS } from '../support/kernel-trees.js';

function kconfigFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.startsWith('Kconfig'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The folders of scripts/kconfig/tests that hold a test (a Kconfig beside an __init__.py). */
function selftestDirs(tests: string): string[] {
  return readdirSync(tests, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === '__init__.py' && existsSync(join(e.parentPath, 'Kconfig')))
    .map((e) => e.parentPath.slice(tests.length + 1))
    .sort();
}

function loadSelftest(dir: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'kconfig-selftest-'));
  const env = { PATH: process.env.PATH, srctree: dir };
  return loadKconfig({ kconfig: 'Kconfig', cwd, env, shell: systemShell(env, cwd) });
}

const confStderr = (ds: readonly Diagnostic[]) =>
  ds
    .filter((d) => d.code === 'macro-warning-if' || d.severity === 'error')
    .map((d) => `${d.location?.file}:${d.location?.line}: ${d.message}`);

for (const version of KERNEL_VERSIONS) {
  describe(`Linux ${version}`, async () => {
    const src = await ensureKernelTree(version);
    const tests = join(src, 'scripts/kconfig/tests');

    it('parses every Kconfig file of the tree without a diagnostic', () => {
      const files = kconfigFiles(src);
      expect(files.length).toBeGreaterThan(1500);
      const problems = files.flatMap((path) =>
        parseKconfig(readFileSync(path, 'latin1'), path.slice(src.length + 1)).diagnostics.map(formatDiagnostic),
      );
      expect(problems).toEqual([]);
    });

    const dirs = selftestDirs(tests);
    it('finds the selftests', () => expect(dirs.length).toBeGreaterThanOrEqual(8));

    for (const name of dirs.filter((d) => d !== 'err_recursive_inc' && !d.startsWith('preprocess/'))) {
      it(`selftest ${name} loads without errors`, () => {
        const { model, diagnostics } = loadSelftest(join(tests, name));
        expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
        expect(model.symbols.size).toBeGreaterThan(0);
      });
    }

    it('selftest err_recursive_inc gives the recursive inclusion error with the inclusion path', () => {
      const { diagnostics } = loadSelftest(join(tests, 'err_recursive_inc'));
      const [d, ...rest] = diagnostics.filter((x) => x.severity === 'error');
      expect(rest).toEqual([]);
      expect(d?.code).toBe('source-recursive');
      // conf prints the chain innermost first; its selftest checks that stderr *contains* expected_stderr
      // (the top file's own `source` line comes after the expected lines).
      const notes = d?.notes ?? [];
      const ours = [
        'Recursive inclusion detected.',
        'Inclusion path:',
        `  current file : ${notes[0]?.message.replace('current file: ', '')}`,
        ...notes.filter((n) => n.location).map((n) => `  included from: ${n.location?.file}:${n.location?.line}`),
      ].join('\n');
      const expected = readFileSync(join(tests, 'err_recursive_inc/expected_stderr'), 'utf8');
      expect(ours).toContain(expected.trimEnd());
    });

    for (const name of dirs.filter((d) => d.startsWith('preprocess/'))) {
      it(`selftest ${name} prints what conf prints`, () => {
        const { diagnostics } = loadSelftest(join(tests, name));
        const expectedStderr = readFileSync(join(tests, name, 'expected_stderr'), 'utf8');
        expect(confStderr(diagnostics).join('\n')).toBe(expectedStderr.trimEnd());
        const stdoutFile = join(tests, name, 'expected_stdout');
        if (existsSync(stdoutFile)) {
          const info = diagnostics.filter((d) => d.code === 'macro-info').map((d) => `${d.message}\n`);
          expect(info.join('')).toBe(readFileSync(stdoutFile, 'utf8'));
        }
      });
    }
  });
}
