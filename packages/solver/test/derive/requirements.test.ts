import { describe, expect, test } from 'vitest';
import { readConfig } from '../../src/config/read.js';
import { deriveRequirements } from '../../src/derive/requirements.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

const KCONFIG = `
config MODULES
	bool "modules"
	modules
config NET
	bool "net"
config INET
	bool "inet"
	depends on NET
config TUN
	tristate "tun"
	depends on NET
config LEGACY
	bool "legacy"
config MODERN
	bool "modern"
	depends on !LEGACY
config SELECTOR
	bool "selector"
	select HIDDEN
config HIDDEN
	bool
config ARCH_ONLY
	bool "arch only"
	depends on SOME_ARCH
`;

function evaluationOf(config: string): Evaluation {
  const ev = new Evaluation(modelOf(KCONFIG));
  readConfig(config, '.config', ev);
  return ev;
}

const BASE = 'CONFIG_MODULES=y\nCONFIG_LEGACY=y\nCONFIG_SELECTOR=y\n';
const settings = (r: ReturnType<typeof deriveRequirements>) =>
  r.assignments.map((a) => `${a.symbol}=${a.value} <- ${a.neededBy.join(' ')}`);

describe('deriveRequirements', () => {
  test('every fatal check together, each setting with the checks that need it; ~ checks are left alone', () => {
    const r = deriveRequirements(evaluationOf(BASE), 'INET TUN MODERN ~ARCH_ONLY');
    expect(settings(r)).toEqual([
      'NET=y <- INET TUN',
      'INET=y <- INET',
      'TUN=m <- TUN',
      'LEGACY=n <- MODERN',
      'MODERN=y <- MODERN',
    ]);
    expect(r).toMatchObject({ unmet: [], problems: [], verified: true });
    expect(r.checks.map((c) => c.word)).toEqual(['INET', 'TUN', 'MODERN']);
  });

  test('!X: turning off what selects a symbol', () => {
    const r = deriveRequirements(evaluationOf(BASE), '!HIDDEN');
    expect(settings(r)).toEqual(['SELECTOR=n <- !HIDDEN']);
  });

  test('checks that already hold need nothing', () => {
    const r = deriveRequirements(evaluationOf(BASE), 'LEGACY !MODERN !UNDEFINED_NAME');
    expect(r).toMatchObject({ assignments: [], unmet: [], verified: true });
  });

  test('a check no settings meet is reported with its reason, and the others are still derived', () => {
    const r = deriveRequirements(evaluationOf(BASE), 'ARCH_ONLY NOPE INET');
    expect(settings(r)).toEqual(['NET=y <- INET', 'INET=y <- INET']);
    expect(r.unmet.map((u) => [u.check.word, u.reason])).toEqual([
      ['ARCH_ONLY', 'depends on SOME_ARCH, which this tree does not define'],
      ['NOPE', 'CONFIG_NOPE is not defined in this tree'],
    ]);
  });

  test('checks that exclude each other are unmet together', () => {
    const r = deriveRequirements(evaluationOf(BASE), 'MODERN LEGACY');
    expect(r.assignments).toEqual([]);
    expect(r.unmet.map((u) => u.check.word)).toEqual(['MODERN']);
    expect(r.unmet[0]?.reason).toBe('MODERN, LEGACY cannot hold together');
  });

  test('words that are not CONFIG_CHECK words are problems', () => {
    expect(deriveRequirements(evaluationOf(BASE), 'CONFIG_NET').problems).toHaveLength(1);
  });
});
