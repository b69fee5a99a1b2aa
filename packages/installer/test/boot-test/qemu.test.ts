import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BootTestRequest, bootTest } from '../../src/boot-test/qemu.js';
import { fakeCalls, fakeEnv } from '../support/fakes.js';
import { tempDir } from '../support/tree.js';

async function setup(mode: string, extra: Partial<BootTestRequest> = {}) {
  const work = await tempDir();
  for (const name of ['vmlinuz', 'initrd', 'root.img']) await writeFile(join(work, name), name);
  const log = join(work, 'calls.log');
  const request: BootTestRequest = {
    kernel: join(work, 'vmlinuz'),
    initramfs: join(work, 'initrd'),
    disk: join(work, 'root.img'),
    accel: 'tcg',
    consoleLog: join(work, 'console.log'),
    env: fakeEnv(log, { FAKE_QEMU: mode }),
    ...extra,
  };
  return { work, log, request };
}

describe('bootTest', () => {
  it('passes on the marker, without waiting for qemu to exit', async () => {
    const s = await setup('pass');
    const started = Date.now();
    const result = await bootTest(s.request);
    expect(result.ok).toBe(true);
    expect(result.ok && result.value).toMatchObject({
      passed: true,
      verdict: 'marker',
      accel: 'tcg',
      line: 'DISTKERNEL-BOOT-OK',
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await readFile(s.request.consoleLog ?? '', 'utf8')).toContain('Run /init as init process');
    const [call] = await fakeCalls(s.log);
    expect(call).toContain(' -accel tcg -m 512 -smp 1 -nodefaults -display none -serial stdio -no-reboot -kernel ');
    expect(call).toContain(
      `-initrd ${s.request.initramfs} -append console=ttyS0 root=/dev/vda rootfstype=ext4 rw panic=-1 -drive `,
    );
    expect(call).toContain(`file=${s.request.disk},format=raw,if=virtio,snapshot=on`);
  });

  it('fails on a kernel panic with the console lines', async () => {
    const s = await setup('panic');
    const result = await bootTest(s.request);
    expect(result.ok).toBe(false);
    const [d] = result.diagnostics;
    expect(d?.code).toBe('boot-failed');
    expect(d?.message).toMatch(
      /^boot test failed: the kernel panicked after \d+s \(tcg\): Kernel panic - not syncing: VFS/,
    );
    expect(d?.notes).toContain('Run /init as init process');
  });

  it('fails when dracut enters emergency mode', async () => {
    const s = await setup('emergency');
    const result = await bootTest(s.request);
    expect(result.diagnostics[0]?.message).toMatch(/^boot test failed: the initramfs entered emergency mode/);
  });

  it('fails on timeout', async () => {
    const s = await setup('hang', { timeoutMs: 500 });
    const result = await bootTest(s.request);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'boot-timeout',
      message: 'boot test failed: no marker "DISTKERNEL-BOOT-OK" within 0s',
    });
  });

  it('says how to get qemu when it is missing', async () => {
    const s = await setup('pass', { env: { PATH: await tempDir() } });
    const result = await bootTest(s.request);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'tool-missing',
      fix: 'install qemu (Debian: apt-get install qemu-system-x86)',
    });
  });
});
