/**
 * Nests parsed lines into the file's block structure with an explicit stack (never recursion, so 20,000
 * nested `if`s are fine), attaches attributes to the entry they follow, and checks what parser.y checks
 * about placement: which attributes each entry accepts, which statements a choice accepts, and that every
 * `endmenu`/`endchoice`/`endif` closes the block it names.
 *
 * Attribute lists are open only right after an entry's header: in parser.y an entry is its header followed by
 * its option list, so the first other statement ends it.
 */
import type {
  Attribute,
  ChoiceEntry,
  CommentEntry,
  ConfigEntry,
  Entry,
  MacroCallEntry,
  MenuEntry,
  Word,
} from '../ast/nodes.js';
import type { Diagnostic, DiagnosticCode, DiagnosticNote, SourceLocation } from '../diagnostics.js';
import { type BlockKind, END_KEYWORDS, type Line } from './lines.js';

type EntryKind = 'config' | 'menuconfig' | 'choice' | 'menu' | 'comment';

/** parser.y's config_option_list (`option` from the 4.x grammar, `transitional` from 6.18). */
const CONFIG_ATTRIBUTES: ReadonlySet<Attribute['kind']> = new Set([
  'type',
  'def-type',
  'prompt',
  'default',
  'depends',
  'select',
  'imply',
  'range',
  'help',
  'modules',
  'transitional',
  'option',
]);

/** What each entry accepts: config_option_list, choice_option_list, menu_option_list, comment_option_list. */
const ACCEPTED: Readonly<Record<EntryKind, ReadonlySet<Attribute['kind']>>> = {
  config: CONFIG_ATTRIBUTES,
  menuconfig: CONFIG_ATTRIBUTES,
  choice: new Set(['prompt', 'type', 'default', 'depends', 'optional', 'help']),
  menu: new Set(['depends', 'visible']),
  comment: new Set(['depends']),
};

/** The `option` names conf ever knew (scripts/kconfig/zconf.gperf before 5.13), and whether they take a value. */
const OPTION_NAMES: Readonly<Record<string, boolean>> = {
  env: true,
  defconfig_list: false,
  modules: false,
  allnoconfig_y: false,
};

interface Block {
  readonly kind: BlockKind | 'file';
  /** Where this block's children go; a block whose header failed to parse shares its parent's list. */
  readonly entries: Entry[];
  readonly location?: SourceLocation;
}

interface OpenEntry {
  readonly kind: EntryKind;
  readonly attributes: Attribute[];
  /** How conf names the entry in warnings: the symbol name, `<choice>`, or the prompt. */
  readonly label: string;
  help?: SourceLocation;
}

/** What follows a header that failed to parse: its attributes are read but dropped without further noise. */
const DISCARD = 'discard';

function article(kind: BlockKind): string {
  return kind === 'if' ? 'an' : 'a';
}

export class BlockBuilder {
  private readonly root: Entry[] = [];
  private readonly stack: Block[] = [{ kind: 'file', entries: this.root }];
  private current: OpenEntry | typeof DISCARD | undefined;
  /** Open `choice` blocks: what a choice may contain is restricted all the way down through its `if`s. */
  private choiceDepth = 0;
  private statements = 0;

  constructor(
    private readonly file: string,
    private readonly report: (diagnostic: Diagnostic) => void,
  ) {}

  private get top(): Block {
    // The file block is never popped, so the stack is never empty.
    return this.stack[this.stack.length - 1] as Block;
  }

  private error(code: DiagnosticCode, message: string, location: SourceLocation, notes?: DiagnosticNote[]): void {
    this.report({ severity: 'error', code, message, location, ...(notes ? { notes } : {}) });
  }

  private warning(code: DiagnosticCode, message: string, location: SourceLocation): void {
    this.report({ severity: 'warning', code, message, location });
  }

  private where(location: SourceLocation | undefined): string {
    return location ? `${location.file}:${location.line}` : this.file;
  }

