/**
 * The tristate algebra of scripts/kconfig (expr.h): n=0, m=1, y=2; `&&` is min, `||` is max, `!x` is 2-x.
 * The names are the kernel's (`no`, `mod`, `yes`, EXPR_AND/EXPR_OR/EXPR_NOT).
 */
export type Tristate = 0 | 1 | 2;

export const no: Tristate = 0;
export const mod: Tristate = 1;
export const yes: Tristate = 2;

export const tristateAnd = (a: Tristate, b: Tristate): Tristate => (a < b ? a : b);
export const tristateOr = (a: Tristate, b: Tristate): Tristate => (a > b ? a : b);
export const tristateNot = (a: Tristate): Tristate => (2 - a) as Tristate;

const NAMES = ['n', 'm', 'y'] as const;
export type TristateName = (typeof NAMES)[number];

export function tristateName(t: Tristate): TristateName {
  return NAMES[t];
}

/** conf accepts the first character only, in either case (sym_set_string_value, conf_set_sym_val). */
export function parseTristate(text: string): Tristate | undefined {
  switch (text[0]) {
    case 'y':
    case 'Y':
      return yes;
    case 'm':
    case 'M':
      return mod;
    case 'n':
    case 'N':
      return no;
    default:
      return undefined;
  }
}
