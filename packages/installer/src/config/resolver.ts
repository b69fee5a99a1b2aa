/**
 * The config stage's seam: from a base config and ordered fragments to the final .config, with a report of
 * what each fragment asked for and what it got. Two implementations: our solver (solver.ts, the default,
 * which also says *why* a requested value did not take) and the kernel's own tools (kernel-tools.ts).
 */
import type { MakeSettings } from '../build/make.js';
import type { Outcome } from '../diagnostics.js';
import type { ConfigValues, RequestedValue } from '@kconfig-solve/solver';

/** Where the configuration starts from (GLEP 26: a custom config, else a generic one). */
export type ConfigBase =
  /** A whole .config: the user's savedconfig or a distribution's config, already decompressed. */
  | {
      readonly kind: 'config';
      readonly origin: 'savedconfig' | 'distribution';
      readonly name: string;
      readonly text: string;
    }
  /** A make config target of the kernel tree: x86_64_defconfig, defconfig, tinyconfig... */
  | { readonly kind: 'target'; readonly target: string };

export interface ConfigRequest {
  readonly make: MakeSettings;
  readonly base: ConfigBase;
  /** Fragment files, applied in order: a later fragment overrides an earlier one. */
  readonly fragments: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logFile?: string;
  readonly signal?: AbortSignal;
}

/** One assignment a fragment asked for, the value the final config has, and why it did not take (solver). */
export type { RequestedValue };

export interface ConfigResolution {
  /** The final .config. */
  readonly text: string;
  /** Values of the final config, for the safety checks. */
  readonly value: ConfigValues;
  readonly requested: readonly RequestedValue[];
}

export interface ConfigResolver {
  readonly name: string;
  resolve(request: ConfigRequest): Promise<Outcome<ConfigResolution>>;
}
