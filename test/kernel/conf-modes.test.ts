/**
 * Differential suite of conf's modes: for Linux 6.1 and 6.12, every SRCARCH, our loader + evaluation + writer
 * must produce exactly what `make ARCH=<arch> <target>` makes conf produce: the .config byte for byte (header
 * included), conf's stdout and its stderr (unmet-dependency warnings and all). Targets: allnoconfig,
 * allyesconfig, allmodconfig, alldefconfig and the arch's defconfig, savedefconfig of alldefconfig and of
 * allmodconfig, olddefconfig of an edited allmodconfig; for x86_64 also x86_64_defconfig,
 * olddefconfig and savedefconfig on edited configs, listnewconfig, and randconfig with fixed seeds, each
 * randconfig also being a fixed point of olddefconfig.
 *
 * A target is comparable when make ran conf once, in a mode that reads only what we give it. Make targets that
 * prepare the .config with merge_config.sh first (some arches' `defconfig`) are reported as skipped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KconfigModel, loadKconfig } from '@kconfig-solve/kconfig-parser';
import { afterAll, describe, expect, test } from 'vitest';
import { type ConfMode, runConfMode } from '@kconfig-solve/solver';
import {
  type ConfEnvironment,
  type ConfResult,
  type ConfRunOptions,
  confConfig,
  confEnvironment,
  createLimiter,
  ensureKernelTree,
  KERNEL_VERSIONS,
  type KernelVersion,
  srcArches,
} from '../support/kernel-trees.js';

const COMMON_TARGETS = ['allnoconfig', 'allyesconfig', 'allmodconfig', 'alldefconfig', 'defconfig'] as const;
const SELF_CONTAINED = new Set([
  'allnoconfig',
  'allyesconfig',
  'allmodconfig',
  'alldefconfig',
  'randconfig',
  'defconfig',
  'olddefconfig',
  'savedefconfig',
  'listnewconfig',
]);

interface Case {
  readonly target: string;
  readonly options?: ConfRunOptions;
  /** What the .config starts as, for our side (the same text the oracle got as `input`). */
  readonly input?: string;
}

interface Outcome {
  readonly version: KernelVersion;
  readonly arch: string;
  readonly target: string;
  readonly result: 'identical' | 'different' | 'skipped';
  readonly detail?: string;
}

const outcomes: Outcome[] = [];
const limit = createLimiter();
const models = new Map<string, Promise<{ environment: ConfEnvironment; model: KconfigModel; loadMs: number }>>();

function loadArch(version: KernelVersion, arch: string) {
  const key = `${version} ${arch}`;
  let entry = models.get(key);
  if (!entry) {
    entry = limit(() => confEnvironment(version, arch)).then((environment) => {
      const started = performance.now();
      const { model } = loadKconfig({ kconfig: 'Kconfig', cwd: environment.cwd, env: environment.env });
      return { environment, model, loadMs: performance.now() - started };
    });
    models.set(key, entry);
  }
  return entry;
}

/** Edits a config so that olddefconfig has work to do: every 7th line dropped, every 5th unset symbol enabled. */
function editConfig(config: string): string {
  let unset = 0;
  return config
    .split('\n')
    .filter((_, i) => i % 7 !== 3)
    .map((line) => {
      const m = /^# (CONFIG_\w+) is not set$/.exec(line);
      return m && unset++ % 5 === 0 ? `${m[1]}=y` : line;
    })
    .join('\n');
}

