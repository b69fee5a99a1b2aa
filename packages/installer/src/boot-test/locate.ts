/**
 * Finds the kernel and initramfs of one version inside an installed root, whichever layout put them there
 * (traditional names first, then BLS entries), so a boot test starts exactly what a boot loader would.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';
import { parseBlsEntry } from '../layout/bls.js';
import { traditionalPaths } from '../layout/traditional.js';
import { hostPath } from '../layout/transaction.js';

export interface BootFiles {
  readonly kernel: string;
  readonly initramfs?: string;
}

export async function locateInstalledKernel(
  root: string,
  version: string,
  bootDir = '/boot',
): Promise<Outcome<BootFiles>> {
  const exists = (path: string) =>
    stat(hostPath(root, path)).then(
      () => true,
      () => false,
    );
  const traditional = traditionalPaths(bootDir, version);
  if (await exists(traditional.image)) {
    const initramfs = (await exists(traditional.initramfs)) ? { initramfs: hostPath(root, traditional.initramfs) } : {};
    return succeed({ kernel: hostPath(root, traditional.image), ...initramfs });
  }
  const entriesDir = posix.join(bootDir, 'loader/entries');
  for (const name of (await readdir(hostPath(root, entriesDir)).catch(() => [] as string[])).sort()) {
    const fields = parseBlsEntry(await readFile(hostPath(root, posix.join(entriesDir, name)), 'utf8').catch(() => ''));
    const linux = fields.get('linux')?.[0];
    if (fields.get('version')?.[0] !== version || linux === undefined) continue;
    const initrd = fields.get('initrd')?.[0];
    return succeed({
      kernel: hostPath(root, posix.join(bootDir, linux)),
      ...(initrd === undefined ? {} : { initramfs: hostPath(root, posix.join(bootDir, initrd)) }),
    });
  }
  return fail(error('not-installed', `no kernel ${version} under ${root}${bootDir} (traditional or BLS)`));
}
