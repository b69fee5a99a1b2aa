import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/commands/check.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

const dir = mkdtempSync(join(tmpdir(), 'kconfig-solve-check-'));
const CONFIG = 'CONFIG_NET=y\nCONFIG_TUN=m\n# CONFIG_DEBUG_FS is not set\nCONFIG_CMDLINE="quiet"\n';
const plain = join(dir, 'config');
const gz = join(dir, 'config.gz');
const malformed = join(dir, 'malformed');
const messages = join(dir, 'messages');
const badMessages = join(dir, 'bad-messages');
writeFileSync(plain, CONFIG);
writeFileSync(gz, gzipSync(CONFIG));
writeFileSync(malformed, `${CONFIG}CONFIG_BROKEN\n`);
writeFileSync(
  messages,
  '# for net-vpn/foo\nERROR_TUN="TUN is needed for the VPN"\nexport WARNING_DEBUG_FS=\'debugfs helps\'\n',
);
writeFileSync(badMessages, 'ERROR_TUN="x"\nnot a line\n');

function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = runCheck(argv, io, env);
  return { code, stdout, stderr };
}

interface Case {
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly code: number;
  readonly stdout?: readonly string[];
  readonly stderr?: string;
}

const cases: Readonly<Record<string, Case>> = {
  'y passes': { args: ['NET'], code: 0, stdout: [] },
  'm passes': { args: ['TUN'], code: 0, stdout: [] },
  'not set fails': { args: ['DEBUG_FS'], code: 1, stdout: ['CONFIG_DEBUG_FS:\t is not set when it should be.'] },
  'absent fails': { args: ['KVM'], code: 1, stdout: ['CONFIG_KVM:\t is not set when it should be.'] },
  'a string is not present': { args: ['CMDLINE'], code: 1, stdout: ['CONFIG_CMDLINE:\t is not set'] },
  '! of y fails': { args: ['!NET'], code: 1, stdout: ['CONFIG_NET:\t should not be set. But it is.'] },
  '! of unset passes': { args: ['!DEBUG_FS !KVM'], code: 0 },
  '~ only warns': { args: ['~KVM'], code: 0, stdout: ['CONFIG_KVM:\t is not set', 'may cause unexpected problems.'] },
  '~! only warns': { args: ['~!TUN'], code: 0, stdout: ['CONFIG_TUN:\t should not be set'] },
  'fatal among warnings': { args: ['~KVM', 'NET', '!TUN'], code: 1, stdout: ['this package again.'] },
  'gzip input': { args: ['--config', gz, 'NET TUN !DEBUG_FS'], code: 0 },
  'gzip input fails like plain': { args: ['--config', gz, 'DEBUG_FS'], code: 1, stdout: ['CONFIG_DEBUG_FS:'] },
  'ERROR_ from the environment': {
    args: ['!TUN'],
    env: { ERROR_TUN: 'remove TUN' },
    code: 1,
    stdout: [' *   remove TUN\n'],
  },
  'messages file': {
    args: ['--messages', messages, '!TUN ~DEBUG_FS'],
    code: 1,
    stdout: [' *   TUN is needed for the VPN\n', ' *   debugfs helps\n'],
  },
  'bad messages file': { args: ['--messages', badMessages, 'NET'], code: 1, stderr: `${badMessages}:2: error:` },
  'malformed config line': {
    args: ['--config', malformed, 'NET'],
    code: 1,
    stderr: `${malformed}:5: error: unexpected data: CONFIG_BROKEN`,
  },
  'missing config file': {
    args: ['--config', join(dir, 'nope'), 'NET'],
    code: 1,
    stderr: 'cannot read the config: ENOENT',
  },
  'no words': { args: [], code: 2, stderr: 'no CONFIG_CHECK words given' },
  'bad word': { args: ['CONFIG_NET'], code: 2, stderr: 'without the CONFIG_ prefix' },
  'bad style': { args: ['--style', 'other', 'NET'], code: 2, stderr: '--style takes' },
  'moby style': {
    args: ['--style', 'moby', 'NET TUN ~KVM'],
    code: 0,
    stdout: ['- CONFIG_NET: enabled\n- CONFIG_TUN: enabled (as module)\n- CONFIG_KVM: missing (optional)\n'],
  },
  'moby style fatal missing': { args: ['--style', 'moby', 'KVM'], code: 1, stdout: ['- CONFIG_KVM: missing\n'] },
};

describe('kconfig-solve check', () => {
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const args = c.args.includes('--config') ? [...c.args] : ['--config', plain, ...c.args];
    const { code, stdout, stderr } = run(args, c.env);
    for (const part of c.stdout ?? []) expect(stdout).toContain(part);
    if (c.stdout?.length === 0) expect(stdout).toBe(' * Checking for suitable kernel configuration options...\n');
    if (c.stderr !== undefined) expect(stderr).toContain(c.stderr);
    else expect(stderr).toBe('');
    expect(code).toBe(c.code);
  });

  it('prints every check as JSON', () => {
    const { code, stdout } = run(['--config', gz, '--json', 'NET ~!TUN KVM']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ config: gz, gzip: true, ok: false, hardErrors: 1, softErrors: 1 });
    expect(json.checks.map((c: { status: string; value: string }) => [c.status, c.value])).toEqual([
      ['ok', 'y'],
      ['unwanted', 'm'],
      ['missing', 'n'],
    ]);
  });

  it('is reachable from the dispatcher', async () => {
    let stdout = '';
    const code = await main(['check', '--help'], { stdout: (t) => void (stdout += t), stderr: () => {} });
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: kconfig-solve check');
  });
});
