/**
 * The defconfig suite, shared by defconfigs-<version>.test.ts (one file per kernel version, so vitest runs the
 * versions in parallel). Every *defconfig file under arch/<dir>/configs/ goes through `make <file>`
 * (conf --defconfig=<file>), then savedefconfig of conf's result; our conf must give the same .config,
 * defconfig, stdout, stderr and exit code. Runs where make does more than run conf once on the file (a
 * generated defconfig put together by merge_config.sh) are listed as skipped with the reason.
 *
 * ARCH is the one make would be given for that file: the arch/ directory, or the Makefile alias a defconfig
 * is named after (x86's i386_defconfig and x86_64_defconfig, sparc64_defconfig) or is the KBUILD_DEFCONFIG of
 * (parisc64's generic-64bit_defconfig), since $(ARCH) decides 64BIT's default and prompt there.
 *
 * conf's outputs are produced ahead of the tests, a few at a time, and cached on disk by kernel-trees.ts;
 * each ARCH's tree is loaded once and dropped when its files are done.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  archSpec,
  confConfig,
  confEnvironment,
  createLimiter,
  ensureKernelTree,
  type KernelVersion,
  srcArches,
} from '../support/kernel-trees.js';
import { formatDifferences, ModelCache, OutcomeLog, replayConf } from './conf-replay.js';

interface DefconfigCase {
  readonly srcArch: string;
  /** ARCH for make and conf. */
  readonly arch: string;
  /** The file under arch/<srcArch>/configs/. */
  readonly file: string;
  /** make's target: the file's name; `defconfig` for a file named so (the default KBUILD_DEFCONFIG). */
  readonly target: string;
}

/** The ARCH values the top Makefile maps to another SRCARCH (sparc32 is not one: plain ARCH=sparc is 32-bit). */
const TOP_MAKEFILE_ALIASES = new Set(['i386', 'x86_64', 'sparc64', 'parisc64']);

/** arch/parisc/Makefile: KBUILD_DEFCONFIG is generic-64bit_defconfig for ARCH=parisc64. */
const KBUILD_DEFCONFIG_OF: Readonly<Record<string, string>> = { 'generic-64bit_defconfig': 'parisc64' };

/** The ARCH make would be given for arch/<srcArch>/configs/<file> (see the header). */
export function defconfigArch(srcArch: string, file: string): string {
  const named = file.replace(/_defconfig$/, '');
  if (TOP_MAKEFILE_ALIASES.has(named) && archSpec(named).srcArch === srcArch) return named;
  const arch = KBUILD_DEFCONFIG_OF[file];
  return arch !== undefined && archSpec(arch).srcArch === srcArch ? arch : srcArch;
}

/**
 * Which defconfigs run. All of them (~700 over both trees, each a make run for the oracle and a savedefconfig)
 * do not fit CI's budget with a cold oracle cache, so by default every arch runs a deterministic sample: its
 * `defconfig`, the x86 pair, and the first two others in name order. KCONFIG_SOLVE_DEFCONFIGS=all runs every
 * file (`npm run test:kernel:full`).
 */
const ALL_DEFCONFIGS = process.env.KCONFIG_SOLVE_DEFCONFIGS === 'all';
const ALWAYS = new Set(['defconfig', 'i386_defconfig', 'x86_64_defconfig']);

function sample(files: readonly string[]): readonly string[] {
  if (ALL_DEFCONFIGS) return files;
  const others = files.filter((f) => !ALWAYS.has(f)).slice(0, 2);
  return files.filter((f) => ALWAYS.has(f) || others.includes(f));
}

/**
 * The defconfig files under `configs`, as make names them: `ppc64_defconfig`, and those in subdirectories as
 * `85xx/ge_imp3a_defconfig` (powerpc keeps most of its boards there; `make 85xx/ge_imp3a_defconfig` runs
 * conf on it like any other). The sample takes from the top level only.
 */
function defconfigFiles(configs: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(configs, { withFileTypes: true, recursive: ALL_DEFCONFIGS });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('defconfig'))
    .map((e) => relative(configs, join(e.parentPath, e.name)))
    .sort();
}

function defconfigCases(srcDir: string): DefconfigCase[] {
  return srcArches(srcDir).flatMap(({ srcArch }) => {
    const files = defconfigFiles(join(srcDir, 'arch', srcArch, 'configs'));
    return sample(files).map((file) => ({
      srcArch,
      arch: defconfigArch(srcArch, file),
      file,
      target: file === 'defconfig' ? 'defconfig' : file,
    }));
  });
}

export async function defineDefconfigSuite(version: KernelVersion): Promise<void> {
  // The file list is needed to declare the tests, so the tree is extracted while the file is collected.
  const cases = defconfigCases(await ensureKernelTree(version));
  const arches = [...new Set(cases.map((c) => c.arch))];
  const limit = createLimiter();
  const models = new ModelCache();
  const log = new OutcomeLog();
  const started = performance.now();

  // conf's runs, in the tests' order and a few at a time, into the disk cache: a test waits for its own
  // runs only, then reads them back.
  const prefetched = new Map<DefconfigCase, Promise<unknown>>();
  beforeAll(() => {
    for (const arch of arches) {
      void limit(() => confEnvironment(version, arch)).catch(() => {});
      for (const c of cases.filter((c) => c.arch === arch)) {
        // One slot for both: savedefconfig reads what defconfig made.
        const runs = limit(async () => {
          const made = await confConfig(version, c.arch, c.target);
          if (made.exitCode === 0) await confConfig(version, c.arch, 'savedefconfig', { input: made.config });
        });
        prefetched.set(
          c,
          runs.catch(() => undefined),
        );
      }
    }
  });

  afterAll(() => {
    const minutes = ((performance.now() - started) / 60_000).toFixed(1);
    console.log(log.summary(`Linux ${version} defconfigs (${cases.length} files, ${minutes} min)`));
  });

  describe(`Linux ${version} defconfigs`, () => {
    describe.each(arches)('ARCH=%s', (arch) => {
      afterAll(() => models.release(version, arch));

      test.each(cases.filter((c) => c.arch === arch))('$file', async (c) => {
        const name = `${version} ARCH=${arch} ${c.file}`;
        await prefetched.get(c);
        const made = await confConfig(version, arch, c.target);
        const { model } = await models.get(version, arch);
        const invocation = made.invocations.at(-1);
        const wanted = `--defconfig=arch/${c.srcArch}/configs/${c.file}`;
        const defconfig =
          made.invocations.length === 1 && invocation?.argv.includes(wanted) !== true
            ? ({ status: 'skipped', reason: `make ran conf as ${invocation?.argv.join(' ')}` } as const)
            : replayConf(made, model);
        log.record(`${version} defconfig`, `${name} defconfig`, defconfig);
        if (defconfig.status === 'skipped') {
          log.add({
            category: `${version} savedefconfig`,
            name: `${name} savedefconfig`,
            result: 'skipped',
            detail: 'its defconfig run was skipped',
          });
          return;
        }
        expect(formatDifferences(defconfig.differences), `${name}: defconfig`).toBe('');

        if (made.exitCode !== 0) return;
        const saved = await confConfig(version, arch, 'savedefconfig', { input: made.config });
        const save = log.record(
          `${version} savedefconfig`,
          `${name} savedefconfig`,
          replayConf(saved, model, made.config),
        );
        expect(save.status).toBe('compared');
        if (save.status === 'compared') expect(formatDifferences(save.differences), `${name}: savedefconfig`).toBe('');
      });
    });
  });
}
