import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { configDirFragments, type MergeRunOptions, runMerge } from '../../src/fragments/run.js';
import { modelOf } from '../eval/support.js';

const model = modelOf(readFileSync(new URL('./fixtures/Kconfig', import.meta.url), 'utf8'));

let cwd: string;
const read = (name: string) => readFileSync(join(cwd, name), 'latin1');
const write = (name: string, text: string) => writeFileSync(join(cwd, name), text);
const merge = (options: Partial<MergeRunOptions> & Pick<MergeRunOptions, 'base' | 'fragments'>) =>
  runMerge({ model, cwd, env: {}, ...options });

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'merge-run-'));
});

describe('runMerge: resolutions', () => {
  it("alldefconfig (the script's default): KCONFIG_ALLCONFIG=<merged>, then the closing check with reasons", () => {
    write('base.config', 'CONFIG_EXPERT=y\n');
    write('f.config', 'CONFIG_VIRTIO_BLK=y\nCONFIG_PCI=n\nCONFIG_EXPERT=y\n');
    const r = merge({ base: 'base.config', fragments: ['f.config'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'Using base.config as base',
        'Merging f.config',
        '#',
        '# configuration written to .config',
        '#',
        'Value requested for CONFIG_VIRTIO_BLK not in final .config',
        'Requested value:  CONFIG_VIRTIO_BLK=y',
        'Actual value:     ',
        'Reason:           it depends on VIRTIO [=n]',
        'Requested in:     f.config:1',
        '',
        'Value requested for CONFIG_PCI not in final .config',
        'Requested value:  CONFIG_PCI=n',
        'Actual value:     # CONFIG_PCI is not set',
        'Note:             the value took (n is also "is not set", or no line)',
        '',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(read('.config')).toContain('CONFIG_EXPERT=y\n# CONFIG_PCI is not set\nCONFIG_VIRTIO_MENU=y\n');
    // The fragment's EXPERT line replaced the base's, so it comes last.
    expect(r.requested.map((v) => `${v.symbol} ${v.fragment}:${v.line}`)).toEqual([
      'VIRTIO_BLK f.config:1',
      'PCI f.config:2',
      'EXPERT f.config:3',
    ]);
    expect(r.report.map((b) => b.symbol)).toEqual(['CONFIG_VIRTIO_BLK', 'CONFIG_PCI']);
  });

  it('allnoconfig (-n): what the inputs leave open is n', () => {
    write('base.config', '');
    write('f.config', 'CONFIG_PCI=y\n');
    const r = merge({ base: 'base.config', fragments: ['f.config'], resolution: 'allnoconfig' });
    expect(r.exitCode).toBe(0);
    expect(read('.config')).toContain('# CONFIG_MODULES is not set\n');
    expect(read('.config')).toContain('CONFIG_PCI=y\n# CONFIG_VIRTIO_MENU is not set\n');
  });

  it('-m: the merged file is the config, and the report is a dry run of olddefconfig', () => {
    write('.config', 'CONFIG_PCI=y\n');
    write('f.config', 'CONFIG_LOG_BUF_SHIFT=40\n');
    const r = merge({ base: '.config', fragments: ['f.config'], resolution: 'none' });
    expect(r.exitCode).toBe(0);
    expect(read('.config')).toBe('CONFIG_PCI=y\n\nCONFIG_LOG_BUF_SHIFT=40\n');
    expect(read('.config.old')).toBe('CONFIG_PCI=y\n');
    expect(r.stdout).toBe(
      'Using .config as base\nMerging f.config\n#\n# merged configuration written to .config (needs make)\n#\n' +
        'Values olddefconfig will not keep (-m: checked with a dry run):\n' +
        'Value requested for CONFIG_LOG_BUF_SHIFT not in final .config\n' +
        'Requested value:  CONFIG_LOG_BUF_SHIFT=40\nActual value:     CONFIG_LOG_BUF_SHIFT=25\n' +
        'Reason:           40 is outside its range 12 to 25\nRequested in:     f.config:1\n\n',
    );
    expect(r.resolved).toContain('CONFIG_LOG_BUF_SHIFT=25\n');
  });

  it("--olddefconfig: make foo.config's way; .config.old is the user's config, not the merged text", () => {
    write('.config', 'CONFIG_PCI=y\n');
    write('f.config', 'CONFIG_VIRTIO_PCI=m\n');
    const r = merge({ base: '.config', fragments: ['f.config'], resolution: 'olddefconfig' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('Using .config as base\nMerging f.config\n#\n# configuration written to .config\n#\n');
    expect(read('.config')).toContain('CONFIG_PCI=y\nCONFIG_VIRTIO_MENU=y\nCONFIG_VIRTIO=m\nCONFIG_VIRTIO_PCI=m\n');
    expect(read('.config.old')).toBe('CONFIG_PCI=y\n');
    // The base's own values that olddefconfig changes are not reported, only the fragments'.
    expect(r.report).toEqual([]);
  });

  it('says "No change" when the config is already the result', () => {
    write('f.config', 'CONFIG_PCI=y\n');
    write('base.config', '');
    merge({ base: 'base.config', fragments: ['f.config'] });
    const again = merge({ base: 'base.config', fragments: ['f.config'] });
    expect(again.stdout).toContain('#\n# No change to .config\n#\n');
  });

  it("names the fragment file:line in conf's warnings about the merged file", () => {
    write('base.config', 'CONFIG_EXPERT=y\n');
    write('f.config', '# header\nCONFIG_PCI=maybe\n');
    const r = merge({ base: 'base.config', fragments: ['f.config'] });
    expect(r.stderr).toBe("f.config:2:warning: symbol value 'maybe' invalid for PCI\n");
    expect(r.requested.find((v) => v.symbol === 'PCI')?.reason?.kind).toBe('invalid-value');
  });

  it('writes nothing with write: false', () => {
    write('f.config', 'CONFIG_PCI=y\n');
    const r = merge({ base: 'missing.config', fragments: ['f.config'], write: false });
    expect(r.exitCode).toBe(0);
    expect(r.config).toContain('CONFIG_PCI=y\n');
    expect(existsSync(join(cwd, '.config'))).toBe(false);
    expect(existsSync(join(cwd, 'missing.config'))).toBe(false);
  });
});

describe("runMerge: merge_config.sh's flags", () => {
  beforeEach(() => {
    write('.config', 'CONFIG_SOUND=y\nCONFIG_PCI=y\nCONFIG_EXPERT=y\n');
    write('a.config', 'CONFIG_SOUND=m\nCONFIG_PCI=y\n# CONFIG_EXPERT is not set\n');
  });

  it('-r lists redundant entries, -y keeps y over m, -Q silences both', () => {
    const r = merge({ base: '.config', fragments: ['a.config'], resolution: 'none', redundant: true, builtin: true });
    expect(r.stdout).toContain(
      'Merging a.config\nPrevious value: CONFIG_SOUND=y\nNew value: CONFIG_SOUND=m\n-y passed, will not demote y to m\n\n' +
        'Value of CONFIG_PCI is redundant by fragment a.config:\n' +
        'Value of CONFIG_EXPERT is redefined by fragment a.config:\n' +
        'Previous value: CONFIG_EXPERT=y\nNew value: # CONFIG_EXPERT is not set\n\n#\n',
    );
    expect(read('.config')).toBe('CONFIG_SOUND=y\n\nCONFIG_PCI=y\n# CONFIG_EXPERT is not set\n');
    write('.config', 'CONFIG_SOUND=y\nCONFIG_PCI=y\nCONFIG_EXPERT=y\n');
    const quiet = merge({ base: '.config', fragments: ['a.config'], resolution: 'none', redundant: true, quiet: true });
    expect(quiet.stdout).toBe(
      'Using .config as base\nMerging a.config\n#\n# merged configuration written to .config (needs make)\n#\n',
    );
  });

  it('-s: a redefinition is fatal after merging, before anything is written', () => {
    const r = merge({ base: '.config', fragments: ['a.config'], strict: true });
    expect(r.exitCode).toBe(1);
    expect(r.strictViolation).toBe('redefined');
    expect(r.stdout.endsWith('The fragment redefined a value and strict mode had been passed.\n')).toBe(true);
    expect(existsSync(join(cwd, '.config.old'))).toBe(false);
  });

  it('-s: a value that did not take is fatal too', () => {
    write('b.config', 'CONFIG_VIRTIO=y\n');
    const r = merge({ base: '.config', fragments: ['b.config'], strict: true });
    expect(r.exitCode).toBe(1);
    expect(r.strictViolation).toBe('not-taken');
    expect(r.stdout.endsWith('Requested and effective config differ\n')).toBe(true);
  });

  it('-O DIR: conf runs there and writes DIR/.config; the -m message names it absolutely', () => {
    mkdirSync(join(cwd, 'out'));
    const r = merge({ base: '.config', fragments: ['a.config'], outputDir: 'out/', resolution: 'none', quiet: true });
    expect(r.stdout).toContain(`# merged configuration written to ${join(cwd, 'out/.config')} (needs make)\n`);
    expect(read('out/.config')).toContain('# CONFIG_EXPERT is not set\n');
    const made = merge({ base: '.config', fragments: ['a.config'], outputDir: 'out', quiet: true });
    expect(made.configFile).toBe(join(cwd, 'out/.config'));
  });

  it('honours KCONFIG_CONFIG', () => {
    const r = runMerge({ model, cwd, env: { KCONFIG_CONFIG: 'my.config' }, base: '.config', fragments: ['a.config'] });
    expect(r.stdout).toContain('# configuration written to my.config\n');
    expect(read('my.config')).toContain('CONFIG_SOUND=m\n');
  });
});

describe('runMerge: inputs that fail', () => {
  it('a missing fragment stops after "Merging", with the message on stderr', () => {
    write('.config', '');
    const r = merge({ base: '.config', fragments: ['nope.config'] });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('Using .config as base\nMerging nope.config\n');
    expect(r.stderr).toBe("The merge file 'nope.config' does not exist.  Exit.\n");
    expect(r.error).toEqual({ file: 'nope.config', message: 'cannot read the fragment: ENOENT' });
  });

  it('a missing base is created empty, as the script does', () => {
    write('f.config', 'CONFIG_PCI=y\n');
    const r = merge({ base: 'new.config', fragments: ['f.config'], resolution: 'none' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("The base file 'new.config' does not exist. Creating one...\n");
    expect(read('new.config')).toBe('');
  });

  it('an unreadable base is an error naming it', () => {
    mkdirSync(join(cwd, 'dir.config'));
    const r = merge({ base: 'dir.config', fragments: [] });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("cannot read the base file 'dir.config': EISDIR\n");
    expect(r.error?.file).toBe('dir.config');
  });

  it('-y where the script stops under set -e: exit 1, and we say why', () => {
    write('.config', 'CONFIG_PCI=y\nCONFIG_XCONFIG_PCI=y\n');
    write('f.config', 'CONFIG_PCI=m\nCONFIG_XCONFIG_PCI=n\n');
    const r = merge({ base: '.config', fragments: ['f.config'], builtin: true });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(
      'Using .config as base\nMerging f.config\nPrevious value: CONFIG_PCI=y\nNew value: CONFIG_PCI=m\n' +
        '-y passed, will not demote y to m\n\n',
    );
    expect(r.stderr).toContain('every line of CONFIG_XCONFIG_PCI out of f.config');
  });

  it('-O with a directory that does not exist', () => {
    const r = merge({ base: '.config', fragments: [], outputDir: 'nowhere' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('output directory nowhere does not exist\n');
  });
});

describe('configDirFragments', () => {
  it("lists DIR/*.config in byte order, without dot files, as Gentoo's glob under LC_COLLATE=C", () => {
    const dir = join(cwd, 'config.d');
    mkdirSync(dir);
    for (const name of ['b.config', 'a.config', 'B.config', '.hidden.config', 'notes.txt', '10-x.config']) {
      writeFileSync(join(dir, name), '');
    }
    expect(configDirFragments(dir)).toEqual({
      files: ['10-x.config', 'B.config', 'a.config', 'b.config'].map((n) => join(dir, n)),
    });
    expect(configDirFragments(join(cwd, 'none'))).toEqual({
      error: `cannot read the directory '${join(cwd, 'none')}': ENOENT`,
    });
  });
});
