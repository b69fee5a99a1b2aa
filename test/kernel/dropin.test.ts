/**
 * Our conf as a drop-in for the kernel's, under the kernel's real make: in one O= directory conf is the real
 * one, in another it is a two-line script running `kconfig-solve conf "$@"` (the built CLI, dist/); the same
 * make targets run in both and must leave the same .config, include/config/ (auto.conf and the touch files) and
 * make output, byte for byte. This covers what the differential suites replay only in part: make's own steps
 * around conf (tinyconfig's two conf runs, merge_config.sh for *.config fragments and powerpc's generated
 * defconfigs).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { runChecked } from '../support/process.js';
import { createLimiter, type KernelVersion, makeTargets } from '../support/kernel-trees.js';
import { lineDifference } from './conf-replay.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${REPO}packages/solver/bin/kconfig-solve.js`;
const DROP_IN = `#!/bin/sh\nexec '${process.execPath}' '${CLI}' conf "$@"\n`;

interface DropInCase {
  readonly arch: string;
  /** make targets run one after the other in the same O= directory. */
  readonly targets: readonly string[];
}

const CASES: readonly DropInCase[] = [
  { arch: 'x86_64', targets: ['allnoconfig'] },
  { arch: 'x86_64', targets: ['allmodconfig'] },
  { arch: 'x86_64', targets: ['tinyconfig'] },
  { arch: 'x86_64', targets: ['x86_64_defconfig'] },
  { arch: 'x86_64', targets: ['defconfig', 'kvm_guest.config'] },
  // powerpc's default defconfig is generated: merge_config.sh on ppc64_defconfig and fragments, then conf.
  { arch: 'powerpc', targets: ['ppc64le_defconfig'] },
];

/** The current tree only: each case runs make twice and our CLI cold, which is the slow part of the suite. */
const VERSION: KernelVersion = '6.12';

const limit = createLimiter();

beforeAll(async () => {
  // The script runs the compiled CLI: build it (incremental, quick when up to date).
  await runChecked(process.execPath, [`${REPO}node_modules/typescript/bin/tsc`, '-b'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
});

describe(`Linux ${VERSION}`, () => {
  test.concurrent.each(CASES.map((c) => ({ ...c, name: `ARCH=${c.arch} ${c.targets.join(' ')}` })))(
    '$name',
    async ({ arch, targets }) => {
      const [theirs, ours] = await Promise.all([
        limit(() => makeTargets(VERSION, arch, targets)),
        limit(() => makeTargets(VERSION, arch, targets, DROP_IN)),
      ]);
      expect(theirs.exitCode, theirs.stderr).toBe(0);
      expect(ours.exitCode).toBe(theirs.exitCode);
      expect(ours.config === theirs.config ? '' : lineDifference(theirs.config, ours.config), '.config').toBe('');
      expect(ours.autoconf === theirs.autoconf ? '' : lineDifference(theirs.autoconf, ours.autoconf), 'auto.conf').toBe(
        '',
      );
      // The touch files, which a fresh O= directory gets from the first conf run (made ahead by ours).
      expect(ours.includeConfig).toEqual(theirs.includeConfig);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.stderr).toBe(theirs.stderr);
    },
  );
});
