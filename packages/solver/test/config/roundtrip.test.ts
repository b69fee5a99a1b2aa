// Round trip: whatever the user values, the .config we write reads back into the same configuration, and
// writing that again gives the same text (the property `make olddefconfig` relies on).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readConfig } from '../../src/config/read.js';
import { formatConfig } from '../../src/config/write.js';
import { Evaluation } from '../../src/eval/evaluation.js';
import { modelOf } from '../eval/support.js';

const model = modelOf(`mainmenu "Round trip"
config MODULES
	bool "modules"
	modules
config B
	bool "b"
config T
	tristate "t"
	depends on B || m
config S
	string "s"
	depends on T
config N
	int "n"
	range -5 1000
config H
	hex "h"
choice
	prompt "c"
config C1
	bool "c1"
config C2
	bool "c2"
	depends on B
endchoice
`);

const assignment = fc.record({
  MODULES: fc.constantFrom('y', 'n'),
  B: fc.constantFrom('y', 'n'),
  T: fc.constantFrom('y', 'm', 'n'),
  S: fc.string({ unit: fc.constantFrom('a', '"', '\\', ' ', '#', '=') }),
  N: fc.integer({ min: -100, max: 2000 }).map(String),
  H: fc.nat({ max: 0xffff }).map((n) => `0x${n.toString(16)}`),
  C2: fc.constantFrom('y', 'n'),
});

describe('.config round trip', () => {
  test('write, read, write gives the same text', () => {
    fc.assert(
      fc.property(assignment, (values) => {
        const first = new Evaluation(model, { rules: '6.12' });
        for (const [name, value] of Object.entries(values)) first.setUserValue(name, value);
        const text = formatConfig(first);
        const second = new Evaluation(model, { rules: '6.12' });
        expect(readConfig(text, '.config', second).warnings).toEqual([]);
        expect(formatConfig(second)).toBe(text);
      }),
    );
  });
});
