/**
 * Differential suite of conf's modes, shared by conf-modes-<version>.test.ts (one file per kernel version, so
 * vitest runs the versions in parallel): for a kernel version, every SRCARCH, our loader + evaluation + writer
 * must produce exactly what `make ARCH=<arch> <target>` makes conf produce: the .config byte for byte (header
 * included), conf's stdout and its stderr (unmet-dependency warnings and all). Targets: allnoconfig,
 * allyesconfig, allmodconfig, alldefconfig and the arch's defconfig, savedefconfig of alldefconfig and of
 * allmodconfig, olddefconfig of an edited allmodconfig; for x86_64 also x86_64_defconfig,
 * olddefconfig and savedefconfig on edited configs, listnewconfig, helpnewconfig (every arch) and oldconfig with
 * no answers (randconfig: randconfig.test.ts; every
 * arch's defconfig files: defconfig-suite.ts). Differences are told apart by kind (conf-replay.ts).
 *
 * A target is comparable when make ran conf once, in a mode that reads only what we give it. Make targets that
 * prepare the .config with merge_config.sh first (some arches' `defconfig`) are reported as skipped.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  type ConfRunOptions,
  confConfig,
  createLimiter,
  ensureKernelTree,
  type KernelVersion,
  srcArches,
} from '../support/kernel-trees.js';
import { formatDifferences, ModelCache, OutcomeLog, replayConf } from './conf-replay.js';

const COMMON_TARGETS = ['allnoconfig', 'allyesconfig', 'allmodconfig', 'alldefconfig', 'defconfig'] as const;

interface Case {
  readonly target: string;
  readonly options?: ConfRunOptions;
  /** What the .config starts as, for our side (the same text the oracle got as `input`). */
  readonly input?: string;
}

const limit = createLimiter();
const models = new ModelCache();
const log = new OutcomeLog();

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
  const oracle = await limit(() => confConfig(version, arch, c.target, c.options ?? {}));
  const { model } = await models.get(version, arch);
  const replay = log.record(
    `${version} ${arch === 'x86_64' ? 'x86_64' : 'per SRCARCH'}`,
    `${version} ${arch} ${c.target}`,
    replayConf(oracle, model, c.input),
  );
  if (replay.status === 'compared') expect(formatDifferences(replay.differences)).toBe('');
}

afterAll(() => console.log(log.summary('conf modes')));

/** Declares the suite of one kernel version (call it from the test file, at its top level). */
export async function defineConfModesSuite(version: KernelVersion): Promise<void> {
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

      // Every symbol is new: the help of each (menu paths, "Selected by" in conf's order, 6.1's choices).
      test('helpnewconfig from an empty .config', () =>
        compare(version, arch, { target: 'helpnewconfig', input: '', options: { input: '' } }));
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

      // The whole question loop with no answers (stdin at end of file), as `make oldconfig < /dev/null`. Not on
      // every arch: conf asks a choice with no visible default forever once input has ended.
      test('oldconfig from an empty .config', () =>
        compare(version, 'x86_64', { target: 'oldconfig', input: '', options: { input: '' } }));

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
    });
  });
}
