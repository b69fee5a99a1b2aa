import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKconfig } from '@kconfig-solve/kconfig-parser';
import { describe, expect, it } from 'vitest';
import { kernelEnvironment } from '../../src/environment.js';
import { type LintFinding, LintTree, lintEbuild } from '../../src/requirements/lint.js';

const fixtures = fileURLToPath(new URL('../fixtures/ebuilds/', import.meta.url));
const srctree = join(fixtures, 'tree');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<
  string,
  [number, string, string, string][]
>;

function fixtureTree(arch: string, version = '6.12.0'): LintTree {
  const env = kernelEnvironment({ srctree, arch, base: { CC_VERSION_TEXT: 'gcc' } });
  const { model, diagnostics } = loadKconfig({ kconfig: 'Kconfig', srctree, env });
  expect(diagnostics).toEqual([]);
  return new LintTree({ model, rules: '6.12', srctree, srcArch: env.SRCARCH as string, kernelVersion: version });
}

const x86 = fixtureTree('x86_64');
const summary = (findings: readonly LintFinding[]) => findings.map((f) => [f.line, f.symbol, f.code, f.severity]);

describe('lintEbuild on the fixture tree (x86_64)', () => {
  it.each(Object.entries(expected))('%s gives exactly its planted findings', (file, planted) => {
    const findings = lintEbuild(file, readFileSync(join(fixtures, file), 'utf8'), x86);
    expect(summary(findings)).toEqual(planted);
    for (const f of findings) expect(f.file).toBe(file);
  });

  it('words its findings for people: close names, where a symbol lives, the select chain', () => {
    const messages = Object.keys(expected).flatMap((file) =>
      lintEbuild(file, readFileSync(join(fixtures, file), 'utf8'), x86).map((f) => f.message),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        "'~TUNN': no symbol CONFIG_TUNN in this tree; did you mean CONFIG_TUN?",
        "'DEVPTS_MULTIPLE_INSTANCES': no symbol CONFIG_DEVPTS_MULTIPLE_INSTANCES in this tree (removed or misspelt)",
        "'~ARM64_PTR_AUTH': CONFIG_ARM64_PTR_AUTH is defined only for arm64 (arch/arm64/Kconfig:5), not for x86",
        "'~SUPERIO': CONFIG_SUPERIO is defined in drivers/parisc/Kconfig:4, which the x86 tree does not read",
        "'!JBD2' at line 14 can never hold with 'EXT4_FS' at line 13: CONFIG_EXT4_FS selects CONFIG_JBD2",
        "'HIGHMEM64G': CONFIG_HIGHMEM64G cannot be enabled on x86: no config makes it y or m",
        "'~FUSE_FS' contradicts '!FUSE_FS' at line 13 (when ! use fuse): CONFIG_FUSE_FS cannot be both set and not set",
      ]),
    );
  });

  it('checks words behind a version gate only for the kernels the gate admits', () => {
    const text = 'kernel_is -lt 4 7 && CONFIG_CHECK="GONE_SYMBOL"\nkernel_is ge 6 12 && CONFIG_CHECK+=" NEW_SYMBOL"\n';
    expect(summary(lintEbuild('x.ebuild', text, x86))).toEqual([[2, 'NEW_SYMBOL', 'unknown-symbol', 'error']]);
    const old = fixtureTree('x86_64', '4.4.0');
    expect(summary(lintEbuild('x.ebuild', text, old))).toEqual([[1, 'GONE_SYMBOL', 'unknown-symbol', 'error']]);
  });

  it('reports a check a select makes impossible, and nothing for a mere dependency', () => {
    const text = 'CONFIG_CHECK="BPF_SYSCALL ~!BPF CGROUPS ~!CGROUP_BPF"\n';
    expect(summary(lintEbuild('x.ebuild', text, x86))).toEqual([[1, 'BPF', 'conflicting-checks', 'warning']]);
  });

  it('names every arch that defines a symbol this one lacks', () => {
    const findings = lintEbuild('x.ebuild', 'CONFIG_CHECK="~ARCH_HAS_RELR"\n', x86);
    expect(findings.map((f) => f.message)).toEqual([
      "'~ARCH_HAS_RELR': CONFIG_ARCH_HAS_RELR is defined only for arm64, parisc " +
        '(arch/arm64/Kconfig:9, arch/parisc/Kconfig:6), not for x86',
    ]);
  });

  it('reports an unknown symbol in a negated check as a warning only', () => {
    expect(summary(lintEbuild('x.ebuild', 'CONFIG_CHECK="!NO_SUCH_THING"\n', x86))).toEqual([
      [1, 'NO_SUCH_THING', 'unknown-symbol', 'warning'],
    ]);
  });
});

describe('lintEbuild on the fixture tree (arm64)', () => {
  const arm64 = fixtureTree('arm64');

  it('accepts the arm64 symbol and reports the x86 ones as other-arch', () => {
    const file = 'sys-apps/ptrauth-tools/ptrauth-tools-1.0.ebuild';
    expect(lintEbuild(file, readFileSync(join(fixtures, file), 'utf8'), arm64)).toEqual([]);
    const pae = 'sys-kernel/pae-helper/pae-helper-2.0.ebuild';
    expect(summary(lintEbuild(pae, readFileSync(join(fixtures, pae), 'utf8'), arm64))).toEqual([
      [13, 'HIGHMEM64G', 'other-arch-symbol', 'warning'],
      [13, 'X86_64', 'other-arch-symbol', 'warning'],
    ]);
  });
});
