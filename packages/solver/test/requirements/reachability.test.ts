import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKconfig } from '@kconfig-solve/kconfig-parser';
import { describe, expect, it } from 'vitest';
import { kernelEnvironment } from '../../src/environment.js';
import { DependencyModel } from '../../src/eval/dependencies.js';
import { M, N, Reachability, Y } from '../../src/requirements/reachability.js';

const srctree = fileURLToPath(new URL('../fixtures/ebuilds/tree', import.meta.url));

function reachability(arch: string): Reachability {
  const env = kernelEnvironment({ srctree, arch, base: { CC_VERSION_TEXT: 'gcc' } });
  const { model } = loadKconfig({ kconfig: 'Kconfig', srctree, env });
  return new Reachability(new DependencyModel(model, '6.12'));
}

describe('Reachability', () => {
  const x86_64 = reachability('x86_64');
  const i386 = reachability('i386');

  it.each([
    // "$(ARCH)" decides: the 64BIT prompt exists only for ARCH=x86, its default is y unless ARCH=i386.
    ['64BIT', Y, N],
    ['X86_64', Y, N],
    ['X86_32', N, Y],
    ['X86', Y, Y],
    ['HAVE_ARCH_SECCOMP', Y, Y],
    ['SECCOMP', N | Y, N | Y],
    ['TUN', N | M | Y, N | M | Y],
    ['NET_NS', N | Y, N | Y],
    ['SOCK_CGROUP_DATA', N | Y, N | Y],
    ['HIGHMEM64G', N, N | Y],
    ['CMDLINE', N, N],
    ['NO_SUCH_SYMBOL', N, N],
  ])('%s can be %i on x86_64 and %i on i386', (name, onX86_64, onI386) => {
    expect(x86_64.values(name)).toBe(onX86_64);
    expect(i386.values(name)).toBe(onI386);
  });

  it('evaluates expressions under assumptions', () => {
    const expr = {
      kind: 'and',
      left: { kind: 'symbol', name: 'CGROUP_BPF' },
      right: { kind: 'not', operand: { kind: 'symbol', name: 'BPF' } },
    } as const;
    expect(x86_64.evaluate(expr)).toBe(N | Y);
    expect(x86_64.evaluate(expr, new Map([['BPF', N]]))).toBe(N | Y);
    expect(x86_64.evaluate(expr, new Map([['BPF', Y]]))).toBe(N);
  });
});
