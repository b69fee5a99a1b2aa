import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/read.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { type NotTakenReason, notTakenReason } from '../../src/eval/reason.js';
import { modelOf } from './support.js';

const model = modelOf(readFileSync(new URL('../fragments/fixtures/Kconfig', import.meta.url), 'utf8'));

/** The evaluation conf has after reading `config`, and the reason `symbol` is not `requested` there. */
function why(config: string, symbol: string, requested: string): NotTakenReason {
  const ev = new Evaluation(model);
  readConfig(config, '.config', ev);
  return notTakenReason(ev, symbol, requested);
}

/** The reason without the expressions (compared separately). */
const shape = (r: NotTakenReason) => ({
  ...r,
  terms: r.terms.map((t) => ({ text: t.text, value: t.value, symbols: t.symbols })),
});

describe('notTakenReason', () => {
  it('undefined: the tree has no such symbol', () => {
    expect(why('', 'NO_SUCH', 'y')).toEqual({
      kind: 'undefined',
      message: "CONFIG_NO_SUCH is not defined in this kernel's Kconfig",
      terms: [],
    });
  });

  it.each([
    ['MODULES', 'm', 'CONFIG_MODULES is a bool: it cannot be m'],
    ['PCI', 'Y', '"Y" is not a value a bool takes'],
    ['LOG_BUF_SHIFT', 'many', '"many" is not a value a int takes'],
    ['CMDLINE', 'quiet', 'a string value must be in double quotes: quiet'],
  ])('invalid-value: %s=%s', (symbol, value, message) => {
    expect(why(`CONFIG_${symbol}=${value}\n`, symbol, value)).toMatchObject({ kind: 'invalid-value', message });
  });

  it('dependency: the failing && terms, each with its value', () => {
    const r = why('CONFIG_VIRTIO_BLK=y\n', 'VIRTIO_BLK', 'y');
    expect(shape(r)).toEqual({
      kind: 'dependency',
      message: 'it depends on VIRTIO [=n]',
      terms: [{ text: 'VIRTIO [=n]', value: 'n', symbols: [{ name: 'VIRTIO', value: 'n' }] }],
    });
    expect(r.terms[0]?.expr).toEqual({ kind: 'symbol', name: 'VIRTIO' });
  });

  it('dependency: only the terms below the value (m limits a tristate to m)', () => {
    const r = why('CONFIG_PCI=y\nCONFIG_VIRTIO_PCI=y\nCONFIG_SOUND=m\nCONFIG_SND_DRIVER=y\n', 'SND_DRIVER', 'y');
    expect(r.message).toBe('it depends on SOUND [=m]');
    expect(why('CONFIG_VIRTIO_PCI=y\n', 'VIRTIO_PCI', 'y').message).toBe('it depends on PCI [=n]');
  });

  it('dependency: an || term among the failing ones is parenthesized, as expr_print does', () => {
    const r = why('CONFIG_RUST=y\n', 'RUST', 'y');
    expect(r.message).toBe('it depends on RUST_IS_AVAILABLE [=n] && (!CALL_PADDING [=y] || PCI [=n])');
    expect(r.terms.map((t) => t.text)).toEqual(['RUST_IS_AVAILABLE [=n]', '!CALL_PADDING [=y] || PCI [=n]']);
  });

  it('prompt-hidden: the prompt condition, and the default that applies', () => {
    expect(shape(why('# CONFIG_PRINTK is not set\n', 'PRINTK', 'n'))).toEqual({
      kind: 'prompt-hidden',
      message: 'its prompt is not visible: EXPERT [=n], so its default (y) applies',
      terms: [{ text: 'EXPERT [=n]', value: 'n', symbols: [{ name: 'EXPERT', value: 'n' }] }],
      defaultValue: 'y',
    });
    expect(why('CONFIG_LOCALVERSION="-mine"\n', 'LOCALVERSION', '"-mine"')).toMatchObject({
      kind: 'no-prompt',
      defaultValue: '"-test"',
    });
  });

  it('no-prompt: only a default or a select sets it', () => {
    expect(why('CONFIG_VIRTIO=y\n', 'VIRTIO', 'y')).toEqual({
      kind: 'no-prompt',
      message: 'CONFIG_VIRTIO has no prompt: only a default or a select sets it',
      terms: [],
      defaultValue: 'n',
    });
  });

  it('selected: the active select terms and their selectors', () => {
    const r = why('CONFIG_PCI=y\nCONFIG_VIRTIO_PCI=y\n# CONFIG_VIRTIO is not set\n', 'VIRTIO', 'n');
    expect(r.kind).toBe('selected');
    expect(r.message).toBe('it is selected by VIRTIO_PCI [=y] && PCI [=y] && VIRTIO_MENU [=y]');
    expect(r.by).toEqual(['VIRTIO_PCI']);
    expect(why('CONFIG_PCI=y\nCONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO=m\n', 'VIRTIO', 'm').kind).toBe('selected');
  });

  it('implied: an invisible symbol raised by imply, with the hidden prompt', () => {
    const r = why('CONFIG_WATCHDOG_USER=y\n# CONFIG_WATCHDOG is not set\n', 'WATCHDOG', 'n');
    expect(r).toMatchObject({
      kind: 'implied',
      message: 'its prompt is not visible: EXPERT [=n], and it is implied by WATCHDOG_USER [=y]',
      by: ['WATCHDOG_USER'],
    });
    expect(r.terms.map((t) => t.text)).toEqual(['EXPERT [=n]', 'WATCHDOG_USER [=y]']);
  });

  it('modules: m while MODULES is n', () => {
    expect(why('# CONFIG_MODULES is not set\nCONFIG_SOUND=m\n', 'SOUND', 'm')).toMatchObject({
      kind: 'modules',
      message: 'CONFIG_MODULES is not set: a tristate is y or n',
    });
  });

  it('range: the active range that clamped an int or a hex', () => {
    expect(why('CONFIG_LOG_BUF_SHIFT=40\n', 'LOG_BUF_SHIFT', '40')).toMatchObject({
      kind: 'range',
      message: '40 is outside its range 12 to 25',
      range: { low: '12', high: '25' },
    });
    expect(why('CONFIG_PHYS_OFFSET=0xf8000000\n', 'PHYS_OFFSET', '0xf8000000')).toMatchObject({
      kind: 'range',
      range: { low: '0x0', high: '0xf0000000' },
    });
  });

  it('choice: the member the choice took instead, or this one although n was asked', () => {
    const config = 'CONFIG_CC_OPTIMIZE_FOR_SIZE=y\nCONFIG_CC_OPTIMIZE_FOR_PERFORMANCE=y\n';
    expect(why(config, 'CC_OPTIMIZE_FOR_SIZE', 'y')).toMatchObject({
      kind: 'choice',
      message: 'its choice selected CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE instead',
      chosen: 'CC_OPTIMIZE_FOR_PERFORMANCE',
    });
    const none = '# CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE is not set\n# CONFIG_CC_OPTIMIZE_FOR_SIZE is not set\n';
    expect(why(none, 'CC_OPTIMIZE_FOR_PERFORMANCE', 'n')).toMatchObject({
      kind: 'choice',
      chosen: 'CC_OPTIMIZE_FOR_PERFORMANCE',
    });
  });

  it('unknown: a value that did take has no other reason', () => {
    expect(why('CONFIG_PCI=y\n', 'PCI', 'y').kind).toBe('unknown');
  });
});