  add(line: Line): void {
    switch (line.kind) {
      case 'attribute':
        this.addAttribute(line.attribute, line.keyword);
        return;
      case 'words':
        this.addWords(line.words);
        return;
      case 'nothing':
        return;
      case 'end':
        this.statement();
        this.close(line.block, line.location);
        return;
      default:
        break;
    }
    this.statement();
    switch (line.kind) {
      case 'config': {
        const attributes: Attribute[] = [];
        const entry: ConfigEntry = {
          kind: 'config',
          keyword: line.keyword,
          name: line.name,
          attributes,
          location: line.location,
        };
        this.top.entries.push(entry);
        this.current = { kind: line.keyword, attributes, label: line.name.raw };
        return;
      }
      case 'comment': {
        const attributes: Attribute[] = [];
        const entry: CommentEntry = { kind: 'comment', prompt: line.prompt, attributes, location: line.location };
        this.top.entries.push(entry);
        this.current = { kind: 'comment', attributes, label: line.prompt.raw };
        return;
      }
      case 'menu': {
        this.rejectInChoice('menu', line.location);
        const attributes: Attribute[] = [];
        const entries: Entry[] = [];
        const entry: MenuEntry = { kind: 'menu', prompt: line.prompt, attributes, entries, location: line.location };
        this.top.entries.push(entry);
        this.stack.push({ kind: 'menu', entries, location: line.location });
        this.current = { kind: 'menu', attributes, label: line.prompt.raw };
        return;
      }
      case 'choice': {
        this.rejectInChoice('choice', line.location);
        const attributes: Attribute[] = [];
        const entries: Entry[] = [];
        const entry: ChoiceEntry = {
          kind: 'choice',
          ...(line.name ? { name: line.name } : {}),
          attributes,
          entries,
          location: line.location,
        };
        this.top.entries.push(entry);
        this.stack.push({ kind: 'choice', entries, location: line.location });
        this.choiceDepth++;
        this.current = { kind: 'choice', attributes, label: line.name?.raw ?? '<choice>' };
        return;
      }
      case 'if': {
        const entries: Entry[] = [];
        this.top.entries.push({ kind: 'if', condition: line.condition, entries, location: line.location });
        this.stack.push({ kind: 'if', entries, location: line.location });
        return;
      }
      case 'leaf': {
        const entry = line.entry;
        if (entry.kind === 'mainmenu' && this.statements > 1) {
          // parser.y: `input: mainmenu_stmt stmt_list | stmt_list`.
          this.error('syntax-error', "'mainmenu' must be the first statement of the file", entry.location);
          return;
        }
        if (entry.kind === 'mainmenu') this.rejectInChoice('mainmenu', entry.location);
        this.top.entries.push(entry);
        return;
      }
    }
  }

  /** A header line that did not parse: keep the block structure so that its end still matches. */
  failed(opener: BlockKind | EntryKind | undefined, location: SourceLocation): void {
    if (opener === undefined) return;
    this.statement();
    this.current = DISCARD;
    if (opener === 'menu' || opener === 'choice' || opener === 'if') {
      this.stack.push({ kind: opener, entries: this.top.entries, location });
      if (opener === 'choice') this.choiceDepth++;
      if (opener === 'if') this.current = undefined;
    }
  }

