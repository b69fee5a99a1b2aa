/**
 * No initramfs: the kernel mounts the root by itself. Allowed only when the safety checks pass without an
 * initramfs, i.e. the root filesystem and disk drivers are built in and devtmpfs is on.
 */
import { readFile } from 'node:fs/promises';
import { configValues, readDotConfig } from '../config/dotconfig.js';
import { checkBootSafety } from '../config/safety.js';
import { error, fail, hasErrors, succeed, warning } from '../diagnostics.js';
import type { InitramfsPlugin } from './plugin.js';

export const noInitramfs: InitramfsPlugin = {
  name: 'none',
  description: 'no initramfs (refused unless the root drivers are built in)',
  generate: async (request) => {
    const text = await readFile(request.config, 'utf8').catch(() => undefined);
    if (text === undefined) {
      return fail(
        error(
          'file-unreadable',
          `cannot read ${request.config}: the kernel config is needed to allow --initramfs none`,
        ),
      );
    }
    const problems = [...checkBootSafety(configValues(readDotConfig(text)), { initramfs: false, root: request.root })];
    if (request.root.fsType === undefined || request.root.device === undefined) {
      problems.push(
        warning(
          'unknown-root-fs',
          'without --root-fs and --root-device, distkernel cannot check that this kernel mounts the root without an initramfs',
          {
            fix: 'pass --root-fs TYPE --root-device DRIVER (e.g. --root-fs ext4 --root-device nvme)',
          },
        ),
      );
    }
    return hasErrors(problems) ? fail(...problems) : succeed(undefined, problems);
  },
  command: () => undefined,
};
