/**
 * Builds the symbol and menu model (model/types.ts) while the resolution stage walks the files in order.
 *
 * The walk hands over already-expanded entries; this module owns the kernel's structural rules:
 * - the first declared type of a symbol wins; a different later one is ignored with conf's warning
 *   ("ignoring type redefinition of 'X' from 'bool' to 'tristate'", menu.c);
 * - choice members are the `config` entries directly inside a choice block (through `if` blocks); a member
 *   without a type takes the choice's, and a choice without a type takes its first typed member's (menu.c);
 * - named choices (before 6.11) with the same name are one choice defined in several places.
 * Nodes are built mutable and handed out as readonly data once the tree is complete.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import type {
  Choice,
  ChoiceNode,
  Expr,
  KconfigModel,
  KSymbol,
  MenuNode,
  Property,
  RootNode,
  SymbolNode,
  SymbolType,
} from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

interface MutableSymbol extends Mutable<Omit<KSymbol, 'definitions'>> {
  definitions: SymbolNode[];
}
interface MutableChoice extends Mutable<Omit<Choice, 'definitions' | 'members'>> {
  definitions: ChoiceNode[];
  members: string[];
}
type ContainerNode = MenuNode & { children: MenuNode[] };

/** Symbol-level flags set by attributes (`modules`, `transitional`, the old `option ...` forms). */
export type SymbolFlag =
  | { readonly kind: 'modules' }
  | { readonly kind: 'transitional' }
  | { readonly kind: 'allnoconfig_y' }
  | { readonly kind: 'defconfig_list' }
  | { readonly kind: 'env'; readonly variable: string };

export interface ConfigDefinition {
  readonly keyword: 'config' | 'menuconfig';
  readonly name: string;
  readonly location: SourceLocation;
  readonly type?: { readonly type: SymbolType; readonly location: SourceLocation };
  readonly dependsOn?: Expr;
  readonly properties: readonly Property[];
  readonly help?: string;
  readonly flags: readonly SymbolFlag[];
}

export interface ChoiceDefinition {
  readonly name?: string;
  readonly location: SourceLocation;
  readonly type?: SymbolType;
  readonly dependsOn?: Expr;
  readonly properties: readonly Property[];
  readonly help?: string;
  readonly optional: boolean;
}

export class ModelBuilder {
  private readonly root: RootNode & { children: MenuNode[]; prompt: string };
  private readonly stack: ContainerNode[];
  private readonly symbols = new Map<string, MutableSymbol>();
  private readonly choices: MutableChoice[] = [];
  private readonly namedChoices = new Map<string, MutableChoice>();
  /** For each open container, the choice it belongs to (an `if` inside a choice still collects members). */
  private readonly choiceOfFrame: (MutableChoice | undefined)[] = [undefined];
  readonly diagnostics: Diagnostic[] = [];

  constructor(rootLocation: SourceLocation) {
    this.root = { kind: 'root', prompt: 'Main menu', location: rootLocation, children: [] };
    this.stack = [this.root];
  }

  /** `mainmenu "text"` sets the root prompt (conf: the prompt of rootmenu). */
  mainmenu(prompt: string): void {
    this.root.prompt = prompt;
  }

  config(def: ConfigDefinition): void {
    const node: SymbolNode & { children: MenuNode[] } = {
      kind: 'config',
      keyword: def.keyword,
      symbol: def.name,
      location: def.location,
      children: [],
      properties: def.properties,
      // Every key present (undefined when absent): one object shape for every config node.
      type: def.type?.type,
      dependsOn: def.dependsOn,
      help: def.help,
    };
    this.append(node);
    const sym = this.symbol(def.name);
    sym.definitions.push(node);
    if (def.type) this.setType(sym, def.type.type, def.type.location);
    for (const flag of def.flags) this.applyFlag(sym, flag);
    const choice = this.choiceOfFrame[this.choiceOfFrame.length - 1];
    if (choice) {
      if (!choice.members.includes(def.name)) choice.members.push(def.name);
      sym.choice = choice.index;
    }
  }

  comment(prompt: string, location: SourceLocation, dependsOn: Expr | undefined): void {
    this.append({ kind: 'comment', prompt, location, children: [], ...(dependsOn ? { dependsOn } : {}) });
  }

