/**
 * The smallest root a boot test needs: an ext4 image holding a static /sbin/init that prints a marker on the
 * console and ends the VM. Built with gcc -static (no libc needed in the image) and mkfs.ext4 -d (no mount,
 * no root privileges). Without ACPI in the kernel a power-off only halts, so init asks for a reboot, which
 * qemu -no-reboot turns into an exit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';
import { commandDiagnostic, run } from '../process/run.js';

export const DEFAULT_MARKER = 'DISTKERNEL-BOOT-OK';

export interface RootImageRequest {
  /** Work directory for the init source and the image's tree. */
  readonly workDir: string;
  readonly output: string;
  readonly marker?: string;
  readonly sizeMiB?: number;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

/** The loaded modules are listed first (`distkernel-init: module ext4`): proof that the initramfs loaded them. */
export function initSource(marker: string): string {
  return `/* distkernel boot test init: lists the loaded modules, prints the marker, then ends the VM. */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <sys/reboot.h>

int main(void)
{
\tchar line[256], name[128];
\tFILE *modules = fopen("/proc/modules", "r");

\twhile (modules && fgets(line, sizeof(line), modules))
\t\tif (sscanf(line, "%127s", name) == 1)
\t\t\tprintf("distkernel-init: module %s\\n", name);
\tprintf("\\n%s\\n", ${JSON.stringify(marker)});
\tfflush(stdout);
\t/* The serial line sends after write() returns: wait until it has, or the kernel's "reboot:" line can
\t   land in the middle of the marker. */
\ttcdrain(STDOUT_FILENO);
\tsync();
\treboot(RB_AUTOBOOT);
\tfor (;;)
\t\tpause();
}
`;
}

export async function makeRootImage(request: RootImageRequest): Promise<Outcome<string>> {
  const tree = join(request.workDir, 'rootfs');
  const source = join(request.workDir, 'init.c');
  const options = {
    ...(request.logFile === undefined ? {} : { logFile: request.logFile }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  try {
    for (const dir of ['sbin', 'dev', 'proc', 'sys', 'run', 'tmp']) await mkdir(join(tree, dir), { recursive: true });
    await writeFile(source, initSource(request.marker ?? DEFAULT_MARKER));
  } catch (e) {
    return fail(error('write-failed', `cannot prepare the root image tree in ${request.workDir}: ${String(e)}`));
  }
  const gcc = await run('gcc', ['-static', '-Os', '-o', join(tree, 'sbin/init'), source], options);
  if (gcc.failed) {
    return fail(
      commandDiagnostic('tool-failed', gcc, {
        message: 'cannot compile the test init',
        fix: 'install gcc and the static libc (Debian: libc6-dev)',
      }),
    );
  }
  const mkfs = await run(
    'mkfs.ext4',
    ['-q', '-F', '-L', 'distkernel-root', '-d', tree, request.output, `${request.sizeMiB ?? 16}M`],
    options,
  );
  if (mkfs.failed) {
    return fail(
      commandDiagnostic('tool-failed', mkfs, {
        message: 'cannot make the root image',
        fix: 'install e2fsprogs (1.43 or later, for mkfs.ext4 -d)',
      }),
    );
  }
  return succeed(request.output);
}
