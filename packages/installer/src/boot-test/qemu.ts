/**
 * `distkernel boot-test`: boots a kernel and initramfs under qemu-system-x86_64 against a root image and
 * watches the serial console. The marker printed by the root's init passes the test; "Kernel panic" or
 * dracut's "Entering emergency mode" fail it at once (as Gentoo's dist-kernel test does), and so does the
 * timeout. KVM is used when /dev/kvm is usable; a KVM that shows no console output at all (a nested setup
 * without real virtualisation) falls back to TCG.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { formatElapsed } from '../build/progress.js';
import { error, fail, type Outcome, succeed } from '../diagnostics.js';
import { run } from '../process/run.js';
import { findProgram } from '../process/which.js';
import { DEFAULT_MARKER } from './root-image.js';

export type Accel = 'kvm' | 'tcg';

export interface BootTestRequest {
  readonly kernel: string;
  readonly initramfs?: string;
  /** Raw root disk image, attached as a virtio disk in snapshot mode (never modified). */
  readonly disk: string;
  readonly marker?: string;
  readonly rootDevice?: string;
  readonly rootFsType?: string;
  /** Further kernel options. */
  readonly append?: string;
  /** Default auto: kvm when /dev/kvm is usable, else tcg. */
  readonly accel?: 'auto' | Accel;
  readonly timeoutMs?: number;
  readonly memoryMiB?: number;
  readonly qemu?: string;
  /** Full console output goes here. */
  readonly consoleLog?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

export type Verdict = 'marker' | 'panic' | 'emergency' | 'timeout' | 'exited' | 'no-output';

export interface BootTestReport {
  readonly passed: boolean;
  readonly verdict: Verdict;
  readonly accel: Accel;
  readonly durationMs: number;
  readonly consoleLog: string | undefined;
  /** The last console lines. */
  readonly console: readonly string[];
  /** The console line that decided the verdict. */
  readonly line?: string;
}

/** Console lines that end a boot as failed. */
const FAILURES: readonly { readonly pattern: RegExp; readonly verdict: Verdict }[] = [
  { pattern: /Kernel panic/, verdict: 'panic' },
  { pattern: /Entering emergency mode/, verdict: 'emergency' },
];

/** With KVM, a kernel prints within seconds; silence this long means KVM does not really work here. */
const KVM_SILENCE_MS = 30_000;

export async function bootTest(request: BootTestRequest): Promise<Outcome<BootTestReport>> {
  const qemu = request.qemu ?? 'qemu-system-x86_64';
  const env = { ...process.env, ...request.env };
  if ((await findProgram(qemu, env)) === undefined) {
    return fail(
      error('tool-missing', `${qemu} is not on PATH`, {
        fix: 'install qemu (Debian: apt-get install qemu-system-x86)',
      }),
    );
  }
  for (const file of [request.kernel, request.initramfs, request.disk]) {
    if (
      file !== undefined &&
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    ) {
      return fail(error('file-unreadable', `cannot read ${file}`));
    }
  }
  const wanted = request.accel ?? 'auto';
  const kvmUsable = await access('/dev/kvm', constants.R_OK | constants.W_OK).then(
    () => true,
    () => false,
  );
  const accel: Accel = wanted === 'auto' ? (kvmUsable ? 'kvm' : 'tcg') : wanted;

  let report = await bootOnce(request, qemu, env, accel, wanted === 'auto' && accel === 'kvm');
  if (report.verdict === 'no-output' && wanted === 'auto') report = await bootOnce(request, qemu, env, 'tcg', false);
  if (report.passed) return succeed(report);
  return fail(
    error(report.verdict === 'timeout' ? 'boot-timeout' : 'boot-failed', describeFailure(report, request), {
      notes: [...(report.consoleLog === undefined ? [] : [`console log: ${report.consoleLog}`]), ...report.console],
      fix:
        report.verdict === 'panic' || report.verdict === 'emergency'
          ? 'read the console lines above the failure: a missing driver or module is the usual cause'
          : 'raise --timeout, or read the console log',
    }),
  );
}

function describeFailure(report: BootTestReport, request: BootTestRequest): string {
  const after = `after ${formatElapsed(report.durationMs)} (${report.accel})`;
  switch (report.verdict) {
    case 'panic':
      return `boot test failed: the kernel panicked ${after}: ${report.line ?? ''}`;
    case 'emergency':
      return `boot test failed: the initramfs entered emergency mode ${after}`;
    case 'timeout':
      return `boot test failed: no marker "${request.marker ?? DEFAULT_MARKER}" within ${formatElapsed(request.timeoutMs ?? 300_000)}`;
    default:
      return `boot test failed: qemu exited ${after} without printing the marker`;
  }
}

export function qemuArgs(request: BootTestRequest, accel: Accel): string[] {
  const cmdline = [
    'console=ttyS0',
    `root=${request.rootDevice ?? '/dev/vda'}`,
    `rootfstype=${request.rootFsType ?? 'ext4'}`,
    'rw',
    // Reboot at once on panic, which -no-reboot turns into qemu exiting.
    'panic=-1',
    ...(request.append === undefined || request.append === '' ? [] : [request.append]),
  ].join(' ');
  return [
    '-accel',
    accel,
    '-m',
    String(request.memoryMiB ?? 512),
    '-smp',
    '1',
    '-nodefaults',
    '-display',
    'none',
    '-serial',
    'stdio',
    '-no-reboot',
    '-kernel',
    request.kernel,
    ...(request.initramfs === undefined ? [] : ['-initrd', request.initramfs]),
    '-append',
    cmdline,
    '-drive',
    `file=${request.disk},format=raw,if=virtio,snapshot=on`,
  ];
}

async function bootOnce(
  request: BootTestRequest,
  qemu: string,
  env: Readonly<Record<string, string | undefined>>,
  accel: Accel,
  watchSilence: boolean,
): Promise<BootTestReport> {
  const marker = request.marker ?? DEFAULT_MARKER;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let verdict: Verdict | undefined;
  let decidingLine: string | undefined;
  let consoleSeen = false;
  const decide = (v: Verdict, line?: string) => {
    if (verdict !== undefined) return;
    verdict = v;
    decidingLine = line;
    controller.abort();
  };
  const silence = watchSilence ? setTimeout(() => !consoleSeen && decide('no-output'), KVM_SILENCE_MS) : undefined;

  const result = await run(qemu, qemuArgs(request, accel), {
    env,
    signal: controller.signal,
    timeoutMs: request.timeoutMs ?? 300_000,
    tailLines: 60,
    ...(request.consoleLog === undefined ? {} : { logFile: request.consoleLog }),
    onLine: (line, stream) => {
      if (stream === 'stdout') consoleSeen = true;
      if (line.includes(marker)) decide('marker', line);
      for (const failure of FAILURES) if (failure.pattern.test(line)) decide(failure.verdict, line);
    },
  });
  clearTimeout(silence);
  request.signal?.removeEventListener('abort', onOuterAbort);
  const final: Verdict = verdict ?? (result.timedOut ? 'timeout' : 'exited');
  return {
    passed: final === 'marker',
    verdict: final,
    accel,
    durationMs: result.durationMs,
    consoleLog: request.consoleLog,
    console: result.tail,
    ...(decidingLine === undefined ? {} : { line: decidingLine }),
  };
}