  beginMenu(prompt: string, location: SourceLocation, dependsOn: Expr | undefined, visibleIf: Expr | undefined): void {
    this.open(
      {
        kind: 'menu',
        prompt,
        location,
        children: [],
        ...(dependsOn ? { dependsOn } : {}),
        ...(visibleIf ? { visibleIf } : {}),
      },
      undefined,
    );
  }

  beginIf(condition: Expr, location: SourceLocation): void {
    // An `if` inside a choice keeps collecting that choice's members (parser.y: if_stmt_in_choice).
    this.open({ kind: 'if', location, dependsOn: condition, children: [] }, this.currentChoice());
  }

  beginChoice(def: ChoiceDefinition): void {
    let choice = def.name !== undefined ? this.namedChoices.get(def.name) : undefined;
    if (!choice) {
      choice = {
        index: this.choices.length,
        type: 'unknown',
        definitions: [],
        members: [],
        optional: false,
        ...(def.name !== undefined ? { name: def.name } : {}),
      };
      this.choices.push(choice);
      if (def.name !== undefined) this.namedChoices.set(def.name, choice);
    }
    if (def.optional) choice.optional = true;
    if (def.type && choice.type === 'unknown') choice.type = def.type;
    const node: ChoiceNode & { children: MenuNode[] } = {
      kind: 'choice',
      choice: choice.index,
      location: def.location,
      children: [],
      properties: def.properties,
      ...(def.type ? { type: def.type } : {}),
      ...(def.dependsOn ? { dependsOn: def.dependsOn } : {}),
      ...(def.help !== undefined ? { help: def.help } : {}),
    };
    choice.definitions.push(node);
    this.open(node, choice);
  }

  /** Closes the innermost menu, if or choice block (the parser has already matched the end keyword). */
  end(): void {
    if (this.stack.length > 1) {
      this.stack.pop();
      this.choiceOfFrame.pop();
    }
  }

  finish(files: readonly string[], environment: ReadonlyMap<string, string | undefined>): KconfigModel {
    this.settleChoiceTypes();
    return {
      root: this.root,
      symbols: this.symbols as ReadonlyMap<string, KSymbol>,
      choices: this.choices,
      files,
      environment,
    };
  }

  private currentChoice(): MutableChoice | undefined {
    return this.choiceOfFrame[this.choiceOfFrame.length - 1];
  }

  private append(node: MenuNode): void {
    const parent = this.stack[this.stack.length - 1] as ContainerNode;
    parent.children.push(node);
  }

  private open(node: ContainerNode, choice: MutableChoice | undefined): void {
    this.append(node);
    this.stack.push(node);
    this.choiceOfFrame.push(choice);
  }

  private symbol(name: string): MutableSymbol {
    let sym = this.symbols.get(name);
    if (!sym) {
      sym = {
        name,
        type: 'unknown',
        definitions: [],
        isModules: false,
        transitional: false,
        allnoconfigY: false,
        defconfigList: false,
      };
      this.symbols.set(name, sym);
    }
    return sym;
  }

  private setType(sym: MutableSymbol, type: SymbolType, location: SourceLocation): void {
    if (sym.type === 'unknown') {
      sym.type = type;
    } else if (sym.type !== type) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'type-redefined',
        message: `ignoring type redefinition of '${sym.name}' from '${sym.type}' to '${type}'`,
        location,
      });
    }
  }

  private applyFlag(sym: MutableSymbol, flag: SymbolFlag): void {
    switch (flag.kind) {
      case 'modules':
        sym.isModules = true;
        break;
      case 'transitional':
        sym.transitional = true;
        break;
      case 'allnoconfig_y':
        sym.allnoconfigY = true;
        break;
      case 'defconfig_list':
        sym.defconfigList = true;
        break;
      case 'env':
        sym.env = flag.variable;
        break;
    }
  }

  /**
   * menu.c: a choice without a type takes the type of its first member that has one, and members
   * without a type take the choice's.
   */
  private settleChoiceTypes(): void {
    for (const choice of this.choices) {
      if (choice.type === 'unknown') {
        const typed = choice.members.map((m) => this.symbols.get(m)?.type).find((t) => t && t !== 'unknown');
        if (typed) choice.type = typed;
      }
      for (const member of choice.members) {
        const sym = this.symbols.get(member);
        if (sym && sym.type === 'unknown') sym.type = choice.type;
      }
    }
  }
}
