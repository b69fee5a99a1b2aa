/**
 * The environment the kernel's make gives scripts/kconfig/conf, computed without running make, so the solver
 * sees the same `$(CC)`, `$(LD)`, `$(KERNELVERSION)`... as conf would. The top Makefile assigns the toolchain
 * variables itself (`CC = $(CROSS_COMPILE)gcc`), so an inherited CC is ignored there and here; only what
 * distkernel puts on make's command line (makeVariables) and CROSS_COMPILE/ARCH from the environment count.
 */
import { kernelVersion } from '@kconfig-solve/solver';
import { spawnSync } from 'node:child_process';
import { type Environment, kernelEnvironment } from '@kconfig-solve/solver';
import type { MakeSettings } from '../build/make.js';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';

export function kbuildEnvironment(settings: MakeSettings, base: Environment): Outcome<Environment> {
  const t = settings.toolchain ?? {};
  // LLVM=1 adds CLANG_FLAGS (scripts/Makefile.clang: --target, -fintegrated-as...), which Kconfig's compiler
  // tests pass to clang; that is not computed here yet.
  if (t.llvm || (base.LLVM !== undefined && base.LLVM !== '')) {
    return fail(
      error('config-failed', 'the solver resolver does not compute CLANG_FLAGS for LLVM=1 builds yet', {
        fix: 'use --resolver kernel-tools for LLVM builds',
      }),
    );
  }
  const cross = t.crossCompile ?? base.CROSS_COMPILE ?? '';
  const cc = t.cc ?? `${cross}gcc`;
  const env: Record<string, string | undefined> = {
    ...base,
    LC_COLLATE: 'C',
    LC_NUMERIC: 'C',
    CROSS_COMPILE: cross,
    CC: t.compilerWrapper === undefined ? cc : `${t.compilerWrapper} ${cc}`,
    LD: t.ld ?? `${cross}ld`,
    AR: `${cross}ar`,
    NM: `${cross}nm`,
    OBJCOPY: `${cross}objcopy`,
    HOSTCC: t.hostcc ?? 'gcc',
    HOSTCXX: 'g++',
    RUSTC: 'rustc',
    BINDGEN: 'bindgen',
    PAHOLE: 'pahole',
    KCONFIG_CONFIG: '.config',
    CC_VERSION_TEXT: undefined,
    KERNELVERSION: kernelVersion(settings.sourceDir),
  };
  if (settings.localVersion !== undefined) env.LOCALVERSION = settings.localVersion;
  // Makefile: RUSTC_VERSION_TEXT = $(subst $(pound),,$(shell $(RUSTC) --version 2>/dev/null))
  env.RUSTC_VERSION_TEXT = firstLine(spawnSync('sh', ['-c', 'rustc --version 2>/dev/null'], { encoding: 'utf8' }))
    .replaceAll('#', '')
    .trim();
  const arch = settings.arch ?? base.ARCH ?? hostSubarch();
  return succeed(kernelEnvironment({ srctree: settings.sourceDir, arch, base: env }));
}

function firstLine(result: { readonly stdout?: string | null }): string {
  return (result.stdout ?? '').split('\n')[0] ?? '';
}

/** The Makefile's SUBARCH (uname -m, mapped), the ARCH make uses when none is given. */
function hostSubarch(): string {
  switch (process.arch) {
    case 'x64':
    case 'ia32':
      return 'x86';
    case 'ppc64':
      return 'powerpc';
    case 's390x':
      return 's390';
    case 'riscv64':
      return 'riscv';
    case 'loong64':
      return 'loongarch';
    case 'mipsel':
    case 'mips':
      return 'mips';
    default:
      return process.arch;
  }
}
