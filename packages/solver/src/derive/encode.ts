/**
 * Kconfig semantics as CNF, over the dependency cone of some symbols: every bool/tristate symbol their values
 * can depend on (through dependencies, prompts, defaults, selects, implies and choices), encoded as sym_calc_value
 * computes it, with the user values of prompted symbols left to the solver.
 *
 * A tristate value is two literals, `m` (value >= m) and `y` (value = y), with y -> m; `&&` is min, `||` is max and
 * `!` swaps and negates them (expr.h's algebra). A bool never holds m: m becomes y for bools, and for tristates
 * while MODULES is n (sym_calc_visibility, sym_calc_value). Per symbol, as sym_calc_value: a visible prompt and a
 * user value give min(user, visibility); else the first default whose condition holds, raised by implies within
 * dirDep; then raised by selects (revDep).
 *
 * Where the encoding approximates (a 6.12 choice picks any visible member, the caller then sets it; 6.1's choice
 * modes; int/hex/string values are constants unless a compare on a prompted one may flip, a witness value chosen
 * later), the caller verifies with the exact Evaluation. User values and choice picks are the solver's inputs
 * (branched on first, from the current config); symbol values and gates follow from them by propagation. With
 * `explain`, every fact no user setting can change (a symbol without prompt, a compare of fixed values, a name
 * the tree does not define, an n in a symbol's conditions) gets an override literal that frees it: the reason a
 * goal cannot hold is a set of facts to free.
 */
import { compareValues } from '../eval/compare.js';
import type { SymbolDeps } from '../eval/dependencies.js';
import type { Evaluation } from '../eval/evaluation.js';
import { type DepExpr, formatExpr, type Operand, referencedSymbols } from '../eval/expr.js';
import { mod, no, parseTristate, type Tristate, yes } from '../eval/tristate.js';
import { CnfBuilder } from '../sat/cnf.js';
import type { Lit } from '../sat/solver.js';

/** A tristate as two literals: `m` is value >= m, `y` is value = y (y implies m). */
export interface TriLits {
  readonly m: Lit;
  readonly y: Lit;
}

/** A prompted symbol whose user value the solver chooses. */
export interface UserChoice {
  readonly symbol: string;
  /** Whether the symbol has a user value after the change (always, if it had one before). */
  readonly has: Lit;
  readonly value: TriLits;
  /** True when the user value differs from the current one. */
  readonly changed: Lit;
}

/** A 6.12 choice in the cone: which member the solver picks. */
export interface ChoicePick {
  readonly choice: number;
  readonly members: readonly { readonly symbol: string; readonly picked: Lit }[];
  /** The member picked without a change (the current selection, else the first default); undefined: none. */
  readonly current: string | undefined;
  readonly changed: Lit;
}

/** A compare on a prompted int/hex/string symbol that the solver may flip by changing that symbol. */
export interface ValueLeaf {
  readonly symbol: string;
  readonly compare: Extract<DepExpr, { kind: 'compare' }>;
  readonly holds: Lit;
  readonly changed: Lit;
}

/** A fact the user cannot change, freed by its override literal when explaining. */
export interface FixedFact {
  readonly override: Lit;
  /** True in a model where the fact does not hold (its value differs from the fixed one). */
  readonly deviates: Lit;
  readonly kind: 'no-prompt' | 'undefined' | 'compare' | 'constant';
  /** The symbol (no-prompt, undefined), the compare as conf prints it, or `n` (constant). */
  readonly text: string;
  /** The symbols of the fact, for printing values. */
  readonly symbols: readonly string[];
  /** The cone symbol whose formula holds the fact (the symbol itself for `no-prompt`). */
  readonly owner: string;
}

export interface EncodeOptions {
  /** Give fixed facts override literals (for reasons); default false. */
  readonly explain?: boolean;
}

