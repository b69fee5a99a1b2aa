/**
 * Where conf's questions get their answers (oldconfig, oldaskconfig, syncconfig). conf reads standard input
 * line by line with fgets; at end of input it keeps the default answer and says so on stderr. When standard
 * input or output is not a terminal it echoes each answer it read, so a piped run's stdout reads like a
 * session. Sources here: stdin, a text (lines), and a script of `SYMBOL=answer` for tools.
 */
import { readSync } from 'node:fs';

/** What conf is asking, for sources that answer by symbol. */
export interface Question {
  /** The symbol asked about (a bool/tristate/int/hex/string), or undefined for a choice. */
  readonly symbol?: string;
  /** For a choice: its visible members, numbered from 1 in this order. */
  readonly members?: readonly string[];
}

export interface AnswerSource {
  /** The next line as fgets returns it (its newline included when it has one); undefined at end of input. */
  next(question: Question): string | undefined;
  /** conf's tty_stdio: stdin and stdout are terminals, so answers are not echoed. */
  readonly terminal: boolean;
}

/** Answers from a text, line by line, as conf reads a pipe. */
export function textAnswers(text: string): AnswerSource {
  let offset = 0;
  return {
    terminal: false,
    next() {
      if (offset >= text.length) return undefined;
      const end = text.indexOf('\n', offset);
      const line = end < 0 ? text.slice(offset) : text.slice(offset, end + 1);
      offset += line.length;
      return line;
    },
  };
}

/** Answers read from a file descriptor (default: stdin) one line at a time, blocking like fgets. */
export function streamAnswers(fd = 0, terminal = false): AnswerSource {
  let buffered = '';
  let ended = false;
  const chunk = Buffer.alloc(4096);
  return {
    terminal,
    next() {
      while (!ended && !buffered.includes('\n')) {
        let n: number;
        try {
          n = readSync(fd, chunk, 0, chunk.length, null);
        } catch (e) {
          // A non-blocking stdin has no data yet: wait for it, as fgets would.
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
          n = 0;
        }
        if (n === 0) ended = true;
        else buffered += chunk.toString('latin1', 0, n);
      }
      if (buffered === '') return undefined;
      const end = buffered.indexOf('\n');
      const line = end < 0 ? buffered : buffered.slice(0, end + 1);
      buffered = buffered.slice(line.length);
      return line;
    },
  };
}

/**
 * Answers by symbol, for tools: `answers` maps a symbol to what a user would type (`y`, `m`, `n`, a number,
 * a string). A choice is answered by the member set to `y` (its number is typed). Anything else takes the
 * default (an empty line). conf asks again after an answer it refuses: the second time the default is
 * taken, and after that input ends, so a bad script never makes the run wait or loop.
 */
export function scriptedAnswers(answers: ReadonlyMap<string, string> | Readonly<Record<string, string>>): AnswerSource {
  const map = answers instanceof Map ? answers : new Map(Object.entries(answers));
  const asked = new Map<string, number>();
  return {
    terminal: false,
    next(question) {
      const key = question.members ? `\u0000${question.members.join(',')}` : (question.symbol ?? '');
      const times = (asked.get(key) ?? 0) + 1;
      asked.set(key, times);
      if (times === 2) return '\n';
      if (times > 2) return undefined;
      if (question.members) {
        const at = question.members.findIndex((m) => map.get(m) === 'y');
        return at < 0 ? '\n' : `${at + 1}\n`;
      }
      const answer = question.symbol !== undefined ? map.get(question.symbol) : undefined;
      return `${answer ?? ''}\n`;
    },
  };
}

/** `SYMBOL=answer` lines (a `CONFIG_` prefix and quotes around strings are accepted); `#` lines are comments. */
export function parseAnswerScript(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).replace(/^CONFIG_/, '');
    let value = line.slice(eq + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    map.set(name, value);
  }
  return map;
}
