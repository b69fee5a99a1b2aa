/**
 * The all-arch load suite, shared by load-<version>.test.ts (one file per kernel version, so vitest runs the
 * versions in parallel). For every SRCARCH of the tree, our front end loads it the way conf does (same
 * environment, same working directory, the real shell for `$(shell,...)`) and must report no error and define
 * every symbol conf writes in allnoconfig and allyesconfig for that arch.
 *
 * conf's outputs are produced ahead of the tests, a few at a time (they are child processes, our loader runs
 * in this worker), and cached by kernel-trees.ts, so a warm run only pays for our own loading.
 */
import { formatDiagnostic, loadKconfig } from '@kconfig-solve/kconfig-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ConfEnvironment,
  type ConfResult,
  confConfig,
  confEnvironment,
  configSymbols,
  createLimiter,
  ensureKernelTree,
  type KernelVersion,
  srcArches,
} from '../support/kernel-trees.js';

interface Oracle {
  readonly environment: ConfEnvironment;
  readonly allnoconfig: ConfResult;
  readonly allyesconfig: ConfResult;
}

interface Row {
  readonly arch: string;
  readonly files: number;
  readonly symbols: number;
  readonly written: number;
  readonly warnings: number;
  readonly loadMs: number;
  readonly oracle: string;
}

export async function defineLoadSuite(version: KernelVersion): Promise<void> {
  // The arch list is needed to declare the tests, so the tree is extracted while the file is collected.
  const arches = srcArches(await ensureKernelTree(version)).map((a) => a.srcArch);
  const limit = createLimiter();
  const oracles = new Map<string, Promise<Oracle>>();
  const rows: Row[] = [];
  const started = performance.now();

  beforeAll(() => {
    for (const arch of arches) {
      const oracle = Promise.all([
        limit(() => confEnvironment(version, arch)),
        limit(() => confConfig(version, arch, 'allnoconfig')),
        limit(() => confConfig(version, arch, 'allyesconfig')),
      ]).then(([environment, allnoconfig, allyesconfig]) => ({ environment, allnoconfig, allyesconfig }));
      oracle.catch(() => undefined); // awaited (and reported) by the arch's own test
      oracles.set(arch, oracle);
    }
  });

  afterAll(() => {
    const total = Math.round(performance.now() - started);
    const header = 'arch          files symbols written warnings  load ms  conf ms (no/yes)';
    const lines = rows.map(
      (r) =>
        `${r.arch.padEnd(12)} ${String(r.files).padStart(6)} ${String(r.symbols).padStart(7)} ` +
        `${String(r.written).padStart(7)} ${String(r.warnings).padStart(8)} ${String(r.loadMs).padStart(8)}  ${r.oracle}`,
    );
    const loadTotal = rows.reduce((sum, r) => sum + r.loadMs, 0);
    console.log(
      `Linux ${version}: ${rows.length}/${arches.length} arches loaded in ${loadTotal} ms (suite ${total} ms)\n` +
        `${header}\n${lines.join('\n')}`,
    );
  });

  describe(`Linux ${version}: every arch loads like conf`, () => {
    test.each(arches)('%s', async (arch) => {
      const oracle = await oracles.get(arch);
      if (oracle === undefined) throw new Error(`no oracle for ${arch}`);
      const { environment, allnoconfig, allyesconfig } = oracle;
      expect(allnoconfig.exitCode, allnoconfig.stderr).toBe(0);
      expect(allyesconfig.exitCode, allyesconfig.stderr).toBe(0);

      const loadStarted = performance.now();
      const { model, diagnostics } = loadKconfig({
        kconfig: environment.argv.at(-1) ?? 'Kconfig',
        srctree: environment.srctree,
        cwd: environment.cwd,
        env: environment.env,
      });
      const loadMs = Math.round(performance.now() - loadStarted);

      const errors = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      expect(errors).toEqual([]);
      const written = new Set([...configSymbols(allnoconfig.config), ...configSymbols(allyesconfig.config)]);
      const undefinedInModel = [...written].filter((name) => (model.symbols.get(name)?.definitions.length ?? 0) === 0);
      expect(undefinedInModel).toEqual([]);

      const confMs = (r: ConfResult) => (r.cached ? 'cached' : String(r.durationMs));
      rows.push({
        arch,
        files: model.files.length,
        symbols: model.symbols.size,
        written: written.size,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        loadMs,
        oracle: `${confMs(allnoconfig)}/${confMs(allyesconfig)}`,
      });
    });
  });
}
