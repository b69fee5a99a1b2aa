/**
 * The environment conf runs in. The kernel's top Makefile exports srctree, SRCARCH, ARCH, CC, LD, HOSTCC,
 * KERNELVERSION, CC_VERSION_TEXT, ... before it calls scripts/kconfig/conf, and Kconfig files read them through
 * `$(VAR)`. When kconfig-solve is called directly with `--srctree`/`--arch`, this fills in what make would have
 * given, without overriding anything the caller's environment already sets.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The top Makefile's ARCH -> SRCARCH mapping (i386/x86_64 share arch/x86, ...). */
export function srcArchOf(arch: string): string {
  switch (arch) {
    case 'i386':
    case 'x86_64':
      return 'x86';
    case 'sparc32':
    case 'sparc64':
      return 'sparc';
    case 'parisc64':
      return 'parisc';
    default:
      return arch;
  }
}

/** `VERSION.PATCHLEVEL.SUBLEVEL` + `EXTRAVERSION` from the tree's top Makefile, as make computes KERNELVERSION. */
export function kernelVersion(srctree: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(srctree, 'Makefile'), 'utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
  // [ \t], not \s: an empty `EXTRAVERSION =` must not run on into the next line.
  const field = (name: string) => new RegExp(`^${name}[ \\t]*=[ \\t]*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  const version = field('VERSION');
  if (version === '') return undefined;
  const patch = field('PATCHLEVEL');
  const sub = field('SUBLEVEL');
  return `${version}${patch !== '' ? `.${patch}` : ''}${sub !== '' ? `.${sub}` : ''}${field('EXTRAVERSION')}`;
}

export interface KernelEnvironmentOptions {
  readonly srctree?: string;
  readonly arch?: string;
  readonly base?: Environment;
}

/** The environment for evaluating a tree: `base` (default process.env) completed the way the Makefile does. */
export function kernelEnvironment(options: KernelEnvironmentOptions): Environment {
  const base = options.base ?? process.env;
  const env: Record<string, string | undefined> = { ...base };
  if (options.srctree !== undefined) env.srctree = resolve(options.srctree);
  if (options.arch !== undefined) {
    env.ARCH = options.arch;
    env.SRCARCH = srcArchOf(options.arch);
  } else if (env.ARCH !== undefined && env.SRCARCH === undefined) {
    env.SRCARCH = srcArchOf(env.ARCH);
  }
  if (options.srctree === undefined && options.arch === undefined) return env;

  // The top Makefile's tool variables: LLVM=1 (or a prefix/ or -suffix) picks the LLVM tools, else GNU ones
  // behind CROSS_COMPILE. Kconfig reads some ($(CC), $(LD), $(OBJCOPY), ...) and its probe scripts read the
  // rest from the environment (rust_is_available.sh: RUSTC, BINDGEN, CC).
  const llvm = env.LLVM !== undefined && env.LLVM !== '' ? env.LLVM : undefined;
  const prefix = llvm?.endsWith('/') ? llvm : '';
  const suffix = llvm?.startsWith('-') ? llvm : '';
  const cross = env.CROSS_COMPILE ?? '';
  const tool = (gnu: string, lvm: string) => (llvm !== undefined ? `${prefix}${lvm}${suffix}` : `${cross}${gnu}`);
  env.CC ??= tool('gcc', 'clang');
  env.LD ??= tool('ld', 'ld.lld');
  env.AR ??= tool('ar', 'llvm-ar');
  env.NM ??= tool('nm', 'llvm-nm');
  env.OBJCOPY ??= tool('objcopy', 'llvm-objcopy');
  env.HOSTCC ??= llvm !== undefined ? `${prefix}clang${suffix}` : 'gcc';
  env.HOSTCXX ??= llvm !== undefined ? `${prefix}clang++${suffix}` : 'g++';
  env.RUSTC ??= 'rustc';
  env.BINDGEN ??= 'bindgen';
  env.PAHOLE ??= 'pahole';
  env.PYTHON3 ??= 'python3';
  if (env.KERNELVERSION === undefined && env.srctree !== undefined) {
    const version = kernelVersion(env.srctree);
    if (version !== undefined) env.KERNELVERSION = version;
  }
  // CC_VERSION_TEXT = $(subst $(pound),,$(shell LC_ALL=C $(CC) --version 2>/dev/null | head -n 1)), and
  // RUSTC_VERSION_TEXT likewise from `$(RUSTC) --version` (6.12; unused by 6.1's Kconfig).
  env.CC_VERSION_TEXT ??= shellLine(`LC_ALL=C ${env.CC} --version 2>/dev/null | head -n 1`, env);
  env.RUSTC_VERSION_TEXT ??= shellLine(`${env.RUSTC} --version 2>/dev/null`, env);
  return env;
}

/** What make's `$(shell ...)` gives for a command: its output with the final newline dropped and `#` removed. */
function shellLine(command: string, env: Environment): string {
  const out = spawnSync('sh', ['-c', command], { encoding: 'utf8', env: env as NodeJS.ProcessEnv });
  return (out.stdout ?? '').replace(/\n$/, '').replaceAll('\n', ' ').replaceAll('#', '');
}
