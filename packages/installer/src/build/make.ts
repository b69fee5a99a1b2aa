/**
 * How distkernel calls the kernel's make: always out of tree (`make -C SRC O=BUILD`), with the toolchain
 * named explicitly on the command line (a config records the compiler it was made with, so config and build
 * must agree), and in a reproducible environment (fixed KBUILD_BUILD_* and SOURCE_DATE_EPOCH), so two builds
 * of the same tree and config give the same image.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Toolchain variables passed to make. Unset ones are left to the kernel's defaults. */
export interface Toolchain {
  readonly cc?: string;
  readonly ld?: string;
  readonly hostcc?: string;
  /** Prefix of a cross toolchain, e.g. `aarch64-linux-gnu-`. */
  readonly crossCompile?: string;
  /** Build with clang and the LLVM binutils (LLVM=1). */
  readonly llvm?: boolean;
  /**
   * Distributed compilation: `distcc` or `icecc` is put in front of the target compiler (CC="distcc gcc").
   * Host tools (HOSTCC) always build locally. Use many more jobs than local cores (see the README).
   */
  readonly compilerWrapper?: 'distcc' | 'icecc';
}

export interface MakeSettings {
  readonly sourceDir: string;
  readonly buildDir: string;
  /** ARCH=, e.g. x86_64; unset means the host's architecture. */
  readonly arch?: string;
  readonly toolchain?: Toolchain;
  /** Appended to the release (LOCALVERSION=), e.g. `-dist`. */
  readonly localVersion?: string;
  /** The make program; default `make` from PATH. */
  readonly make?: string;
}

export function makeProgram(settings: MakeSettings): string {
  return settings.make ?? 'make';
}

/** Variables every invocation gets, so that config, kernelrelease and build all agree. */
export function makeVariables(settings: MakeSettings): string[] {
  const t = settings.toolchain ?? {};
  const vars: string[] = [`O=${settings.buildDir}`];
  if (settings.arch !== undefined) vars.push(`ARCH=${settings.arch}`);
  if (t.crossCompile !== undefined) vars.push(`CROSS_COMPILE=${t.crossCompile}`);
  if (t.llvm) vars.push('LLVM=1');
  const cc = t.cc ?? (t.compilerWrapper === undefined ? undefined : t.llvm ? 'clang' : `${t.crossCompile ?? ''}gcc`);
  if (cc !== undefined) vars.push(`CC=${t.compilerWrapper === undefined ? cc : `${t.compilerWrapper} ${cc}`}`);
  if (t.ld !== undefined) vars.push(`LD=${t.ld}`);
  if (t.hostcc !== undefined) vars.push(`HOSTCC=${t.hostcc}`);
  if (settings.localVersion !== undefined) vars.push(`LOCALVERSION=${settings.localVersion}`);
  return vars;
}

export function makeArgs(
  settings: MakeSettings,
  targets: readonly string[],
  options: { readonly jobs?: number; readonly silent?: boolean; readonly extra?: readonly string[] } = {},
): string[] {
  return [
    ...(options.silent ? ['-s'] : []),
    '-C',
    settings.sourceDir,
    ...makeVariables(settings),
    ...(options.extra ?? []),
    ...(options.jobs === undefined ? [] : [`-j${options.jobs}`]),
    ...targets,
  ];
}

/** `date`'s default format in UTC, which the kernel's scripts (and tar --mtime in gen_kheaders) can parse. */
export function kbuildTimestamp(epoch: number): string {
  const d = new Date(epoch * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/** The environment that makes a kernel build reproducible (Documentation/kbuild/reproducible-builds.rst). */
export function reproducibleEnv(epoch: number): Readonly<Record<string, string>> {
  return {
    KBUILD_BUILD_TIMESTAMP: kbuildTimestamp(epoch),
    KBUILD_BUILD_USER: 'distkernel',
    KBUILD_BUILD_HOST: 'distkernel',
    KBUILD_BUILD_VERSION: '1',
    SOURCE_DATE_EPOCH: String(epoch),
  };
}

/** Default SOURCE_DATE_EPOCH: the source tree's top Makefile's mtime, fixed for a given release tarball. */
export async function sourceDateEpoch(sourceDir: string): Promise<number> {
  const info = await stat(join(sourceDir, 'Makefile')).catch(() => undefined);
  return info === undefined ? 0 : Math.floor(info.mtimeMs / 1000);
}
