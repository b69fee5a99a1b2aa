// Golden cases: small Kconfig trees run through every mode listed in their `runs` file, compared byte for byte
// with what the real conf (6.1 and 6.12) produced: the .config (or defconfig), stdout and stderr.
// Layout: fixtures/<case>/{Kconfig, runs, input (the starting .config), input-auto.conf (a previous
// include/config/auto.conf), env (KEY=VALUE lines), answers (conf's stdin), expected-<version>-<mode>.{config,stdout,stderr,exitcode}};
// `exitcode` only when conf failed. syncconfig also has expected-<version>-syncconfig.{auto.conf,
// auto.conf.cmd,autoconf.h,rustc_cfg,touched}, `touched` listing the include/config/NAME files conf touched.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKconfig } from '@kconfig-solve/kconfig-parser';
import { afterEach, describe, expect, test } from 'vitest';
import { textAnswers } from '../../src/conf/answers.js';
import { type ConfMode, runConfMode } from '../../src/conf/modes.js';
import type { KconfigRules } from '../../src/eval/dependencies.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const read = (path: string) => readFileSync(path, 'latin1');

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

for (const name of readdirSync(FIXTURES).sort()) {
  const dir = join(FIXTURES, name);
  const runs = read(join(dir, 'runs'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(' ') as [KconfigRules, ConfMode]);
  const env: Record<string, string> = { srctree: dir };
  if (existsSync(join(dir, 'env'))) {
    for (const line of read(join(dir, 'env')).split('\n').filter(Boolean)) {
      const [key, ...value] = line.split('=');
      env[key as string] = value.join('=');
    }
  }

  describe(name, () => {
    test.each(runs)('%s %s', (version, mode) => {
      const cwd = mkdtempSync(join(tmpdir(), 'golden-'));
      scratch.push(cwd);
      if (existsSync(join(dir, 'input'))) copyFileSync(join(dir, 'input'), join(cwd, '.config'));
      if (existsSync(join(dir, 'input-auto.conf'))) {
        mkdirSync(join(cwd, 'include/config'), { recursive: true });
        copyFileSync(join(dir, 'input-auto.conf'), join(cwd, 'include/config/auto.conf'));
      }
      const { model } = loadKconfig({ kconfig: 'Kconfig', cwd, env, srctree: dir });
      const answers = existsSync(join(dir, 'answers')) ? textAnswers(read(join(dir, 'answers'))) : undefined;
      const result = runConfMode(mode, {
        model,
        rules: version,
        env,
        cwd,
        defconfigFile: 'defconfig',
        ...(answers ? { answers } : {}),
      });
      const expected = join(dir, `expected-${version}-${mode}`);
      // A failing run (expected-*.exitcode) writes nothing.
      const exitCode = existsSync(`${expected}.exitcode`) ? Number(read(`${expected}.exitcode`).trim()) : 0;
      expect(result.exitCode).toBe(exitCode);
      if (exitCode !== 0) expect(result.config).toBeUndefined();
      else if (mode === 'savedefconfig') expect(read(join(cwd, 'defconfig'))).toBe(read(`${expected}.config`));
      else if (mode !== 'listnewconfig' && mode !== 'helpnewconfig')
        expect(read(join(cwd, '.config'))).toBe(read(`${expected}.config`));
      expect(result.stdout).toBe(read(`${expected}.stdout`));
      expect(result.stderr).toBe(read(`${expected}.stderr`));
      if (mode === 'syncconfig' && exitCode === 0) {
        expect(read(join(cwd, 'include/config/auto.conf'))).toBe(read(`${expected}.auto.conf`));
        expect(read(join(cwd, 'include/config/auto.conf.cmd'))).toBe(read(`${expected}.auto.conf.cmd`));
        expect(read(join(cwd, 'include/generated/autoconf.h'))).toBe(read(`${expected}.autoconf.h`));
        expect(read(join(cwd, 'include/generated/rustc_cfg'))).toBe(read(`${expected}.rustc_cfg`));
        const touched = readdirSync(join(cwd, 'include/config')).filter((f) => !f.startsWith('auto.conf'));
        expect(touched.sort()).toEqual(read(`${expected}.touched`).split('\n').filter(Boolean));
      }
    });
  });
}