export class ConeEncoding {
  readonly cnf = new CnfBuilder();
  /** Every bool/tristate symbol of the cone, by name. */
  readonly values = new Map<string, TriLits>();
  readonly users = new Map<string, UserChoice>();
  readonly picks: ChoicePick[] = [];
  readonly leaves: ValueLeaf[] = [];
  readonly facts: FixedFact[] = [];
  /** Each cone symbol's distance from the roots (through the references that make the cone). */
  readonly distance = new Map<string, number>();

  private readonly explain: boolean;
  private readonly constants: { readonly n: TriLits; readonly m: TriLits; readonly y: TriLits };
  /** Leaves of fixed facts met in formulas: undefined names, and each symbol's n constants. */
  private readonly fixedLeaves = new Map<string, TriLits>();
  private readonly compareLeaves = new Map<string, TriLits>();
  private readonly legacyChoiceModes = new Map<number, TriLits>();
  private readonly exprs = new Map<DepExpr, TriLits>();
  private modules: TriLits;
  /** The symbol being defined, which a fixed fact met in its formula belongs to. */
  private owner = '';

  constructor(
    readonly ev: Evaluation,
    roots: readonly string[],
    options: EncodeOptions = {},
  ) {
    this.explain = options.explain ?? false;
    const t = this.cnf.true;
    const f = this.cnf.false;
    this.constants = { n: { m: f, y: f }, m: { m: t, y: f }, y: { m: t, y: t } };
    const cone = this.collectCone(roots);
    // Values first (every symbol gets its literals), then the formulas that define them.
    for (const name of cone) {
      const sym = ev.deps.symbol(name) as SymbolDeps;
      const m = this.cnf.fresh();
      const y = sym.type === 'bool' ? m : this.cnf.fresh();
      this.cnf.implies(y, m);
      this.values.set(name, { m, y });
      // Search from the current config: the first model then changes little.
      this.phaseTo({ m, y }, ev.tristate(name));
    }
    const modulesName = ev.deps.modulesSymbol;
    this.modules = this.constants.n;
    if (modulesName !== undefined) this.modules = this.values.get(modulesName) ?? this.fixedValue(modulesName);
    const choices = new Set<number>();
    for (const name of cone) {
      const sym = ev.deps.symbol(name) as SymbolDeps;
      if (sym.choice !== undefined) choices.add(sym.choice);
      else this.defineSymbol(sym);
    }
    for (const choice of choices) this.defineChoice(choice);
  }

  /** The literals of `e`'s value, as expr_calc_value computes it. */
  private expr(e: DepExpr | undefined, absent: TriLits = this.constants.y): TriLits {
    if (!e) return absent;
    // The dependency model shares subexpressions (a menu's dependency in every entry): encode each once.
    let known = this.exprs.get(e);
    if (!known) {
      known = this.encodeExpr(e);
      this.exprs.set(e, known);
    }
    return known;
  }

  private encodeExpr(e: DepExpr): TriLits {
    switch (e.kind) {
      case 'symbol':
        return this.symbolValue(e.name);
      case 'const':
        // An n in a condition is often what a $(success,...) or $(cc-option,...) test left when the tree was read.
        if (this.explain && e.value === 'n') return this.constantLeaf(this.owner);
        return this.constant(e.value);
      case 'choice':
        return this.legacyChoiceMode(e.choice);
      case 'not': {
        const a = this.expr(e.operand);
        return { m: -a.y, y: -a.m };
      }
      case 'and':
        return this.min(this.expr(e.left), this.expr(e.right));
      case 'or':
        return this.max(this.expr(e.left), this.expr(e.right));
      case 'compare':
        return this.compare(e);
    }
  }

  /** Every literal that counts one change: user values, choice picks, flipped compares (but those of `skip`). */
  changeLiterals(skip: ReadonlySet<string> = new Set()): Lit[] {
    return [
      ...[...this.users.values()].filter((u) => !skip.has(u.symbol)).map((u) => u.changed),
      ...this.picks.map((p) => p.changed),
      ...this.leaves.map((l) => l.changed),
    ];
  }

