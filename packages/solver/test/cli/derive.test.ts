// `kconfig-solve derive` on a small tree: the fragment with its comments, --json, unmet checks, usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runDerive } from '../../src/cli/commands/derive.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

const tree = mkdtempSync(join(tmpdir(), 'derive-cli-'));
writeFileSync(
  join(tree, 'Kconfig'),
  `config MODULES
	bool "modules"
	modules
config NET
	bool "net"
config TUN
	tristate "tun"
	depends on NET
config NAME
	string "name"
config FAR
	bool "far"
	depends on ELSEWHERE
`,
);
const config = join(tree, 'start.config');
writeFileSync(config, 'CONFIG_MODULES=y\n# CONFIG_NET is not set\n');

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = runDerive(['--srctree', tree, '--shell', 'stub', '--config', config, ...argv], io);
  return { code, stdout, stderr };
}

describe('kconfig-solve derive', () => {
  test('prints a fragment for merge_config.sh, each line under the checks that need it', () => {
    const { code, stdout, stderr } = run(['TUN']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      '# Settings for CONFIG_CHECK="TUN" (kconfig-solve derive)\n# needed by TUN\nCONFIG_NET=y\n# needed by TUN\nCONFIG_TUN=m\n',
    );
  });

  test('--json gives the same settings, and unmet checks make the exit status 1', () => {
    const { code, stdout } = run(['--json', 'TUN', 'FAR']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.settings.map((s: { line: string }) => s.line)).toEqual(['CONFIG_NET=y', 'CONFIG_TUN=m']);
    expect(json.unmet).toEqual([{ check: 'FAR', reason: 'depends on ELSEWHERE, which this tree does not define' }]);
  });

  test('an unmet check is said on stderr and in the fragment', () => {
    const { code, stdout, stderr } = run(['FAR']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'kconfig-solve derive: FAR cannot be met: depends on ELSEWHERE, which this tree does not define\n',
    );
    expect(stdout).toContain('# FAR cannot be met: depends on ELSEWHERE');
  });

  test('usage errors: no words, a word that is not a check, a missing config', () => {
    expect(run([]).code).toBe(2);
    expect(run(['CONFIG_TUN']).code).toBe(2);
    expect(run(['--config', join(tree, 'missing'), 'TUN']).code).toBe(1);
  });

  test('is a command of the CLI, with help', async () => {
    let stdout = '';
    const io: Io = { stdout: (t) => void (stdout += t), stderr: () => {} };
    expect(await main(['derive', '--help'], io)).toBe(0);
    expect(stdout).toMatch(/^Usage: kconfig-solve derive/);
  });
});
