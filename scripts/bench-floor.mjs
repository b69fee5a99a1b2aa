#!/usr/bin/env node
/**
 * The lower bound under `kconfig-solve parse` for `npm run bench`: what any Kconfig front end written for Node
 * pays before it builds anything. It imports the parser package (as every CLI run does), reads each file named
 * in LIST (one name per line, relative to SRCTREE: the files a load of the tree reads, in order) as conf reads
 * it, and looks at every character once, building no object. Prints the file, line and byte counts as JSON
 * (the bench takes only the time; a file it cannot read makes it fail, which the bench reports).
 *
 * Usage: node scripts/bench-floor.mjs LIST SRCTREE
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

await import('@kconfig-solve/kconfig-parser');

const [list, srctree] = process.argv.slice(2);
if (list === undefined || srctree === undefined) {
  process.stderr.write('usage: bench-floor.mjs LIST SRCTREE\n');
  process.exit(2);
}
const LF = 0x0a;
let files = 0;
let lines = 0;
let bytes = 0;
for (const name of readFileSync(list, 'utf8').split('\n')) {
  if (name === '') continue;
  const text = readFileSync(resolve(srctree, name), 'latin1');
  // One look at each character, as the cheapest possible lexer would take.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === LF) lines++;
  files++;
  bytes += text.length;
}
process.stdout.write(`${JSON.stringify({ files, lines, bytes })}\n`);
