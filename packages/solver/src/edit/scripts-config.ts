/**
 * The kernel's scripts/config: its command-line operations and its line edits of a .config, reproduced.
 *
 * scripts/config works on text, line by line (sed and grep), and keeps the file's layout:
 * - setting a symbol rewrites every `CONFIG_X=...` line and every `# CONFIG_X is not set` line in place (only
 *   that prefix of a "not set" line is replaced); a symbol the file does not mention is appended at the end;
 * - `--enable-after A X` (and -D, -M) inserts the new line after every line of A instead, when A is in the
 *   file, leaving any other line of X where it is (conf then reads the last one);
 * - `--undefine X` deletes X's lines; `--state X` prints n (a "not set" line anywhere), the value of X's
 *   `CONFIG_X=` lines without quotes, or `undef`.
 * Symbol arguments lose a leading `CONFIG_` and are upper-cased unless `--keep-case`/`-k` came before them.
 * Where scripts/config mangles a value (sed reads `&` and `\` in it, echo doubles the escaping of an
 * appended string), the line is written as conf writes it instead.
 */
import { escapeString } from '../config/write.js';

export type SetOperation =
  /** -e, -d, -m; with `after`: -E, -D, -M (the line goes after the lines of `after`). */
  | { readonly op: 'enable' | 'disable' | 'module'; readonly symbol: string; readonly after?: string }
  | { readonly op: 'set-str' | 'set-val'; readonly symbol: string; readonly value: string }
  | { readonly op: 'undefine'; readonly symbol: string }
  | { readonly op: 'state'; readonly symbol: string }
  /** `yes "" | make oldconfig`: every symbol the file does not set gets its default. */
  | { readonly op: 'refresh' };

export interface ParsedSetArguments {
  readonly operations: readonly SetOperation[];
  /** `--file`, when given (default .config). */
  readonly file?: string;
  /** What scripts/config would answer with its usage text: a missing argument, an unknown command. */
  readonly problems: readonly string[];
}

/** scripts/config's command line: `--file` anywhere, then commands in order. */
export function parseSetArguments(argv: readonly string[], prefix = 'CONFIG_'): ParsedSetArguments {
  const problems: string[] = [];
  const operations: SetOperation[] = [];
  let file: string | undefined;
  const commands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--file') {
      const next = argv[i + 1];
      if (next === undefined || next === '') problems.push('--file needs a file name');
      else file = next;
      i++;
    } else commands.push(argv[i] as string);
  }
  if (commands.length === 0) problems.push('no command given');
  let munge = true;
  let at = 0;
  /** checkarg: the symbol without the prefix, upper-cased unless --keep-case was given. */
  const symbolArgument = (command: string): string | undefined => {
    const arg = commands[at++];
    if (arg === undefined || arg === '') {
      problems.push(`${command} needs a symbol`);
      return undefined;
    }
    const bare = arg.startsWith(prefix) ? arg.slice(prefix.length) : arg;
    return munge ? bare.toUpperCase() : bare;
  };
  while (at < commands.length && problems.length === 0) {
    const command = commands[at++] as string;
    switch (command) {
      case '--keep-case':
      case '-k':
        munge = false;
        break;
      case '--refresh':
        operations.push({ op: 'refresh' });
        break;
      case '--enable':
      case '-e':
      case '--disable':
      case '-d':
      case '--module':
      case '-m':
      case '--undefine':
      case '-u':
      case '--state':
      case '-s': {
        const symbol = symbolArgument(command);
        if (symbol !== undefined) operations.push({ op: SIMPLE[command] as SimpleOp, symbol });
        break;
      }
      case '--enable-after':
      case '-E':
      case '--disable-after':
      case '-D':
      case '--module-after':
      case '-M': {
        const after = symbolArgument(command);
        const symbol = symbolArgument(command);
        if (after !== undefined && symbol !== undefined)
          operations.push({ op: AFTER[command] as 'enable' | 'disable' | 'module', symbol, after });
        break;
      }
      case '--set-str':
      case '--set-val': {
        const symbol = symbolArgument(command);
        const value = commands[at++];
        if (symbol === undefined) break;
        if (value === undefined) problems.push(`${command} needs a symbol and a value`);
        else operations.push({ op: command === '--set-str' ? 'set-str' : 'set-val', symbol, value });
        break;
      }
      default:
        problems.push(`bad command: ${command}`);
    }
  }
  return { operations, ...(file !== undefined ? { file } : {}), problems };
}