async function compare(version: KernelVersion, arch: string, c: Case): Promise<void> {
  const oracle: ConfResult = await limit(() => confConfig(version, arch, c.target, c.options ?? {}));
  const { model } = await loadArch(version, arch);
  const invocation = oracle.invocations.at(-1);
  const modeArg = invocation?.argv.find((a) => a.startsWith('--')) ?? '';
  const [mode = '', file] = modeArg.slice(2).split('=');
  // Input prepared by make itself (merge_config.sh) is not ours to replay.
  if (
    !invocation ||
    oracle.invocations.length > 1 ||
    !SELF_CONTAINED.has(mode) ||
    (mode === 'olddefconfig' && c.input === undefined)
  ) {
    outcomes.push({
      version,
      arch,
      target: c.target,
      result: 'skipped',
      detail: `make ran conf ${oracle.invocations.length}x (${modeArg})`,
    });
    return;
  }
  const cwd = mkdtempSync(join(tmpdir(), 'conf-modes-'));
  try {
    const configName = invocation.env.KCONFIG_CONFIG ?? '.config';
    if (c.input !== undefined) writeFileSync(join(cwd, configName), c.input);
    const ours = runConfMode(mode as ConfMode, {
      model,
      env: invocation.env,
      cwd,
      ...(file !== undefined ? { defconfigFile: mode === 'savedefconfig' ? 'defconfig' : file } : {}),
    });
    const expected =
      mode === 'savedefconfig' ? (oracle.defconfig ?? '') : mode === 'listnewconfig' ? '' : oracle.config;
    const actual =
      mode === 'savedefconfig'
        ? readFileSync(join(cwd, 'defconfig'), 'latin1')
        : mode === 'listnewconfig'
          ? ''
          : readFileSync(join(cwd, configName), 'latin1');
    const same =
      actual === expected &&
      ours.stdout === oracle.stdout &&
      ours.stderr === oracle.stderr &&
      ours.exitCode === oracle.exitCode;
    outcomes.push({ version, arch, target: c.target, result: same ? 'identical' : 'different' });
    expect(actual).toBe(expected);
    expect(ours.stdout).toBe(oracle.stdout);
    expect(ours.stderr).toBe(oracle.stderr);
    expect(ours.exitCode).toBe(oracle.exitCode);
    if (mode === 'randconfig') {
      // A random configuration must be stable under olddefconfig.
      const again = runConfMode('olddefconfig', { model, env: { ...invocation.env, KCONFIG_CONFIG: configName }, cwd });
      expect(again.config).toBe(actual);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

afterAll(() => {
  const count = (r: Outcome['result']) => outcomes.filter((o) => o.result === r).length;
  const lines = outcomes
    .filter((o) => o.result !== 'identical')
    .map((o) => `  ${o.version} ${o.arch} ${o.target}: ${o.result}${o.detail ? ` (${o.detail})` : ''}`);
  console.log(
    `conf modes: ${count('identical')} identical, ${count('different')} different, ${count('skipped')} skipped\n${lines.join('\n')}`,
  );
});

for (const version of KERNEL_VERSIONS) {
  const arches = srcArches(await ensureKernelTree(version)).map((a) => a.srcArch);
  describe(`Linux ${version}`, () => {
    describe.each(arches)('%s', (arch) => {
      test.each(COMMON_TARGETS)('%s', (target) => compare(version, arch, { target }));

      test('savedefconfig of alldefconfig and allmodconfig, olddefconfig of an edited allmodconfig', async () => {
        const defaults = await limit(() => confConfig(version, arch, 'alldefconfig'));
        await compare(version, arch, {
          target: 'savedefconfig',
          input: defaults.config,
          options: { input: defaults.config },
        });
        const modular = await limit(() => confConfig(version, arch, 'allmodconfig'));
        await compare(version, arch, {
          target: 'savedefconfig',
          input: modular.config,
          options: { input: modular.config },
        });
        const edited = editConfig(modular.config);
        await compare(version, arch, { target: 'olddefconfig', input: edited, options: { input: edited } });
      });
    });

    describe('x86_64', () => {
      test.each(['allnoconfig', 'allyesconfig', 'allmodconfig', 'alldefconfig', 'x86_64_defconfig'])('%s', (target) =>
        compare(version, 'x86_64', { target }),
      );

      test('olddefconfig, savedefconfig and listnewconfig on edited configs', async () => {
        const base = await limit(() => confConfig(version, 'x86_64', 'x86_64_defconfig'));
        const edited = editConfig(base.config);
        await compare(version, 'x86_64', { target: 'olddefconfig', input: edited, options: { input: edited } });
        await compare(version, 'x86_64', {
          target: 'savedefconfig',
          input: base.config,
          options: { input: base.config },
        });
        const modular = await limit(() => confConfig(version, 'x86_64', 'allmodconfig'));
        await compare(version, 'x86_64', {
          target: 'savedefconfig',
          input: modular.config,
          options: { input: modular.config },
        });
        await compare(version, 'x86_64', { target: 'listnewconfig', input: edited, options: { input: edited } });
      });

      test('olddefconfig with unmet dependencies, then again on its own output', async () => {
        // Switching off what many selected symbols depend on makes conf warn, in its symbol-table order while
        // reading and again in menu order when an unchanged configuration is written.
        const yes = await limit(() => confConfig(version, 'x86_64', 'allyesconfig'));
        const off = ['GPIOLIB', 'NET', 'PCI', 'INPUT', 'I2C', 'BLOCK', 'CRYPTO', 'SND'];
        const input = yes.config
          .split('\n')
          .map((line) =>
            off.some((name) => line === `CONFIG_${name}=y`) ? `# ${line.split('=')[0]} is not set` : line,
          )
          .join('\n');
        await compare(version, 'x86_64', { target: 'olddefconfig', input, options: { input } });
        const once = await limit(() => confConfig(version, 'x86_64', 'olddefconfig', { input }));
        await compare(version, 'x86_64', {
          target: 'olddefconfig',
          input: once.config,
          options: { input: once.config },
        });
      });

      test.each([1, 2, 3, 0x5eed, 123456789])('randconfig KCONFIG_SEED=%s', (seed) =>
        compare(version, 'x86_64', { target: 'randconfig', options: { seed }, input: undefined }),
      );
    });
  });
}
