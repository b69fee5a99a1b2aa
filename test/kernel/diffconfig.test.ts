// `kconfig-solve diff` against the kernel's own scripts/diffconfig (python3) on pairs of real 6.12 configs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '@kconfig-solve/solver';
import { confConfig, ensureKernelTree } from '../support/kernel-trees.js';

const PAIRS = [
  ['allnoconfig', 'alldefconfig'],
  ['alldefconfig', 'allmodconfig'],
  ['allmodconfig', 'allyesconfig'],
  ['x86_64_defconfig', 'allnoconfig'],
] as const;

describe('diff matches scripts/diffconfig (6.12, x86_64)', async () => {
  const srctree = await ensureKernelTree('6.12');
  const dir = mkdtempSync(join(tmpdir(), 'kconfig-solve-diffconfig-'));
  for (const [old, next] of PAIRS) {
    for (const merge of [false, true]) {
      test(`${old} -> ${next}${merge ? ' (-m)' : ''}`, async () => {
        const files = await Promise.all(
          [old, next].map(async (target) => {
            const file = join(dir, target);
            writeFileSync(file, (await confConfig('6.12', 'x86_64', target)).config);
            return file;
          }),
        );
        const flags = merge ? ['-m'] : [];
        const real = spawnSync('python3', [join(srctree, 'scripts', 'diffconfig'), ...flags, ...files], {
          encoding: 'utf8',
          maxBuffer: 64 << 20,
        });
        expect(real.status).toBe(0);
        let stdout = '';
        const code = await main(['diff', ...flags, ...files], { stdout: (t) => void (stdout += t), stderr: () => {} });
        expect(code).toBe(0);
        expect(stdout.length).toBeGreaterThan(0);
        expect(stdout).toBe(real.stdout);
      });
    }
  }
});
