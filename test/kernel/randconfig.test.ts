/**
 * randconfig against conf: for Linux 6.1 and 6.12 on x86_64, 30 fixed KCONFIG_SEEDs. For each, our randconfig
 * must be conf's byte for byte (.config, stdout with the seed line, stderr, exit code); then olddefconfig of
 * conf's result, and of ours when it differs, must match conf's olddefconfig of the same input; and our
 * randconfig must be a fixed point of conf's olddefconfig (a random configuration is a valid one).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ConfResult, confConfig, createLimiter, KERNEL_VERSIONS } from '../support/kernel-trees.js';
import { formatDifferences, lineDifference, ModelCache, OutcomeLog, replayConf } from './conf-replay.js';

const ARCH = 'x86_64';
/** Fixed seeds: small ones, conf-modes' historical ones, and a few large ones (conf reads it with strtol). */
const SEEDS: readonly number[] = [
  ...Array.from({ length: 24 }, (_, i) => i + 1),
  0x5eed,
  2026,
  65_536,
  1_000_003,
  123_456_789,
  0x7fffffff,
];

const limit = createLimiter();
const models = new ModelCache();
const log = new OutcomeLog();

// conf's runs ahead of the tests, a few at a time, into the disk cache: a test waits for its own runs only,
// then reads them back.
const prefetched = new Map<string, Promise<unknown>>();
beforeAll(() => {
  for (const version of KERNEL_VERSIONS) {
    for (const seed of SEEDS) {
      const runs = limit(async () => {
        const random = await confConfig(version, ARCH, 'randconfig', { seed });
        await confConfig(version, ARCH, 'olddefconfig', { input: random.config });
      });
      prefetched.set(
        `${version} ${seed}`,
        runs.catch(() => undefined),
      );
    }
  }
});

afterAll(() => console.log(log.summary(`randconfig on ${ARCH}`)));

describe.each(KERNEL_VERSIONS)('Linux %s', (version) => {
  afterAll(() => models.release(version, ARCH));

  test.each(SEEDS)('KCONFIG_SEED=%s', async (seed) => {
    const name = `${version} ${ARCH} KCONFIG_SEED=${seed}`;
    await prefetched.get(`${version} ${seed}`);
    const random: ConfResult = await confConfig(version, ARCH, 'randconfig', { seed });
    const { model } = await models.get(version, ARCH);
    const ours = log.record(`${version} randconfig`, `${name} randconfig`, replayConf(random, model));
    expect(ours.status).toBe('compared');
    if (ours.status !== 'compared') return;

    const settled = await confConfig(version, ARCH, 'olddefconfig', { input: random.config });
    const old = log.record(
      `${version} olddefconfig of randconfig`,
      `${name} olddefconfig of conf's randconfig`,
      replayConf(settled, model, random.config),
    );

    // conf's olddefconfig of our output, when ours is not conf's (else it is `settled`).
    const ourOutput = ours.ours.output;
    const ourSettled =
      ourOutput === random.config ? settled : await confConfig(version, ARCH, 'olddefconfig', { input: ourOutput });
    if (ourOutput !== random.config) {
      const again = log.record(
        `${version} olddefconfig of randconfig`,
        `${name} olddefconfig of our randconfig`,
        replayConf(ourSettled, model, ourOutput),
      );
      expect(again.status === 'compared' && formatDifferences(again.differences), `${name}: olddefconfig of ours`).toBe(
        '',
      );
    }
    const fixed = ourSettled.config === ourOutput;
    log.add({
      category: `${version} randconfig fixed point of conf's olddefconfig`,
      name: `${name} fixed point`,
      result: fixed ? 'identical' : 'different',
      ...(fixed ? {} : { detail: `conf's own randconfig is ${settled.config === random.config ? '' : 'not '}one` }),
    });

    expect(formatDifferences(ours.differences), `${name}: randconfig`).toBe('');
    expect(old.status === 'compared' && formatDifferences(old.differences), `${name}: olddefconfig`).toBe('');
    expect(fixed ? '' : lineDifference(ourSettled.config, ourOutput), `${name}: fixed point`).toBe('');
  });
});
