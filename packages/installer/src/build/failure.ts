/**
 * Finds which target a failed make run broke on. make reports errors innermost first:
 *   make[4]: *** [scripts/Makefile.build:229: fs/ext4/inode.o] Error 1
 *   make[3]: *** [scripts/Makefile.build:478: fs/ext4] Error 2
 * so the first `***` line names the object that failed; `No rule to make target` names a missing input.
 */

export interface FailedTarget {
  readonly target: string;
  /** The make rule's location, e.g. scripts/Makefile.build:229. */
  readonly rule?: string;
}

const RULE_ERROR = /\*\*\* \[(?:(.+?:\d+): )?(.+?)\] (?:Error \d+|Segmentation fault|Killed|Terminated)/;
const NO_RULE = /\*\*\* No rule to make target '(.+?)'/;

export function failedTarget(lines: readonly string[]): FailedTarget | undefined {
  for (const line of lines) {
    const noRule = NO_RULE.exec(line);
    if (noRule?.[1]) return { target: noRule[1] };
    const rule = RULE_ERROR.exec(line);
    if (rule?.[2]) return { target: rule[2], ...(rule[1] === undefined ? {} : { rule: rule[1] }) };
  }
  return undefined;
}
