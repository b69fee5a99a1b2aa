// One vitest configuration, three projects:
//  - unit:   fast tests of each package and of the cross-package suites (default `npm test`);
//  - kernel: the differential and all-arch suites against real kernel trees (`npm run test:kernel`);
//  - e2e:    the build-and-boot test (`npm run test:e2e`).
// Workspace packages are aliased to their sources so tests never run against a stale dist/.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// The CLI caches $(shell) results under $XDG_CACHE_HOME by default: tests keep theirs out of the home directory.
const env = { XDG_CACHE_HOME: join(tmpdir(), 'kconfig-solve-test-cache') };

const resolve = {
  alias: {
    '@kconfig-solve/kconfig-parser': src('kconfig-parser'),
    '@kconfig-solve/solver': src('solver'),
    '@kconfig-solve/installer': src('installer'),
  },
};

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          env,
          include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: 'kernel',
          env,
          include: ['test/kernel/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          env,
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 3_600_000,
          hookTimeout: 3_600_000,
        },
      },
    ],
  },
});
