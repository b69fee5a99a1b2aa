/**
 * lint-ebuild on the real Linux 6.12 x86 tree: the fixture ebuilds give exactly their planted findings (the
 * same as on the fixture tree), a few checks only the real tree can answer, and the reachability behind
 * "cannot be enabled/disabled" is an over-approximation of what conf really produces: every value conf writes
 * in its configs is one the analysis allows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKconfig } from '@kconfig-solve/kconfig-parser';
import { describe, expect, test } from 'vitest';
import { type LintFinding, LintTree, lintEbuild } from '@kconfig-solve/solver';
import { confConfig, confEnvironment, ensureKernelTree } from '../support/kernel-trees.js';

const fixtures = fileURLToPath(new URL('../../packages/solver/test/fixtures/ebuilds/', import.meta.url));
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<
  string,
  [number, string, string, string][]
>;
const summary = (findings: readonly LintFinding[]) => findings.map((f) => [f.line, f.symbol, f.code, f.severity]);

describe('lint-ebuild against Linux 6.12 (x86_64)', async () => {
  await ensureKernelTree('6.12');
  const environment = await confEnvironment('6.12', 'x86_64');
  const { model, diagnostics } = loadKconfig({
    kconfig: 'Kconfig',
    srctree: environment.srctree,
    cwd: environment.cwd,
    env: environment.env,
  });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const tree = new LintTree({
    model,
    rules: '6.12',
    srctree: environment.srctree,
    srcArch: environment.srcArch,
    kernelVersion: environment.env.KERNELVERSION ?? '6.12.0',
  });

  test.each(Object.entries(expected))('%s gives exactly its planted findings', (file, planted) => {
    expect(summary(lintEbuild(file, readFileSync(join(fixtures, file), 'utf8'), tree))).toEqual(planted);
  });

  test('checks only the real tree can answer', () => {
    const text = [
      'CONFIG_CHECK="~NAMESPACES ~USER_NS ~NET_NS ~PID_NS ~IPC_NS ~UTS_NS ~CGROUPS ~MEMCG ~VETH ~BRIDGE"',
      'CONFIG_CHECK+=" X86_32 KVM_X86 ~!PREEMPT_NOTIFIERS ~IDE REISERFS_FS ~ARM_LPAE"',
      'kernel_is -lt 4 0 && CONFIG_CHECK+=" ~DEVPTS_MULTIPLE_INSTANCES"',
      '',
    ].join('\n');
    const findings = lintEbuild('real.ebuild', text, tree);
    expect(summary(findings)).toEqual([
      [2, 'X86_32', 'cannot-be-enabled', 'error'],
      [2, 'PREEMPT_NOTIFIERS', 'conflicting-checks', 'warning'],
      [2, 'IDE', 'unknown-symbol', 'error'],
      [2, 'ARM_LPAE', 'other-arch-symbol', 'warning'],
    ]);
    expect(findings[1]?.message).toContain('CONFIG_KVM_X86 selects CONFIG_KVM_COMMON selects CONFIG_PREEMPT_NOTIFIERS');
  });

  test.each(['allnoconfig', 'allyesconfig', 'allmodconfig', 'alldefconfig', 'x86_64_defconfig', 'tinyconfig'])(
    'every value conf writes for %s is one the reachability allows',
    async (target) => {
      const { config } = await confConfig('6.12', 'x86_64', target);
      const bits: Record<string, number> = { n: 1, m: 2, y: 4 };
      const outside: string[] = [];
      let checked = 0;
      for (const line of config.split('\n')) {
        const match = /^CONFIG_(\w+)=([ymn])$|^# CONFIG_(\w+) is not set$/.exec(line);
        if (!match) continue;
        const name = (match[1] ?? match[3]) as string;
        const value = match[2] ?? 'n';
        const type = tree.deps.symbols.get(name)?.type;
        if (type !== 'bool' && type !== 'tristate') continue;
        checked++;
        if (!(tree.reachability.values(name) & (bits[value] as number))) outside.push(`${name}=${value}`);
      }
      expect(checked).toBeGreaterThan(100);
      expect(outside).toEqual([]);
    },
  );
});
