#!/usr/bin/env node
/**
 * `npm start`: the main job on the example tree (examples/), in three steps a user would take:
 *   1. load the tree as conf does and report what it defines (`kconfig-solve parse`);
 *   2. merge the example fragments as merge_config.sh does, resolved by our conf, with the reason for every
 *      value that did not take (`kconfig-solve merge`), into a scratch directory;
 *   3. explain a value that did not take and one that did (`kconfig-solve explain`).
 * Any step failing stops the run with its exit status. Options after `--` go to every command (e.g. --json).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = join(repo, 'packages', 'solver', 'bin', 'kconfig-solve.js');
const tree = ['--srctree', join(repo, 'examples'), '--arch', 'x86_64'];
const extra = process.argv.slice(2);
const fragments = readdirSync(join(repo, 'examples', 'fragments'))
  .filter((f) => f.endsWith('.config'))
  .sort()
  .map((f) => join('examples', 'fragments', f));

const scratch = mkdtempSync(join(tmpdir(), 'kconfig-solve-start-'));
const base = join(scratch, 'base.config');
writeFileSync(base, '');
const config = join(scratch, '.config');

const steps = [
  ['parse', ...tree, ...extra],
  ['merge', ...tree, '-O', scratch, ...extra, base, ...fragments],
  ['explain', ...tree, '--config', config, ...extra, 'TTY', 'VIRTIO_PCI'],
];
let status = 0;
try {
  for (const argv of steps) {
    process.stdout.write(`\n$ kconfig-solve ${argv.join(' ').replaceAll(repo, '').replaceAll(scratch, '$SCRATCH')}\n`);
    const run = spawnSync(process.execPath, [cli, ...argv], { cwd: repo, stdio: 'inherit' });
    status = run.status ?? 1;
    if (status !== 0) break;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
