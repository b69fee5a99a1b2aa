/**
 * deriveRequirements: the user settings that make every fatal check of a CONFIG_CHECK list hold together
 * (`FOO` enabled, `!BAR` not set; `~` checks are only warnings and are left alone), with the same search and
 * verification as enableWith. A check no settings can satisfy is reported with its reason, and the others are
 * still derived; each setting says which checks need it, so a fragment can carry that as a comment.
 */
import type { Evaluation } from '../eval/evaluation.js';
import { type ConfigCheck, type ConfigCheckProblem, parseConfigCheck } from '../requirements/config-check.js';
import { type Assignment, type Goal, goalHolds, searchSettings, withAssignments } from './search.js';

export interface RequiredSetting extends Assignment {
  /** The CONFIG_CHECK words that fail without this setting. */
  readonly neededBy: readonly string[];
}

export interface UnmetCheck {
  readonly check: ConfigCheck;
  readonly reason: string;
}

export interface RequirementsResult {
  /** The fatal checks derived for, in order. */
  readonly checks: readonly ConfigCheck[];
  /** The settings, in .config order; empty when every check already holds. */
  readonly assignments: readonly RequiredSetting[];
  /** Fatal checks no settings satisfy (alone, or together with the others), with the reason. */
  readonly unmet: readonly UnmetCheck[];
  /** Words that are not CONFIG_CHECK words. */
  readonly problems: readonly ConfigCheckProblem[];
  /** The evaluation, with the assignments applied, satisfies every check not listed in `unmet`. */
  readonly verified: boolean;
}

export function deriveRequirements(ev: Evaluation, checks: string | readonly ConfigCheck[]): RequirementsResult {
  const parsed = typeof checks === 'string' ? parseConfigCheck(checks) : { checks, problems: [] };
  const fatal = parsed.checks.filter((c) => c.fatal);
  const unmet: UnmetCheck[] = [];
  const goals = new Map<ConfigCheck, Goal>();
  for (const check of fatal) {
    const sym = ev.deps.symbol(check.symbol);
    // A name the tree does not define is never set: `!FOO` holds, `FOO` cannot.
    if (!sym || (sym.type !== 'bool' && sym.type !== 'tristate')) {
      if (!check.negate) {
        const why = sym
          ? `CONFIG_${check.symbol} is a ${sym.type} symbol`
          : `CONFIG_${check.symbol} is not defined in this tree`;
        unmet.push({ check, reason: why });
      }
      continue;
    }
    goals.set(check, { symbol: check.symbol, want: check.negate ? 'n' : 'm' });
  }

  // Checks that fail on their own are reported with their own reason and left out of the joint search.
  let jointChecks = [...goals.keys()];
  for (const check of jointChecks) {
    const goal = goals.get(check) as Goal;
    if (goalHolds(ev, goal)) continue;
    const alone = searchSettings(ev, [goal]);
    if (alone.status === 'impossible' || alone.status === 'gave-up') unmet.push({ check, reason: alone.reason });
  }
  jointChecks = jointChecks.filter((c) => !unmet.some((u) => u.check === c));
  const jointGoals = jointChecks.map((c) => goals.get(c) as Goal);
  const found = searchSettings(ev, jointGoals);
  if (found.status !== 'found') {
    for (const check of jointChecks) {
      if (!goalHolds(ev, goals.get(check) as Goal)) unmet.push({ check, reason: found.reason });
    }
    return { checks: fatal, assignments: [], unmet: ordered(fatal, unmet), problems: parsed.problems, verified: false };
  }
  const assignments = found.assignments.map((a) => {
    const without = found.assignments.filter((b) => b !== a);
    const neededBy = withAssignments(ev, without, () =>
      jointChecks.filter((c) => !goalHolds(ev, goals.get(c) as Goal)).map((c) => c.word),
    );
    return { ...a, neededBy: neededBy.length > 0 ? neededBy : jointChecks.map((c) => c.word) };
  });
  return {
    checks: fatal,
    assignments,
    unmet: ordered(fatal, unmet),
    problems: parsed.problems,
    verified: true,
  };
}

function ordered(checks: readonly ConfigCheck[], unmet: readonly UnmetCheck[]): UnmetCheck[] {
  return [...unmet].sort((a, b) => checks.indexOf(a.check) - checks.indexOf(b.check));
}
