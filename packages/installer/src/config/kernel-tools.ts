/**
 * The ConfigResolver that uses the kernel's own tools, as Gentoo's dist-kernel does: write the base (or run
 * the defconfig target), `scripts/kconfig/merge_config.sh -m` the fragments over it, then
 * `make olddefconfig`. merge_config.sh -m checks nothing after the make, so the requested-vs-actual report is
 * computed here from the fragments and the final .config.
 *
 * Kept as `--resolver kernel-tools`, to compare with the solver's resolver (solver.ts), the default.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeArgs, makeProgram } from '../build/make.js';
import { error, fail, succeed } from '../diagnostics.js';
import { commandDiagnostic, run } from '../process/run.js';
import { fragmentLines, requestedValues } from '@kconfig-solve/solver';
import { configValues, readDotConfig, readFragments } from './dotconfig.js';
import type { ConfigRequest, ConfigResolution, ConfigResolver } from './resolver.js';

export const kernelToolsResolver: ConfigResolver = {
  name: 'kernel-tools',
  resolve: async (request) => {
    const { make } = request;
    const configFile = join(make.buildDir, '.config');
    const options = {
      env: request.env,
      ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    try {
      await mkdir(make.buildDir, { recursive: true });
      if (request.base.kind === 'config') await writeFile(configFile, request.base.text);
    } catch (e) {
      return fail(error('write-failed', `cannot write ${configFile}: ${String(e)}`));
    }
    if (request.base.kind === 'target') {
      const base = await run(makeProgram(make), makeArgs(make, [request.base.target]), options);
      if (base.failed)
        return fail(commandDiagnostic('config-failed', base, { message: `make ${request.base.target} failed` }));
    }
    if (request.fragments.length > 0) {
      const script = join(make.sourceDir, 'scripts/kconfig/merge_config.sh');
      const merge = await run('sh', [script, '-m', '-O', make.buildDir, configFile, ...request.fragments], options);
      if (merge.failed)
        return fail(commandDiagnostic('config-failed', merge, { message: 'merging the fragments failed' }));
    }
    const olddefconfig = await run(makeProgram(make), makeArgs(make, ['olddefconfig']), options);
    if (olddefconfig.failed)
      return fail(commandDiagnostic('config-failed', olddefconfig, { message: 'make olddefconfig failed' }));

    const text = await readFile(configFile, 'utf8').catch(() => undefined);
    if (text === undefined) return fail(error('config-failed', `make olddefconfig wrote no ${configFile}`));
    const value = configValues(readDotConfig(text));
    return succeed<ConfigResolution>({
      text,
      value,
      requested: requestedValues(fragmentLines(await readFragments(request.fragments)), value),
    });
  },
};
