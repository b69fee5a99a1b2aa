/**
 * The initramfs generator plugin interface (GLEP 26 stage 3, optional). A generator reads the modules of
 * one kernel from a module directory (the interim tree's, not the running system's) and writes an image.
 */
import type { RootSpec } from '../config/safety.js';
import type { Outcome } from '../diagnostics.js';

export interface InitramfsRequest {
  readonly version: string;
  /** Host path of lib/modules/VER holding the modules and modules.dep (dracut --kmoddir). */
  readonly modulesDir: string;
  /** Host path of the kernel's .config, for generators that must check it. */
  readonly config: string;
  /** Host path of the image to write. */
  readonly output: string;
  readonly root: RootSpec;
  /** Passed on to the generator as is (e.g. dracut --omit "systemd"). */
  readonly extraArgs: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

export interface InitramfsPlugin {
  readonly name: string;
  readonly description: string;
  /** Writes request.output and returns it, or returns undefined when this generator makes no image. */
  generate(request: InitramfsRequest): Promise<Outcome<string | undefined>>;
  /** The command it would run, for --dry-run. */
  command(request: InitramfsRequest): string | undefined;
}
