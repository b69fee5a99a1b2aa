/**
 * Starts, before a load runs any of them, the `$(shell,...)` commands it will run, so that they run in
 * parallel while it parses (conf runs them one after the other; on a kernel tree they take about as long as
 * everything else). A quick walk of the tree does it: it follows `source` lines, runs variable assignments and
 * expands every word holding a `$`, in file order, with a shell that starts each command and answers it with a
 * placeholder standing for its output.
 *
 * Expansion never rescans a value, so a placeholder travels unchanged into whatever text is built from it, and
 * putting the output in its place later gives exactly the text conf builds. The walk does so, waiting for the
 * output, wherever a value decides something: a command to start (`set -- $(cc-info) && echo $1`), a name to
 * look up, a `source` path. So the runs started are exactly the commands the real walk will run, with the
 * same text, in the same order, with one exception: where conf would stop at an `$(error-if,...)` whose
 * condition comes from a command, the commands after it may already have run (our loader, unlike conf, goes
 * on after such an error anyway).
 */
import type * as ast from '../ast/nodes.js';
import type { PendingRun, Prefetch, ShellRunner } from '../macro/api.js';
import { shellOutputValue } from '../macro/builtins.js';
import { MacroProcessor } from '../macro/expander.js';
import type { SourceFiles } from './files.js';

/** `\u0001<n>\u0001` stands for the output of the n-th command started; \u0001 is in no real command or Kconfig text. */
const PLACEHOLDER = /\u0001(\d+)\u0001/g;
const MARK = '\u0001';

export function startShellCommands(
  files: SourceFiles,
  top: string,
  env: Readonly<Record<string, string | undefined>>,
  prefetch: Prefetch,
): void {
  const outputs: PendingRun[] = [];
  const output = (n: number): string => {
    const run = outputs[n];
    if (run === undefined) return '';
    // The walk cannot go on without this output: have it run before the runs queued ahead of it (a probe
    // built from another's output, such as the gcc plugin check, would otherwise wait behind every compiler
    // probe started so far), and rather than sit idle meanwhile, parse the files the walk is going to need.
    if (!run.ready()) run.hurry?.();
    while (!run.ready() && files.parseAhead());
    const result = run.result();
    // An output that could not be had leaves the text empty; the real walk then reports the failure.
    return result.error !== undefined ? '' : shellOutputValue(result.stdout);
  };
  const resolve = (text: string): string =>
    text.includes(MARK) ? text.replace(PLACEHOLDER, (_, n: string) => output(Number(n))) : text;
  const shell: ShellRunner = (command) => {
    const index = outputs.push(prefetch.start(resolve(command))) - 1;
    return { stdout: `${MARK}${index}${MARK}`, exitCode: 0 };
  };
  new CommandWalk(files, new MacroProcessor({ env, shell, resolve }), resolve).file(top, []);
}

class CommandWalk {
  constructor(
    private readonly files: SourceFiles,
    private readonly macros: MacroProcessor,
    private readonly resolve: (text: string) => string,
  ) {}

  file(name: string, chain: readonly string[]): void {
    // A recursive inclusion is the real walk's to report; here it must only not loop.
    if (chain.includes(name)) return;
    const opened = this.files.open(name, true);
    if (opened.path !== undefined) this.entries(opened.parsed.ast.entries, [...chain, name]);
  }

  private entries(entries: readonly ast.Entry[], chain: readonly string[]): void {
    for (const entry of entries) {
      switch (entry.kind) {
        case 'assignment':
          this.macros.assign(entry.name.raw, entry.op, entry.value, entry.location);
          break;
        case 'source': {
          const path = this.resolve(this.word(entry.path));
          const current = chain[chain.length - 1] ?? '';
          for (const name of this.files.sourceNames(entry.keyword, path, current).names) this.file(name, chain);
          break;
        }
        case 'mainmenu':
          this.word(entry.prompt);
          break;
        case 'macro-call':
          for (const word of entry.words) this.word(word);
          break;
        case 'config':
          this.attributes(entry.attributes);
          this.word(entry.name);
          break;
        case 'choice':
          this.attributes(entry.attributes);
          if (entry.name) this.word(entry.name);
          this.entries(entry.entries, chain);
          break;
        case 'comment':
          this.word(entry.prompt);
          this.attributes(entry.attributes);
          break;
        case 'menu':
          this.word(entry.prompt);
          this.attributes(entry.attributes);
          this.entries(entry.entries, chain);
          break;
        case 'if':
          this.expr(entry.condition);
          this.entries(entry.entries, chain);
          break;
      }
    }
  }

  /**
   * Every word of the attributes, roughly in the order the loader expands them: the order of independent
   * commands changes only when each starts.
   */
  private attributes(attributes: readonly ast.Attribute[]): void {
    for (const attr of attributes) {
      if ('condition' in attr && attr.condition) this.expr(attr.condition);
      switch (attr.kind) {
        case 'type':
          if (attr.prompt) this.word(attr.prompt);
          break;
        case 'prompt':
          this.word(attr.text);
          break;
        case 'def-type':
        case 'default':
          this.expr(attr.value);
          break;
        case 'depends':
          this.expr(attr.expr);
          break;
        case 'select':
        case 'imply':
          this.word(attr.target);
          break;
        case 'range':
          this.word(attr.low.word);
          this.word(attr.high.word);
          break;
        case 'option':
          if (attr.value) this.word(attr.value);
          break;
        default:
          break;
      }
    }
  }

  private expr(e: ast.Expr): void {
    switch (e.kind) {
      case 'symbol':
        this.word(e.word);
        break;
      case 'not':
        this.expr(e.operand);
        break;
      case 'compare':
        this.word(e.left.word);
        this.word(e.right.word);
        break;
      case 'and':
      case 'or':
        this.expr(e.left);
        this.expr(e.right);
        break;
    }
  }

  private word(word: ast.Word): string {
    if (!word.raw.includes('$')) return word.raw;
    const result =
      word.quote === undefined
        ? this.macros.expandWord(word.raw, word.location)
        : this.macros.expandString(word.raw, word.location);
    return result.value;
  }
}
