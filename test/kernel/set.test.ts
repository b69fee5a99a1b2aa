/**
 * `set` against the kernel's own scripts/config (6.12) and conf, on conf's x86_64_defconfig .config:
 * - every operation and option spelling, run by the real bash script and by us (with --force, so that no
 *   check stops the write), leaves the same text and prints the same --state answers;
 * - what we accept holds: a symbol refused for unmet dependencies, set again together with the hint's
 *   settings, is accepted, and the real conf (make olddefconfig) keeps it;
 * - what we refuse does not hold: the real conf drops the value scripts/config would have written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKconfig } from '@kconfig-solve/kconfig-parser';
import { describe, expect, test } from 'vitest';
import { parseSetArguments } from '../../packages/solver/src/edit/scripts-config.js';
import { type SetResult, setConfig } from '../../packages/solver/src/edit/set.js';
import { readAsOlddefconfig } from '../../packages/solver/src/explain/config.js';
import { confConfig, confEnvironment, ensureKernelTree } from '../support/kernel-trees.js';

/** scripts/config command lines; values avoid `&` and `\` (sed reads them) and quotes in appended strings. */
const SCRIPT_CASES: readonly (readonly string[])[] = [
  ['-e', 'NFS_FS', '-d', 'usb_storage', '-m', 'CONFIG_E1000E'],
  ['--enable', 'BTRFS_FS', '--disable', 'EXT4_FS', '--module', 'VIRTIO_NET'],
  ['--set-str', 'LOCALVERSION', '-custom build', '--set-str', 'NEW_STRING_SYMBOL', 'plain text'],
  ['--set-str', 'DEFAULT_HOSTNAME', 'say "hi"', '-s', 'DEFAULT_HOSTNAME'],
  ['--set-val', 'NR_CPUS', '16', '--set-val', 'PHYSICAL_START', '0x2000000', '--set-val', 'NEW_VALUE', '3'],
  ['-u', 'NFS_FS', '--undefine', 'DEBUG_KERNEL', '-u', 'NOT_IN_FILE'],
  ['-s', 'SMP', '-s', 'NFS_FS', '--state', 'LOCALVERSION', '-s', 'NR_CPUS', '-s', 'NOT_THERE', '-s', 'usb_storage'],
  ['-E', 'SMP', 'NEW_AFTER_SMP', '-D', 'NFS_FS', 'NEW_OFF', '-M', 'NOT_THERE', 'NEW_MOD'],
  [
    '--enable-after',
    'EXT4_FS',
    'BTRFS_FS',
    '--disable-after',
    'SMP',
    'X86_X2APIC',
    '--module-after',
    'E1000',
    'E1000E',
  ],
  ['-k', '-e', 'lower_case_symbol', '-e', 'CONFIG_Mixed'],
  ['-e', 'NEW_ONE', '-s', 'NEW_ONE', '-d', 'NEW_ONE', '-s', 'NEW_ONE', '-u', 'NEW_ONE', '-s', 'NEW_ONE'],
];

