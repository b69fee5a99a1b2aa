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

  env.CC ??= 'gcc';
  env.LD ??= 'ld';
  env.HOSTCC ??= 'gcc';
  env.HOSTCXX ??= 'g++';
  if (env.KERNELVERSION === undefined && env.srctree !== undefined) {
    const version = kernelVersion(env.srctree);
    if (version !== undefined) env.KERNELVERSION = version;
  }
  // Makefile: CC_VERSION_TEXT = $(subst $(pound),,$(shell LC_ALL=C $(CC) --version 2>/dev/null | head -n 1))
  if (env.CC_VERSION_TEXT === undefined) {
    const out = spawnSync('sh', ['-c', `LC_ALL=C ${env.CC} --version 2>/dev/null | head -n 1`], {
      encoding: 'utf8',
      env: env as NodeJS.ProcessEnv,
    });
    env.CC_VERSION_TEXT = (out.stdout ?? '').replace(/\n$/, '').replaceAll('#', '');
  }
  return env;
}
