// One vitest configuration, three projects:
//  - unit:   fast tests of each package and of the cross-package suites (default `npm test`);
//  - kernel: the differential and all-arch suites against real kernel trees (`npm run test:kernel`);
//  - e2e:    the build-and-boot test (`npm run test:e2e`).
// Workspace packages are aliased to their sources so tests never run against a stale dist/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

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
          include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: 'kernel',
          include: ['test/kernel/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 3_600_000,
          hookTimeout: 3_600_000,
        },
      },
    ],
  },
});
