/**
 * The boot layout plugin interface. A layout decides where a kernel's files go under the root
 * (/boot/vmlinuz-VER, a BLS entry, a UKI...) and returns them as transaction changes; the installer applies
 * them all-or-nothing together with the modules, runs the pre/postinst hooks and keeps the previous kernel.
 */
import type { Outcome } from '../diagnostics.js';
import type { AppliedChanges, Change, PlannedChange } from './transaction.js';

/** The files of one kernel, as host paths (in an interim tree or an unpacked package). */
export interface KernelArtifacts {
  readonly version: string;
  readonly image: string;
  readonly systemMap: string;
  readonly config: string;
  readonly initramfs?: string;
}

/** How the target system boots and names its entries, read from the root or given on the command line. */
export interface BootIdentity {
  /** Kernel command line for BLS entries and UKIs. */
  readonly cmdline: string;
  /** The BLS entry token: --entry-token, else /etc/machine-id, else os-release ID. */
  readonly entryToken: string | undefined;
  readonly machineId: string | undefined;
  /** The root's /etc/os-release fields (PRETTY_NAME, ID, IMAGE_ID...). */
  readonly osRelease: Readonly<Record<string, string>>;
}

export interface LayoutContext {
  /** The target root directory on the host ('/' for the running system). */
  readonly root: string;
  /** The boot directory inside the root, '/boot' unless told otherwise (an ESP or XBOOTLDR mount point). */
  readonly bootDir: string;
  readonly kernel: KernelArtifacts;
  readonly identity: BootIdentity;
  /** A scratch directory outside the root, for inputs given to external tools. */
  readonly scratchDir: string;
  /** Environment for external tools (PATH decides which ukify, grub-mkconfig or installkernel runs). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Explicit installkernel program for the installkernel layout. */
  readonly installkernel?: string;
  readonly dryRun: boolean;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

/** A kernel a layout finds installed: its version and the paths (inside the root) that belong to it. */
export interface InstalledKernel {
  readonly version: string;
  readonly layout: string;
  /** Whether a boot loader can start it (an image is present), as opposed to leftover modules. */
  readonly bootable: boolean;
  readonly paths: readonly string[];
}

export interface LayoutPlugin {
  readonly name: string;
  readonly description: string;
  /** The files to write for ctx.kernel. Fails (before anything is written) when a required tool is missing. */
  changes(ctx: LayoutContext): Promise<Outcome<readonly Change[]>>;
  /** Steps that need the new files in place, still inside the transaction (e.g. regenerating grub.cfg). */
  afterCommit?(ctx: LayoutContext, applied: AppliedChanges): Promise<Outcome<readonly PlannedChange[]>>;
  /** Commands the layout runs, shown by --dry-run. */
  commands?(ctx: LayoutContext): Promise<readonly string[]>;
  /** The installed image path inside the root, passed to pre/postinst hooks. */
  imagePath(ctx: LayoutContext): string;
  /** Kernels of this layout found under the root. */
  installed(root: string, bootDir: string): Promise<readonly InstalledKernel[]>;
  /** True when the layout's own tool runs the /etc/kernel/{preinst,postinst}.d hooks (installkernel does). */
  readonly runsHooks?: boolean;
}
