// Loads a Kconfig text written to a temporary directory, for tests that evaluate small trees.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KconfigModel, loadKconfig } from '@kconfig-solve/kconfig-parser';

export function modelOf(kconfig: string): KconfigModel {
  const dir = mkdtempSync(join(tmpdir(), 'eval-'));
  try {
    writeFileSync(join(dir, 'Kconfig'), kconfig);
    const { model, diagnostics } = loadKconfig({ kconfig: 'Kconfig', cwd: dir, env: { srctree: dir } });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
    return model;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
