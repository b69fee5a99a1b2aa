/**
 * The ConfigResolver on our own solver, with no kernel make: the same steps the kernel tools take, each one a
 * conf mode run by @kconfig-solve/solver on the tree's Kconfig (loaded once):
 * - the base: a whole config as it is, or the make target's recipe (scripts/kconfig/Makefile): `%_defconfig`
 *   is conf --defconfig=arch/$SRCARCH/configs/%, `tinyconfig` is allnoconfig with
 *   KCONFIG_ALLCONFIG=kernel/configs/tiny-base.config then the `tiny.config` target, a `%.config` target merges
 *   kernel/configs/% and arch/$SRCARCH/configs/% then runs olddefconfig;
 * - the fragments merged with merge_config.sh's rules (the solver's mergeFragments);
 * - olddefconfig.
 * The evaluation olddefconfig leaves answers the requested-vs-actual report, with the reason a value did not take.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { machine } from 'node:os';
import { dirname, join } from 'node:path';
import { formatDiagnostic, hasErrors, type KconfigModel, loadKconfig } from '@kconfig-solve/kconfig-parser';
import {
  type ConfigValues,
  type ConfMode,
  detectRules,
  type Environment,
  type Evaluation,
  formatSymbol,
  fragmentLines,
  type KconfigRules,
  mergeFragments,
  notTakenReason,
  requestedValues,
  runConfMode,
  rulesForVersion,
} from '@kconfig-solve/solver';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';
import { readFragments } from './dotconfig.js';
import { kbuildEnvironment } from './kbuild-environment.js';
import type { ConfigRequest, ConfigResolution, ConfigResolver } from './resolver.js';

export const solverResolver: ConfigResolver = {
  name: 'solver',
  resolve: async (request) => {
    const env = kbuildEnvironment(request.make, request.env);
    if (!env.ok) return env;
    const buildDir = request.make.buildDir;
    try {
      await mkdir(buildDir, { recursive: true });
    } catch (e) {
      return fail(error('write-failed', `cannot create ${buildDir}: ${String(e)}`));
    }
    const kconfig = env.value.KBUILD_KCONFIG ?? 'Kconfig';
    // conf runs in the build directory and finds the tree's files under $srctree, as with make O=.
    const loaded = loadKconfig({ kconfig, srctree: request.make.sourceDir, cwd: buildDir, env: env.value });
    if (hasErrors(loaded.diagnostics)) {
      return fail(
        error('config-failed', `cannot load ${kconfig} of ${request.make.sourceDir}`, {
          notes: loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
        }),
      );
    }
    const conf = new SolverConf(loaded.model, env.value, buildDir, request);

    if (request.base.kind === 'config') {
      const written = await conf.writeConfig(request.base.text);
      if (!written.ok) return written;
    } else {
      const base = await conf.target(request.base.target);
      if (!base.ok) return base;
    }
    if (request.fragments.length > 0) {
      const merged = await conf.merge(request.fragments);
      if (!merged.ok) return merged;
    }
    const final = await conf.run('olddefconfig');
    if (!final.ok) return final;

    const evaluation = final.value;
    const text = await readFile(conf.configFile, 'utf8').catch(() => undefined);
    if (text === undefined) return fail(error('config-failed', `olddefconfig wrote no ${conf.configFile}`));
    const value = finalValues(evaluation);
    const requested = requestedValues(fragmentLines(await readFragments(request.fragments)), value, {
      reason: (symbol, wanted) => notTakenReason(evaluation, symbol, wanted),
    });
    return succeed<ConfigResolution>({ text, value, requested });
  },
};

/** The values the written .config has: what formatSymbol writes for a written symbol, n for any other. */
function finalValues(evaluation: Evaluation): ConfigValues {
  return (symbol) => {
    if (!evaluation.deps.symbol(symbol) || !evaluation.isWritten(symbol)) return 'n';
    const line = formatSymbol(evaluation, symbol);
    return line === undefined || line.startsWith('#') ? 'n' : line.slice(line.indexOf('=') + 1, -1);
  };
}

/** conf's modes over one loaded tree, in one build directory, logged like the kernel tools' runs. */
class SolverConf {
  readonly configFile: string;
  private readonly rules: KconfigRules;
  private readonly srcarch: string;

  constructor(
    private readonly model: KconfigModel,
    private readonly env: Environment,
    private readonly buildDir: string,
    private readonly request: ConfigRequest,
  ) {
    this.configFile = join(buildDir, '.config');
    // 6.1 and 6.12 differ (choices): the tree's KERNELVERSION decides, as make would give it to conf.
    this.rules = rulesForVersion(env.KERNELVERSION ?? '') ?? detectRules(model);
    this.srcarch = env.SRCARCH ?? '';
  }

  /** One conf run; its output goes to the log; the evaluation it leaves, or why it stopped. */
  async run(
    mode: ConfMode,
    extra: { readonly env?: Environment; readonly defconfigFile?: string } = {},
  ): Promise<Outcome<Evaluation>> {
    if (this.request.signal?.aborted) return fail(error('config-failed', `conf --${mode} was cancelled`));
    const result = runConfMode(mode, {
      model: this.model,
      rules: this.rules,
      env: { ...this.env, ...extra.env },
      cwd: this.buildDir,
      ...(extra.defconfigFile === undefined ? {} : { defconfigFile: extra.defconfigFile }),
    });
    await this.log(`$ kconfig-solve conf --${mode}${extra.defconfigFile ? `=${extra.defconfigFile}` : ''}\n`);
    await this.log(result.stdout + result.stderr);
    if (result.exitCode !== 0) {
      return fail(
        error('config-failed', `conf --${mode} failed (exit code ${result.exitCode})`, {
          notes: result.stderr.split('\n').filter((l) => l !== ''),
        }),
      );
    }
    return succeed(result.evaluation);
  }