  /** Closes what is still open at the end of the file; returns the file's entries. */
  finish(end: SourceLocation): readonly Entry[] {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const block = this.stack[i] as Block;
      this.error(
        'unterminated-block',
        `unterminated '${block.kind}' block (opened at ${this.where(block.location)}): missing '${END_KEYWORDS[block.kind as BlockKind]}'`,
        end,
        block.location ? [{ message: `'${block.kind}' opened here`, location: block.location }] : undefined,
      );
    }
    this.stack.length = 1;
    return this.root;
  }

  /** Any statement ends the attribute list of the entry before it. */
  private statement(): void {
    this.statements++;
    this.current = undefined;
  }

  private rejectInChoice(what: string, location: SourceLocation): void {
    if (this.choiceDepth > 0) {
      // parser.y's stmt_list_in_choice: only config, comment and if (4.x also allowed menuconfig and source).
      this.error('syntax-error', `'${what}' is not allowed inside a 'choice' block`, location);
    }
  }

  private close(kind: BlockKind, location: SourceLocation): void {
    const keyword = END_KEYWORDS[kind];
    const top = this.top;
    if (top.kind === kind) {
      this.pop();
      return;
    }
    if (top.kind === 'file') {
      this.error('unexpected-end', `'${keyword}' without a matching '${kind}'`, location);
      return;
    }
    const opened = top.location ? [{ message: `'${top.kind}' opened here`, location: top.location }] : undefined;
    this.error(
      'mismatched-end',
      `'${keyword}' closes ${article(top.kind)} '${top.kind}' block opened at ${this.where(top.location)} (expected '${END_KEYWORDS[top.kind]}')`,
      location,
      opened,
    );
    // Recover like a reader would: close up to the nearest block of the named kind, if there is one;
    // otherwise the stray end is ignored.
    let match = this.stack.length - 1;
    while (match > 0 && this.stack[match]?.kind !== kind) match--;
    if (match === 0) return;
    while (this.stack.length > match) this.pop();
  }

  private pop(): void {
    const block = this.stack.pop();
    if (block?.kind === 'choice') this.choiceDepth--;
  }

  private addWords(words: readonly Word[]): void {
    const first = words[0];
    if (first === undefined) return;
    // A macro call line leaves the current entry open: conf drops the words that expand to nothing before
    // its parser sees them, so for conf that line is empty.
    const entry: MacroCallEntry = { kind: 'macro-call', words, location: first.location };
    this.top.entries.push(entry);
  }

  private addAttribute(attribute: Attribute, keyword: string): void {
    const current = this.current;
    if (current === DISCARD) return;
    if (current === undefined) {
      this.error(
        'attribute-misplaced',
        `'${keyword}' must follow a config, menuconfig, choice, menu or comment entry`,
        attribute.location,
      );
      return;
    }
    if (!ACCEPTED[current.kind].has(attribute.kind)) {
      this.error('attribute-misplaced', `'${keyword}' is not valid in a '${current.kind}' entry`, attribute.location);
      return;
    }
    if (!this.valid(current, attribute, keyword)) return;
    current.attributes.push(attribute);
  }

  /** The checks parser.y makes beyond placement. */
  private valid(entry: OpenEntry, attribute: Attribute, keyword: string): boolean {
    switch (attribute.kind) {
      case 'type':
        if (entry.kind === 'choice' && attribute.type !== 'bool' && attribute.type !== 'tristate') {
          this.error('invalid-attribute', `a choice is bool or tristate, not '${keyword}'`, attribute.location);
          return false;
        }
        return true;
      case 'default':
        // choice_option: T_DEFAULT nonconst_symbol if_expr.
        if (
          entry.kind === 'choice' &&
          (attribute.value.kind !== 'symbol' || attribute.value.word.quote !== undefined)
        ) {
          this.error(
            'invalid-attribute',
            "a choice's default must be the name of one of its symbols",
            attribute.location,
          );
          return false;
        }
        return true;
      case 'option': {
        const takesValue = OPTION_NAMES[attribute.name];
        if (takesValue === undefined) {
          this.warning('invalid-attribute', `ignoring unknown option '${attribute.name}'`, attribute.location);
          return false;
        }
        if (takesValue !== (attribute.value !== undefined)) {
          const message = takesValue
            ? `option '${attribute.name}' needs a value, as in option ${attribute.name}="NAME"`
            : `option '${attribute.name}' takes no value`;
          this.error('invalid-attribute', message, attribute.location);
          return false;
        }
        return true;
      }
      case 'help':
        if (entry.help) {
          this.warning(
            'duplicate-attribute',
            `'${entry.label}' defined with more than one help text -- only the last one will be used`,
            attribute.location,
          );
        }
        entry.help = attribute.location;
        if (attribute.text.trim() === '') {
          this.warning('invalid-help', `'${entry.label}' defined with blank help text`, attribute.location);
        }
        return true;
      default:
        return true;
    }
  }
}