type SimpleOp = 'enable' | 'disable' | 'module' | 'undefine' | 'state';
const SIMPLE: Readonly<Record<string, SimpleOp>> = {
  '--enable': 'enable',
  '-e': 'enable',
  '--disable': 'disable',
  '-d': 'disable',
  '--module': 'module',
  '-m': 'module',
  '--undefine': 'undefine',
  '-u': 'undefine',
  '--state': 'state',
  '-s': 'state',
};
const AFTER: Readonly<Record<string, 'enable' | 'disable' | 'module'>> = {
  '--enable-after': 'enable',
  '-E': 'enable',
  '--disable-after': 'disable',
  '-D': 'disable',
  '--module-after': 'module',
  '-M': 'module',
};

/** The line an operation writes for its symbol (set_var's `new`). */
export function operationLine(
  op: Extract<SetOperation, { op: 'enable' | 'disable' | 'module' | 'set-str' | 'set-val' }>,
  prefix = 'CONFIG_',
): string {
  const name = `${prefix}${op.symbol}`;
  switch (op.op) {
    case 'enable':
      return `${name}=y`;
    case 'module':
      return `${name}=m`;
    case 'disable':
      return `# ${name} is not set`;
    case 'set-str':
      return `${name}=${escapeString(op.value)}`;
    case 'set-val':
      return `${name}=${op.value}`;
  }
}

/** A .config as lines, edited as scripts/config edits it. */
export class ConfigText {
  private lines: string[];

  constructor(text: string) {
    this.lines = text.split('\n');
    if (this.lines[this.lines.length - 1] === '') this.lines.pop();
  }

  /** Takes a whole new text (after --refresh). */
  replace(text: string): void {
    this.lines = new ConfigText(text).lines;
  }

  get text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  /** set_var: replace the symbol's lines, or insert after `before`'s lines, or append. */
  set(name: string, line: string, before?: string): void {
    const has = (n: string) => this.lines.some((l) => l.startsWith(`${n}=`) || l.startsWith(`# ${n} is not set`));
    if (before !== undefined && has(before)) {
      this.insertAfter(`${before}=`, line);
      this.insertAfter(`# ${before} is not set`, line);
    } else if (has(name)) {
      const unset = `# ${name} is not set`;
      this.lines = this.lines.map((l) => (l.startsWith(`${name}=`) ? line : l));
      this.lines = this.lines.map((l) => (l.startsWith(unset) ? line + l.slice(unset.length) : l));
    } else this.lines.push(line);
  }

  /** undef_var: delete the symbol's lines. */
  undefine(name: string): void {
    this.lines = this.lines.filter((l) => !l.startsWith(`${name}=`) && !l.startsWith(`# ${name} is not set`));
  }

  /** --state: n, the value without its quotes, or undef. */
  state(name: string): string {
    if (this.lines.some((l) => l.includes(`# ${name} is not set`))) return 'n';
    const set = this.lines.filter((l) => l.startsWith(`${name}=`));
    if (set.length === 0) return 'undef';
    // Several lines come out together, as grep prints them; only the first loses its name.
    let value = set.join('\n').slice(name.length + 1);
    if (value.startsWith('"')) value = value.slice(1);
    if (value.endsWith('"')) value = value.slice(0, -1);
    return value.replaceAll('\\"', '"');
  }

  /** The 1-based line of the last assignment of `name` (conf keeps the last one it reads). */
  lastAssignment(name: string): number | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i] as string;
      if (l.startsWith(`${name}=`) || l === `# ${name} is not set`) return i + 1;
    }
    return undefined;
  }

  private insertAfter(prefix: string, line: string): void {
    this.lines = this.lines.flatMap((l) => (l.startsWith(prefix) ? [l, line] : [l]));
  }
}