  /** The recipe of a make config target (scripts/kconfig/Makefile). */
  async target(target: string): Promise<Outcome<unknown>> {
    const allModes: readonly ConfMode[] = ['allnoconfig', 'allyesconfig', 'allmodconfig', 'alldefconfig'];
    const mode = allModes.find((m) => m === target);
    if (mode !== undefined) return this.run(mode);
    if (target === 'tinyconfig') {
      const base = await this.run('allnoconfig', { env: { KCONFIG_ALLCONFIG: 'kernel/configs/tiny-base.config' } });
      if (!base.ok) return base;
      return this.target('tiny.config');
    }
    if (target === 'defconfig') {
      const name = this.kbuildDefconfig();
      if (name === undefined)
        return unknownTarget(target, `no KBUILD_DEFCONFIG found in arch/${this.srcarch}/Makefile`);
      // Makefile: a KBUILD_DEFCONFIG that is no file under arch/$SRCARCH/configs is a target of its own.
      return existsSync(this.archConfig(name))
        ? this.run('defconfig', { defconfigFile: `arch/${this.srcarch}/configs/${name}` })
        : this.target(name);
    }
    if (target.endsWith('_defconfig'))
      return this.run('defconfig', { defconfigFile: `arch/${this.srcarch}/configs/${target}` });
    if (target.endsWith('.config')) {
      const files = [join(this.env.srctree ?? '', 'kernel/configs', target), this.archConfig(target)].filter((f) =>
        existsSync(f),
      );
      if (files.length === 0)
        return fail(error('config-failed', `${target} fragment does not exists on this architecture`));
      const merged = await this.merge(files);
      if (!merged.ok) return merged;
      return this.run('olddefconfig');
    }
    return unknownTarget(target, 'it is not a config target the solver resolver knows');
  }

  /** merge_config.sh -m KCONFIG_CONFIG FRAGMENT...: the merged text becomes the .config conf reads next. */
  async merge(fragments: readonly string[]): Promise<Outcome<unknown>> {
    let base: string;
    const texts: { name: string; text: string }[] = [];
    try {
      base = existsSync(this.configFile) ? await readFile(this.configFile, 'latin1') : '';
      for (const fragment of fragments) texts.push({ name: fragment, text: await readFile(fragment, 'latin1') });
    } catch (e) {
      return fail(error('file-unreadable', `merging the fragments failed: ${String(e)}`));
    }
    await this.log(`$ merge ${fragments.join(' ')} over ${this.configFile} (merge_config.sh -m rules)\n`);
    const merged = mergeFragments({ name: this.configFile, text: base }, texts, {
      prefix: this.env.CONFIG_ ?? 'CONFIG_',
    });
    return this.writeConfig(merged.text);
  }

  async writeConfig(text: string): Promise<Outcome<unknown>> {
    try {
      await writeFile(this.configFile, text, 'latin1');
      return succeed(undefined);
    } catch (e) {
      return fail(error('write-failed', `cannot write ${this.configFile}: ${String(e)}`));
    }
  }

  private archConfig(name: string): string {
    return join(this.env.srctree ?? '', 'arch', this.srcarch, 'configs', name);
  }

  /**
   * KBUILD_DEFCONFIG from arch/$SRCARCH/Makefile. Some arches pick it in conditionals (x86: `$(ARCH)_defconfig`,
   * or for ARCH=x86 by `uname -m`): of the names assigned, with `$(ARCH)` substituted, the ARCH's own defconfig
   * wins, then the only one that exists, then the host machine's; a single name that is no file is a target.
   */
  private kbuildDefconfig(): string | undefined {
    let makefile: string;
    try {
      makefile = readFileSync(join(this.env.srctree ?? '', 'arch', this.srcarch, 'Makefile'), 'utf8');
    } catch {
      return undefined;
    }
    const arch = this.env.ARCH ?? '';
    const names = [
      ...new Set(
        [...makefile.matchAll(/^\s*KBUILD_DEFCONFIG\s*:?=\s*(\S+)\s*$/gm)].map((m) =>
          (m[1] ?? '').replaceAll('$(ARCH)', arch),
        ),
      ),
    ];
    const files = names.filter((n) => existsSync(this.archConfig(n)));
    const preferred = [`${arch}_defconfig`, ...(files.length === 1 ? files : []), `${machine()}_defconfig`];
    return preferred.find((n) => files.includes(n)) ?? (names.length === 1 ? names[0] : undefined);
  }

  private async log(text: string): Promise<void> {
    const file = this.request.logFile;
    if (file === undefined || text === '') return;
    await mkdir(dirname(file), { recursive: true })
      .then(() => appendFile(file, text))
      .catch(() => undefined);
  }
}

function unknownTarget(target: string, why: string): Outcome<never> {
  return fail(
    error('config-failed', `the solver resolver cannot run make ${target}: ${why}`, {
      fix: `give the target's config with --savedconfig/--base, or use --resolver kernel-tools`,
    }),
  );
}
