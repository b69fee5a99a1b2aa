/**
 * dracut as the initramfs generator: a generic image (--no-hostonly, so it boots on any machine the package
 * reaches), built from the interim tree's modules (--kmoddir), byte-reproducible (--reproducible honours
 * SOURCE_DATE_EPOCH), replacing any earlier output (--force).
 */
import { error, fail, succeed } from '../diagnostics.js';
import { commandDiagnostic, formatCommand, run } from '../process/run.js';
import { findProgram } from '../process/which.js';
import type { InitramfsPlugin, InitramfsRequest } from './plugin.js';

export function dracutArgs(request: InitramfsRequest): string[] {
  return [
    '--kver',
    request.version,
    '--kmoddir',
    request.modulesDir,
    '--no-hostonly',
    '--reproducible',
    '--force',
    ...request.extraArgs,
    request.output,
  ];
}

export const dracutInitramfs: InitramfsPlugin = {
  name: 'dracut',
  description: 'dracut --no-hostonly --reproducible from the interim modules',
  generate: async (request) => {
    if ((await findProgram('dracut', request.env)) === undefined) {
      return fail(
        error('tool-missing', 'the dracut initramfs generator is not on PATH', {
          fix: 'install dracut (Debian: apt-get install --no-install-recommends dracut), or use --initramfs none',
        }),
      );
    }
    const result = await run('dracut', dracutArgs(request), {
      env: request.env,
      ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    if (result.failed) {
      return fail(
        commandDiagnostic('initramfs-failed', result, {
          message: `dracut could not build the initramfs for ${request.version}`,
          fix: 'read the log above; nothing was installed',
        }),
      );
    }
    return succeed(request.output);
  },
  command: (request) => formatCommand('dracut', dracutArgs(request)),
};