describe('set on Linux 6.12 (x86_64, x86_64_defconfig)', async () => {
  const srctree = await ensureKernelTree('6.12');
  const environment = await confEnvironment('6.12', 'x86_64');
  const defconfig = (await confConfig('6.12', 'x86_64', 'x86_64_defconfig')).config;
  const { model } = loadKconfig({ kconfig: 'Kconfig', srctree, cwd: environment.cwd, env: environment.env });
  const tree = { model, rules: '6.12' as const, env: environment.env, cwd: environment.cwd };

  /** Our set on a copy of `text`; returns the outcome and the file's text after it. */
  const ours = (argv: readonly string[], text: string, force: boolean): SetResult & { after: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'set-ours-'));
    const file = join(dir, '.config');
    writeFileSync(file, text);
    const parsed = parseSetArguments(argv);
    expect(parsed.problems).toEqual([]);
    const result = setConfig({ tree, file, operations: parsed.operations, force });
    return { ...result, after: readFileSync(file, 'latin1') };
  };

  test.each(SCRIPT_CASES.map((argv) => [argv.join(' '), argv] as const))('scripts/config %s', (_, argv) => {
    const dir = mkdtempSync(join(tmpdir(), 'set-theirs-'));
    const file = join(dir, '.config');
    writeFileSync(file, defconfig);
    const real = spawnSync('bash', [join(srctree, 'scripts', 'config'), '--file', file, ...argv], {
      encoding: 'latin1',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    expect(real.status, real.stderr).toBe(0);
    const result = ours(argv, defconfig, true);
    expect(result.error).toBeUndefined();
    expect(result.after).toBe(readFileSync(file, 'latin1'));
    const states = result.outcomes.flatMap((o) => (o.state !== undefined ? [`${o.state}\n`] : []));
    expect(states.join('')).toBe(real.stdout);
  });

  const ev = readAsOlddefconfig(tree, { text: defconfig, name: '.config' }).evaluation;

  test('a refused enable becomes possible with the hint, and the real conf keeps it', async () => {
    // Symbols off in defconfig because a dependency with a prompt is off.
    const candidates = [...model.symbols.values()]
      .filter((s) => s.type === 'bool' && s.definitions.some((d) => d.properties.some((p) => p.kind === 'prompt')))
      .map((s) => s.name)
      .filter((name) => ev.value(name) === 'n' && ev.state(name).dirDep === 0)
      .sort();
    const picked: string[] = [];
    for (const name of candidates.filter((_, i) => i % 97 === 0)) {
      const refused = ours(['-e', name], defconfig, false);
      expect(refused.refused, name).toBe(true);
      expect(refused.outcomes[0]?.why?.kind, name).toBe('dependency');
      expect(refused.after).toBe(defconfig);
      const hint = refused.outcomes[0]?.hint;
      if (hint === undefined) continue;
      const settings = hint.replace(/^also set /, '').split(' ');
      const argv = settings.flatMap((s) => {
        const [symbol, value] = s.replace(/^CONFIG_/, '').split('=') as [string, string];
        return value === 'y'
          ? ['-e', symbol]
          : value === 'm'
            ? ['-m', symbol]
            : value === 'n'
              ? ['-d', symbol]
              : ['--set-val', symbol, value];
      });
      const accepted = ours([...argv, '-e', name], defconfig, false);
      expect(accepted.refused, `${name} with ${hint}`).toBe(false);
      const conf = await confConfig('6.12', 'x86_64', 'olddefconfig', { input: accepted.after });
      expect(conf.config, `${name} with ${hint}`).toContain(`\nCONFIG_${name}=y\n`);
      picked.push(name);
      if (picked.length === 5) break;
    }
    expect(picked.length).toBeGreaterThan(0);
  });

  test('what is refused does not hold in the real conf either', async () => {
    const selected = [...model.symbols.values()]
      .map((s) => s.name)
      .filter((name) => ev.value(name) === 'y' && ev.state(name).revDep === 2 && ev.state(name).visible === 2)
      .sort();
    const cases: [string[], string][] = [
      [['-e', 'X86_32'], 'X86_32'],
      [['-d', selected[0] as string], selected[0] as string],
      [['--set-val', 'NR_CPUS', '100000'], 'NR_CPUS'],
    ];
    for (const [argv, name] of cases) {
      const refused = ours(argv, defconfig, false);
      expect(refused.refused, argv.join(' ')).toBe(true);
      const forced = ours(argv, defconfig, true);
      const conf = await confConfig('6.12', 'x86_64', 'olddefconfig', { input: forced.after });
      const requested = forced.outcomes[0]?.requested as string;
      const line = requested === 'n' ? `# CONFIG_${name} is not set` : `CONFIG_${name}=${requested}`;
      expect(conf.config.split('\n'), argv.join(' ')).not.toContain(line);
    }
  });
});