  /** Per cone symbol (but those of `skip`): true when its value differs from the current one. */
  valueChangeLiterals(skip: ReadonlySet<string> = new Set()): Lit[] {
    const out: Lit[] = [];
    for (const [name, value] of this.values) {
      if (skip.has(name)) continue;
      const now = this.ev.tristate(name);
      out.push(now === no ? value.m : now === yes ? -value.y : this.cnf.or2(-value.m, value.y));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The cone

  private collectCone(roots: readonly string[]): string[] {
    const deps = this.ev.deps;
    const isEncoded = (name: string) => {
      const type = deps.symbol(name)?.type;
      return type === 'bool' || type === 'tristate';
    };
    const order: string[] = [];
    const queue: string[] = [];
    const visit = (name: string, distance: number) => {
      if (this.distance.has(name) || !isEncoded(name)) return;
      this.distance.set(name, distance);
      order.push(name);
      queue.push(name);
    };
    for (const r of roots) visit(r, 0);
    // MODULES decides how every tristate behaves.
    if (deps.modulesSymbol !== undefined) visit(deps.modulesSymbol, 1);
    for (let i = 0; i < queue.length; i++) {
      const name = queue[i] as string;
      const sym = deps.symbol(name) as SymbolDeps;
      const refs = new Set<string>();
      for (const p of sym.prompts) referencedSymbols(p.visibility, refs);
      for (const d of sym.defaults) {
        referencedSymbols(d.value, refs);
        referencedSymbols(d.visibility, refs);
      }
      referencedSymbols(sym.dirDep, refs);
      referencedSymbols(sym.revDep, refs);
      referencedSymbols(sym.weakRevDep, refs);
      if (sym.choice !== undefined) {
        const choice = deps.choices[sym.choice];
        for (const m of choice?.members ?? []) refs.add(m);
        for (const p of choice?.prompts ?? []) referencedSymbols(p.visibility, refs);
        for (const d of choice?.defaults ?? []) referencedSymbols(d.visibility, refs);
      }
      const distance = (this.distance.get(name) as number) + 1;
      for (const r of refs) visit(r, distance);
    }
    return order;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Symbols

  private defineSymbol(sym: SymbolDeps): void {
    const cnf = this.cnf;
    this.owner = sym.name;
    const boolNow = sym.type === 'bool' ? cnf.true : -this.modules.m;
    const visible = this.boolify(this.anyPrompt(sym), boolNow);
    const dirDep = this.boolify(this.expr(sym.dirDep), boolNow);
    const revDep = this.boolify(this.expr(sym.revDep, this.constants.n), boolNow);
    const weakRevDep = this.boolify(this.expr(sym.weakRevDep, this.constants.n), boolNow);

    // The first default whose condition is not n, limited by that condition.
    let noneYet = cnf.true;
    let fromDefaults = this.constants.n;
    for (const d of sym.defaults) {
      const condition = this.expr(d.visibility);
      const active = cnf.and2(noneYet, condition.m);
      // A default's value is not a condition: `default n` stays n.
      const value = d.value.kind === 'const' ? this.constant(d.value.value) : this.expr(d.value);
      fromDefaults = this.max(fromDefaults, this.gate(active, this.min(value, condition)));
      noneYet = cnf.and2(noneYet, -condition.m);
    }
    // imply raises the default, within dirDep.
    let base = this.ite(weakRevDep.m, this.min(this.max(fromDefaults, weakRevDep), dirDep), fromDefaults);
    if (sym.prompts.length > 0) {
      const user = this.userChoice(sym);
      base = this.ite(cnf.and2(visible.m, user.has), this.min(user.value, visible), base);
    }
    const value = this.boolify(this.max(base, revDep), boolNow);
    this.define(sym.name, value, sym.prompts.length > 0 ? undefined : 'no-prompt');
  }

  private userChoice(sym: SymbolDeps): UserChoice {
    const cnf = this.cnf;
    const current = this.ev.userValue(sym.name);
    const m = cnf.input();
    const y = sym.type === 'bool' ? m : cnf.input();
    cnf.implies(y, m);
    let has: Lit;
    let changed: Lit;
    if (current !== undefined) {
      const tri = parseTristate(current) ?? no;
      this.phaseTo({ m, y }, tri);
      has = cnf.true;
      changed = -cnf.and([tri >= mod ? m : -m, tri === yes ? y : -y]);
    } else {
      has = cnf.input();
      changed = has;
      // Without a user value the value literals mean nothing: keep them n.
      cnf.implies(-has, -m);
    }
    const choice: UserChoice = { symbol: sym.name, has, value: { m, y }, changed };
    this.users.set(sym.name, choice);
    return choice;
  }

  /** A symbol's value literals equal `formula`, unless a fixed fact's override frees it. */
  private define(name: string, formula: TriLits, fixed: FixedFact['kind'] | undefined): void {
    const value = this.values.get(name) as TriLits;
    const guard = fixed && this.explain ? this.fact(fixed, name, [name], value, formula) : this.cnf.false;
    this.equalUnless(guard, value, formula);
  }

  /** `a = b` for both literals, unless `guard`. */
  private equalUnless(guard: Lit, a: TriLits, b: TriLits): void {
    for (const [x, z] of [
      [a.m, b.m],
      [a.y, b.y],
    ] as const) {
      this.cnf.clause([guard, -x, z]);
      this.cnf.clause([guard, x, -z]);
    }
  }

  /** 6.12: a visible choice has exactly one member y, which one is the solver's pick; 6.1 bool choices alike. */
  private defineChoice(index: number): void {
    const cnf = this.cnf;
    const deps = this.ev.deps.choices[index];
    if (!deps) return;
    this.owner = deps.members[0] ?? '';
    const members = deps.members.filter((m) => this.values.has(m));
    const picks = members.map((symbol) => {
      const sym = this.ev.deps.symbol(symbol) as SymbolDeps;
      const visible = this.boolify(this.anyPrompt(sym), cnf.true);
      const picked = cnf.input();
      cnf.implies(picked, visible.m);
      const value = this.values.get(symbol) as TriLits;
      cnf.equal(value.m, picked);
      cnf.equal(value.y, picked);
      return { symbol, picked, visible: visible.m };
    });
    for (let i = 0; i < picks.length; i++)
      for (let j = i + 1; j < picks.length; j++)
        cnf.clause([-(picks[i] as { picked: Lit }).picked, -(picks[j] as { picked: Lit }).picked]);
    const anyVisible = cnf.or(picks.map((p) => p.visible));
    cnf.implies(anyVisible, cnf.or(picks.map((p) => p.picked)));
    const current = this.ev.choiceSelection(index) ?? deps.defaults[0]?.target ?? deps.members[0];
    const kept = picks.find((p) => p.symbol === current)?.picked ?? cnf.false;
    this.picks.push({
      choice: index,
      members: picks.map(({ symbol, picked }) => ({ symbol, picked })),
      current,
      changed: cnf.and([anyVisible, -kept]),
    });
  }

  /** 6.1: the value of the choice symbol its members depend on: its visibility, or the solver's mode within it. */
  private legacyChoiceMode(index: number): TriLits {
    const known = this.legacyChoiceModes.get(index);
    if (known) return known;
    const deps = this.ev.deps.choices[index];
    let visible = this.constants.n;
    for (const p of deps?.prompts ?? []) visible = this.max(visible, this.expr(p.visibility));
    const boolNow = deps?.type === 'tristate' ? -this.modules.m : this.cnf.true;
    visible = this.boolify(visible, boolNow);
    let mode = visible;
    if (deps?.optional || deps?.type === 'tristate') {
      const m = this.cnf.input();
      const y = this.cnf.input();
      this.cnf.implies(y, m);
      mode = this.min({ m, y }, visible);
    }
    this.legacyChoiceModes.set(index, mode);
    return mode;
  }

  private anyPrompt(sym: SymbolDeps): TriLits {
    let visible = this.constants.n;
    for (const p of sym.prompts) visible = this.max(visible, this.expr(p.visibility));
    return visible;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Operands

  private symbolValue(name: string): TriLits {
    const known = this.values.get(name);
    if (known) return known;
    return this.fixedValue(name);
  }

  /** A name outside the encoded cone: an int/hex/string symbol reads as n, a name nothing defines as a constant. */
  private fixedValue(name: string): TriLits {
    const sym = this.ev.deps.symbol(name);
    if (sym) return this.triConstant(this.ev.tristate(name));
    const value = this.constant(name);
    if (!this.explain || value === this.constants.y || value === this.constants.m) return value;
    let leaf = this.fixedLeaves.get(name);
    if (!leaf) {
      leaf = this.overridable(value, 'undefined', name, [name]);
      this.fixedLeaves.set(name, leaf);
    }
    return leaf;
  }

  /** The n constants in one symbol's conditions, as one fixed fact. */
  private constantLeaf(owner: string): TriLits {
    const key = `\u0000n ${owner}`;
    let leaf = this.fixedLeaves.get(key);
    if (!leaf) {
      leaf = this.overridable(this.constants.n, 'constant', 'n', [owner]);
      this.fixedLeaves.set(key, leaf);
    }
    return leaf;
  }

  private constant(value: string): TriLits {
    return value === 'y' ? this.constants.y : value === 'm' ? this.constants.m : this.constants.n;
  }

  private triConstant(t: Tristate): TriLits {
    return t === yes ? this.constants.y : t === mod ? this.constants.m : this.constants.n;
  }

  /**
   * A comparison. Over encoded symbols, every combination of their values is tried with compareValues; over
   * values the solver does not model, the current result is a constant, or (a prompted int/hex/string symbol)
   * a literal the solver may flip at the cost of one change.
   */
  private compare(e: Extract<DepExpr, { kind: 'compare' }>): TriLits {
    const cnf = this.cnf;
    const key = formatExpr(e);
    const known = this.compareLeaves.get(key);
    if (known) return known;
    const sides = [e.left, e.right].map((o) => this.operandChoices(o));
    const [left, right] = sides as [OperandChoice[], OperandChoice[]];
    let result: TriLits;
    if (left.length > 1 || right.length > 1) {
      const holds: Lit[] = [];
      for (const a of left)
        for (const b of right) if (compareValues(e.op, a.value, b.value) === yes) holds.push(cnf.and([a.when, b.when]));
      const lit = cnf.or(holds);
      result = { m: lit, y: lit };
    } else {
      const now = this.ev.evaluate(e) === yes;
      const constant = now ? this.constants.y : this.constants.n;
      const settable = [e.left, e.right].find((o) => this.isSettableValue(o));
      if (settable?.kind === 'symbol') {
        const lit = cnf.input();
        this.leaves.push({ symbol: settable.name, compare: e, holds: lit, changed: now ? -lit : lit });
        result = { m: lit, y: lit };
      } else if (this.explain) {
        const names = [e.left, e.right].flatMap((o) => (o.kind === 'symbol' ? [o.name] : []));
        result = this.overridable(constant, 'compare', formatExpr(e), names);
      } else {
        result = constant;
      }
    }
    this.compareLeaves.set(key, result);
    return result;
  }

  /** The values an operand can have with their conditions: three for an encoded symbol, else its current text. */
  private operandChoices(o: Operand): OperandChoice[] {
    const cnf = this.cnf;
    if (o.kind === 'symbol') {
      const value = this.values.get(o.name);
      const type = this.ev.deps.symbol(o.name)?.type;
      if (value && (type === 'bool' || type === 'tristate')) {
        return [
          { when: -value.m, value: { type, text: 'n' } },
          { when: cnf.and([value.m, -value.y]), value: { type, text: 'm' } },
          { when: value.y, value: { type, text: 'y' } },
        ];
      }
      const text = this.ev.deps.symbol(o.name) ? this.ev.value(o.name) : o.name;
      const isName = o.name === 'y' || o.name === 'm' || o.name === 'n';
      return [{ when: cnf.true, value: { type: type ?? (isName ? 'tristate' : 'unknown'), text } }];
    }
    if (o.kind === 'const') {
      const isName = o.value === 'y' || o.value === 'm' || o.value === 'n';
      return [{ when: cnf.true, value: { type: isName ? 'tristate' : 'unknown', text: o.value } }];
    }
    const mode = this.legacyChoiceMode(o.choice);
    const type = this.ev.deps.choices[o.choice]?.type ?? 'unknown';
    return [
      { when: -mode.m, value: { type, text: 'n' } },
      { when: cnf.and([mode.m, -mode.y]), value: { type, text: 'm' } },
      { when: mode.y, value: { type, text: 'y' } },
    ];
  }

  private isSettableValue(o: Operand): boolean {
    if (o.kind !== 'symbol') return false;
    const sym = this.ev.deps.symbol(o.name);
    return (
      sym !== undefined && (sym.type === 'int' || sym.type === 'hex' || sym.type === 'string') && sym.prompts.length > 0
    );
  }

  /** A fixed fact `value = fixed`, and its override literal. */
  private fact(kind: FixedFact['kind'], text: string, symbols: readonly string[], value: TriLits, fixed: TriLits): Lit {
    const cnf = this.cnf;
    const override = cnf.input();
    const differs = (a: Lit, b: Lit) => cnf.or([cnf.and([a, -b]), cnf.and([-a, b])]);
    const deviates = cnf.or([differs(value.m, fixed.m), differs(value.y, fixed.y)]);
    this.facts.push({ override, deviates, kind, text, symbols, owner: kind === 'no-prompt' ? text : this.owner });
    return override;
  }

  /** A constant that a fixed fact's override literal frees. */
  private overridable(value: TriLits, kind: FixedFact['kind'], text: string, symbols: readonly string[]): TriLits {
    const m = this.cnf.input();
    const y = this.cnf.input();
    this.cnf.implies(y, m);
    const free = { m, y };
    this.equalUnless(this.fact(kind, text, symbols, free, value), free, value);
    return free;
  }

  private phaseTo(t: TriLits, value: Tristate): void {
    this.cnf.solver.setPhase(value >= mod ? t.m : -t.m);
    this.cnf.solver.setPhase(value === yes ? t.y : -t.y);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tristate operations on literal pairs

  private min(a: TriLits, b: TriLits): TriLits {
    return { m: this.cnf.and2(a.m, b.m), y: this.cnf.and2(a.y, b.y) };
  }

  private max(a: TriLits, b: TriLits): TriLits {
    return { m: this.cnf.or2(a.m, b.m), y: this.cnf.or2(a.y, b.y) };
  }

  private ite(c: Lit, a: TriLits, b: TriLits): TriLits {
    return { m: this.cnf.ite(c, a.m, b.m), y: this.cnf.ite(c, a.y, b.y) };
  }

  /** `c ? a : n`. */
  private gate(c: Lit, a: TriLits): TriLits {
    return { m: this.cnf.and2(c, a.m), y: this.cnf.and2(c, a.y) };
  }

  /** m becomes y while `boolNow` holds (a bool, or a tristate with MODULES=n). */
  private boolify(a: TriLits, boolNow: Lit): TriLits {
    return { m: a.m, y: this.cnf.or2(a.y, this.cnf.and2(boolNow, a.m)) };
  }
}

interface OperandChoice {
  readonly when: Lit;
  readonly value: { readonly type: SymbolDeps['type']; readonly text: string };
}

/** The tristate a model gives a pair of literals. */
export function modelTristate(value: (l: Lit) => boolean, t: TriLits): Tristate {
  return value(t.y) ? yes : value(t.m) ? mod : no;
}
