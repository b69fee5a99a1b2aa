/**
 * Gentoo's CONFIG_CHECK (linux-info.eclass, check_extra_config) against a .config, without a Kconfig tree.
 * Each word of `CONFIG_CHECK="FOO !BAR ~BAZ ~!QUX"` is one check:
 * - `FOO`: FOO must be present, i.e. `y` or `m` (linux_chkconfig_present); a failure is fatal;
 * - `!BAR`: BAR must not be present;
 * - a leading `~` makes the check a warning only; `@FOO:module` (module-name rework) is a warning-only FOO.
 * The message of a failed check is `ERROR_FOO`, else the deprecated `FOO_ERROR`, else for a warning-only check
 * `WARNING_FOO` (reported as a warning), else linux-info's default wording.
 */
import type { Dotconfig } from '../dotconfig/parse.js';

export interface ConfigCheck {
  /** The word as written, e.g. `~!QUX`. */
  readonly word: string;
  readonly symbol: string;
  /** `!`: the symbol must not be y or m. */
  readonly negate: boolean;
  /** Without `~`/`@` a failure stops the merge (die). */
  readonly fatal: boolean;
}

export interface ConfigCheckProblem {
  readonly word: string;
  readonly message: string;
}

export interface ParsedConfigCheck {
  readonly checks: readonly ConfigCheck[];
  readonly problems: readonly ConfigCheckProblem[];
}

const SYMBOL = /^[A-Za-z0-9_]+$/;

/** The words of a CONFIG_CHECK value; a word that names no symbol is a problem, never a check. */
export function parseConfigCheck(value: string): ParsedConfigCheck {
  const checks: ConfigCheck[] = [];
  const problems: ConfigCheckProblem[] = [];
  for (const word of value.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    let fatal = true;
    if (rest.startsWith('~')) {
      fatal = false;
      rest = rest.slice(1);
    } else if (rest.startsWith('@')) {
      // `@CONFIG:module`: linux-info checks CONFIG and only warns.
      fatal = false;
      rest = rest.slice(1).split(':')[0] ?? '';
    }
    const negate = rest.startsWith('!');
    if (negate) rest = rest.slice(1);
    if (rest.startsWith('CONFIG_')) {
      problems.push({ word, message: `'${word}': write the symbol without the CONFIG_ prefix` });
      continue;
    }
    if (!SYMBOL.test(rest)) {
      problems.push({ word, message: `'${word}' is not a CONFIG_CHECK word ([~][!]SYMBOL)` });
      continue;
    }
    checks.push({ word, symbol: rest, negate, fatal });
  }
  return { checks, problems };
}

export type CheckStatus = 'ok' | 'missing' | 'unwanted';

export interface CheckResult {
  readonly check: ConfigCheck;
  /** `missing`: should be y or m and is not; `unwanted`: should not be set but is y or m. */
  readonly status: CheckStatus;
  /** The value in the config (`n` when absent or not set). */
  readonly value: string;
  /** For failures: how linux-info prints it; `ewarn` only for a `~` check with a WARNING_ message. */
  readonly report?: 'eerror' | 'ewarn';
  /** For failures: the line linux-info prints after its two-space indent. */
  readonly message?: string;
}

export interface CheckOutcome {
  readonly results: readonly CheckResult[];
  /** Failed fatal checks: linux-info dies. */
  readonly hardErrors: number;
  /** Failed `~` checks: linux-info only warns. */
  readonly softErrors: number;
}

/** linux_chkconfig_present: the value is exactly y or m. */
export function isPresent(config: Dotconfig, symbol: string): boolean {
  const value = config.entries.get(symbol)?.value;
  return value === 'y' || value === 'm';
}

/** `messages` holds ERROR_X / X_ERROR / WARNING_X as linux-info reads them from the ebuild's environment. */
export function runConfigChecks(
  checks: readonly ConfigCheck[],
  config: Dotconfig,
  messages: Readonly<Record<string, string | undefined>> = {},
): CheckOutcome {
  const message = (key: string) => (messages[key] !== '' ? messages[key] : undefined);
  let hardErrors = 0;
  let softErrors = 0;
  const results = checks.map((check): CheckResult => {
    const value = config.entries.get(check.symbol)?.value ?? 'n';
    if (isPresent(config, check.symbol) !== check.negate) return { check, status: 'ok', value };
    const status: CheckStatus = check.negate ? 'unwanted' : 'missing';
    if (check.fatal) hardErrors++;
    else softErrors++;
    const error = message(`ERROR_${check.symbol}`) ?? message(`${check.symbol}_ERROR`);
    if (error !== undefined) return { check, status, value, report: 'eerror', message: error };
    const warning = check.fatal ? undefined : message(`WARNING_${check.symbol}`);
    if (warning !== undefined) return { check, status, value, report: 'ewarn', message: warning };
    const wording = status === 'missing' ? 'is not set when it should be.' : 'should not be set. But it is.';
    return { check, status, value, report: 'eerror', message: `CONFIG_${check.symbol}:\t ${wording}` };
  });
  return { results, hardErrors, softErrors };
}

/** check_extra_config's output, as portage prints it without colours (` * ` before every line). */
export function formatLinuxInfo(outcome: CheckOutcome): string {
  const out = [' * Checking for suitable kernel configuration options...'];
  for (const r of outcome.results) if (r.message !== undefined) out.push(` *   ${r.message}`);
  if (outcome.hardErrors > 0) {
    out.push(
      ' * Please check to make sure these options are set correctly.',
      ' * Failure to do so may cause unexpected problems.',
      ' * Once you have satisfied these options, please try merging',
      ' * this package again.',
      ' * ERROR: Incorrect kernel configuration options',
    );
  } else if (outcome.softErrors > 0) {
    out.push(
      ' * Please check to make sure these options are set correctly.',
      ' * Failure to do so may cause unexpected problems.',
    );
  }
  return `${out.join('\n')}\n`;
}

/** moby's contrib/check-config.sh wording: `CONFIG_X: enabled`, `enabled (as module)`, `missing`. */
export function formatMoby(outcome: CheckOutcome): string {
  const lines = outcome.results.map((r) => {
    const name = `CONFIG_${r.check.symbol}`;
    const value = r.value;
    const state = value === 'y' ? 'enabled' : value === 'm' ? 'enabled (as module)' : 'missing';
    // check-config.sh has no negated checks; a negated one reads as the state with what was wanted.
    if (r.check.negate) return `- ${name}: ${state}${r.status === 'ok' ? '' : ' (should not be)'}`;
    return `- ${name}: ${state}${r.status === 'ok' || r.check.fatal ? '' : ' (optional)'}`;
  });
  return `${lines.join('\n')}\n`;
}
