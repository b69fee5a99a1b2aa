import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['merge', ...argv], io);
  return { code, stdout, stderr };
}

let dir: string;
let out: string;
const tree = () => ['--srctree', join(dir, 'src'), '--arch', 'x86_64', '--shell', 'stub', '--no-cache'];
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ks-merge-'));
  mkdirSync(join(dir, 'src'));
  copyFileSync(new URL('../fragments/fixtures/Kconfig', import.meta.url), join(dir, 'src', 'Kconfig'));
  out = join(dir, 'out');
  mkdirSync(out);
});

describe('kconfig-solve merge', () => {
  it('prints its help, and refuses a command line without a base or with two resolutions', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kconfig-solve merge \[options\] BASE FRAGMENT\.\.\./);
    expect(help.stdout).toContain('--config-d DIR');
    expect((await run(tree())).code).toBe(2);
    const both = await run([...tree(), '-n', '--olddefconfig', 'base']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('-n (allnoconfig) and --olddefconfig');
    expect((await run(['--bogus'])).code).toBe(2);
  });

  it("merges, resolves with alldefconfig and prints the script's messages with the reasons", async () => {
    const base = file('base.config', 'CONFIG_PCI=y\n');
    const frag = file('frag.config', '# CONFIG_PCI is not set\nCONFIG_VIRTIO_PCI=y\n');
    const r = await run([...tree(), '-O', out, base, frag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Using ${base} as base\nMerging ${frag}\nValue of CONFIG_PCI is redefined by fragment ${frag}:\n` +
        'Previous value: CONFIG_PCI=y\nNew value: # CONFIG_PCI is not set\n\n#\n# configuration written to .config\n#\n',
    );
    expect(r.stdout).toContain(
      'Value requested for CONFIG_VIRTIO_PCI not in final .config\nRequested value:  CONFIG_VIRTIO_PCI=y\n' +
        `Actual value:     \nReason:           it depends on PCI [=n]\nRequested in:     ${frag}:2\n\n`,
    );
    expect(readFileSync(join(out, '.config'), 'utf8')).toContain('# CONFIG_PCI is not set\n');
  });

  it('--json gives the inputs, the redefinitions and every requested value with its reason', async () => {
    const base = file('base.config', 'CONFIG_PCI=y\n');
    const frag = file('frag.config', '# CONFIG_PCI is not set\nCONFIG_VIRTIO_PCI=y\n');
    const r = await run([...tree(), '--json', '--olddefconfig', '-O', out, base, frag]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      base,
      fragments: [frag],
      resolution: 'olddefconfig',
      exitCode: 0,
      configFile: join(out, '.config'),
      events: [{ kind: 'redefined', symbol: 'CONFIG_PCI', fragment: frag, value: '# CONFIG_PCI is not set' }],
      notTaken: ['VIRTIO_PCI'],
    });
    expect(json.requested).toContainEqual({
      symbol: 'VIRTIO_PCI',
      requested: 'y',
      actual: 'n',
      taken: false,
      file: frag,
      line: 2,
      reason: {
        kind: 'dependency',
        message: 'it depends on PCI [=n]',
        terms: [{ text: 'PCI [=n]', value: 'n', symbols: [{ name: 'PCI', value: 'n' }] }],
      },
    });
    expect(json.merged).toBe('\n# CONFIG_PCI is not set\nCONFIG_VIRTIO_PCI=y\n');
  });

  it("takes Gentoo's order: the fragments, --savedconfig, then --config-d's files in byte order", async () => {
    const base = file('base.config', '');
    const frag = file('frag.config', 'CONFIG_LOG_BUF_SHIFT=13\n');
    const saved = file('saved.config', 'CONFIG_LOG_BUF_SHIFT=14\n');
    mkdirSync(join(dir, 'config.d'));
    writeFileSync(join(dir, 'config.d', 'b.config'), 'CONFIG_LOG_BUF_SHIFT=16\n');
    writeFileSync(join(dir, 'config.d', 'a.config'), 'CONFIG_LOG_BUF_SHIFT=15\n');
    const argv = [
      ...tree(),
      '--json',
      '-m',
      '-r',
      '-O',
      out,
      '--savedconfig',
      saved,
      '--config-d',
      join(dir, 'config.d'),
    ];
    const json = JSON.parse((await run([...argv, base, frag])).stdout);
    expect(json.fragments).toEqual([frag, saved, join(dir, 'config.d/a.config'), join(dir, 'config.d/b.config')]);
    expect(json.requested).toContainEqual(expect.objectContaining({ symbol: 'LOG_BUF_SHIFT', requested: '16' }));
    const missing = await run([...tree(), '--config-d', join(dir, 'none'), base]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read the directory '${join(dir, 'none')}': ENOENT`);
  });

  it('exits 1 with -s when a value does not take, and names a missing fragment', async () => {
    const base = file('base.config', '');
    const frag = file('frag.config', 'CONFIG_VIRTIO=y\n');
    const strict = await run([...tree(), '-s', '-O', out, base, frag]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('Requested and effective config differ\n');
    const missing = await run([...tree(), '-O', out, base, join(dir, 'nope.config')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`The merge file '${join(dir, 'nope.config')}' does not exist.  Exit.\n`);
  });
});
