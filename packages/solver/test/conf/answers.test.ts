// Answer sources for conf's questions: lines as fgets returns them, end of input, scripted answers by symbol.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAnswerScript, scriptedAnswers, streamAnswers, textAnswers } from '../../src/conf/answers.js';

describe('textAnswers', () => {
  test('lines keep their newline; a last line without one comes as is; then input ends', () => {
    const source = textAnswers('y\n\nabc');
    expect([source.next({}), source.next({}), source.next({}), source.next({})]).toEqual([
      'y\n',
      '\n',
      'abc',
      undefined,
    ]);
    expect(source.terminal).toBe(false);
  });
});

describe('streamAnswers', () => {
  test('reads a file descriptor line by line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'answers-'));
    try {
      writeFileSync(join(dir, 'in'), 'm\n2\n');
      const fd = openSync(join(dir, 'in'), 'r');
      const source = streamAnswers(fd);
      expect([source.next({}), source.next({}), source.next({})]).toEqual(['m\n', '2\n', undefined]);
      closeSync(fd);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scriptedAnswers', () => {
  test('answers by symbol, a choice by its member set to y, anything else with the default', () => {
    const source = scriptedAnswers({ A: 'y', NUM: '7', PICK_B: 'y' });
    expect(source.next({ symbol: 'A' })).toBe('y\n');
    expect(source.next({ symbol: 'NUM' })).toBe('7\n');
    expect(source.next({ symbol: 'OTHER' })).toBe('\n');
    expect(source.next({ members: ['PICK_A', 'PICK_B'] })).toBe('2\n');
  });

  test('a refused answer is followed by the default, then by the end of input', () => {
    const source = scriptedAnswers(new Map([['A', 'maybe']]));
    expect([source.next({ symbol: 'A' }), source.next({ symbol: 'A' }), source.next({ symbol: 'A' })]).toEqual([
      'maybe\n',
      '\n',
      undefined,
    ]);
  });
});

describe('parseAnswerScript', () => {
  test('SYMBOL=answer lines, CONFIG_ prefix and quotes accepted, comments skipped', () => {
    expect(parseAnswerScript('# answers\nA=y\nCONFIG_S="a b"\n\nN=3\nbad line\n')).toEqual(
      new Map([
        ['A', 'y'],
        ['S', 'a b'],
        ['N', '3'],
      ]),
    );
  });
});
