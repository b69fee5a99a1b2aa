/**
 * Comparisons between symbol values (`=`, `!=`, `<`, ...), as expr_calc_value does them (expr.c):
 * unless both sides are strings, each side is parsed as a number of its own type (bool/tristate: n=0, m=1,
 * y=2; int: decimal; hex: hexadecimal, unsigned; anything else: C's strtoll base 0). If either side is not a
 * number the comparison is strcmp; if either is unsigned, an unsigned one; else a signed one.
 */
import type { SymbolType } from '@kconfig-solve/kconfig-parser';
import type { CompareOp } from './expr.js';
import { no, type Tristate, yes } from './tristate.js';

/** What a comparison reads from each side: the symbol's type and its string value (sym_get_string_value). */
export interface ComparedValue {
  readonly type: SymbolType;
  readonly text: string;
}

type Parsed = { readonly kind: 'string' } | { readonly kind: 'signed' | 'unsigned'; readonly value: bigint };

const U64 = 1n << 64n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

export function compareValues(op: CompareOp, left: ComparedValue, right: ComparedValue): Tristate {
  // The commonest case (`A = y`, `B != n`, ...) is what parseValue gives for two bool/tristate values, with
  // plain numbers: most comparisons in a tree are of these.
  if ((left.type === 'bool' || left.type === 'tristate') && (right.type === 'bool' || right.type === 'tristate')) {
    return holds(op, tristateRank(left.text) - tristateRank(right.text));
  }
  let parsedLeft: Parsed = { kind: 'string' };
  let parsedRight: Parsed = { kind: 'string' };
  if (left.type !== 'string' || right.type !== 'string') {
    parsedLeft = parseValue(left);
    parsedRight = parseValue(right);
  }
  let res: number;
  if (parsedLeft.kind === 'string' || parsedRight.kind === 'string') {
    res = strcmp(left.text, right.text);
  } else if (parsedLeft.kind === 'unsigned' || parsedRight.kind === 'unsigned') {
    const a = BigInt.asUintN(64, parsedLeft.value);
    const b = BigInt.asUintN(64, parsedRight.value);
    res = a > b ? 1 : a < b ? -1 : 0;
  } else {
    res = parsedLeft.value > parsedRight.value ? 1 : parsedLeft.value < parsedRight.value ? -1 : 0;
  }
  return holds(op, res);
}

/** Whether `op` holds between two values whose difference (or strcmp-like order) is `res`. */
function holds(op: CompareOp, res: number): Tristate {
  switch (op) {
    case '=':
      return res === 0 ? yes : no;
    case '!=':
      return res !== 0 ? yes : no;
    case '<':
      return res < 0 ? yes : no;
    case '<=':
      return res <= 0 ? yes : no;
    case '>':
      return res > 0 ? yes : no;
    case '>=':
      return res >= 0 ? yes : no;
  }
}

/** expr_parse_string's value of a bool/tristate: n 0, m 1, y 2, anything else -1. */
function tristateRank(text: string): number {
  return text === 'n' ? 0 : text === 'm' ? 1 : text === 'y' ? 2 : -1;
}

/** C strcmp on bytes (our strings hold one byte per character, files being read as latin1). */
export function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseValue(v: ComparedValue): Parsed {
  switch (v.type) {
    case 'bool':
    case 'tristate':
      // expr_parse_string: always "signed", anything but n/m/y counts as -1.
      return { kind: 'signed', value: BigInt(tristateRank(v.text)) };
    case 'int':
      return wholeNumber(v.text, 10, 'signed');
    case 'hex':
      return wholeNumber(v.text, 16, 'unsigned');
    default:
      return wholeNumber(v.text, 0, 'signed');
  }
}

/**
 * strtoll/strtoull over the whole string: leading blanks and a sign are accepted, a base-16 or base-0 number
 * may start with 0x, base 0 treats a leading 0 as octal. The text counts as a number only if it was consumed
 * entirely, did not overflow, and its last character is a hex digit.
 */
function wholeNumber(text: string, base: 0 | 10 | 16, kind: 'signed' | 'unsigned'): Parsed {
  const parsed = parseCNumber(text, base);
  if (!parsed || parsed.end !== text.length || parsed.end === 0) return { kind: 'string' };
  if (!/[0-9a-fA-F]/.test(text[parsed.end - 1] ?? '')) return { kind: 'string' };
  let value = parsed.value;
  if (kind === 'signed') {
    if (value > I64_MAX || value < I64_MIN) return { kind: 'string' };
  } else {
    if (parsed.magnitude >= U64) return { kind: 'string' };
    value = BigInt.asUintN(64, value);
  }
  return { kind, value };
}

interface CNumber {
  readonly value: bigint;
  readonly magnitude: bigint;
  /** Index just past the last character consumed (0 when nothing was). */
  readonly end: number;
}

/** The prefix of `text` that C's strtol family consumes, and its value (unbounded). */
export function parseCNumber(text: string, base: 0 | 10 | 16): CNumber | undefined {
  let i = 0;
  while (i < text.length && ' \t\n\v\f\r'.includes(text[i] as string)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let radix: number = base === 0 ? 10 : base;
  const hexPrefix = (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) as boolean;
  if ((base === 0 || base === 16) && hexPrefix && isDigit(text[i + 2], 16)) {
    radix = 16;
    i += 2;
  } else if (base === 0 && text[i] === '0') {
    radix = 8;
  }
  const start = i;
  let magnitude = 0n;
  while (i < text.length && isDigit(text[i], radix)) {
    magnitude = magnitude * BigInt(radix) + BigInt(Number.parseInt(text[i] as string, radix));
    i++;
  }
  if (i === start) {
    // "0x" with no hex digit after it: strtol consumes the 0 alone.
    if (hexPrefix && (base === 0 || base === 16)) return { value: 0n, magnitude: 0n, end: start + 1 };
    return undefined;
  }
  return { value: negative ? -magnitude : magnitude, magnitude, end: i };
}

function isDigit(c: string | undefined, radix: number): boolean {
  if (c === undefined) return false;
  const d = Number.parseInt(c, 36);
  return !Number.isNaN(d) && d < radix && /[0-9a-zA-Z]/.test(c);
}

/** strtoll(text, NULL, base) for range checks: the consumed prefix's value, 0 when none, clamped to 64 bits. */
export function strtoll(text: string, base: 0 | 10 | 16): bigint {
  const parsed = parseCNumber(text, base);
  if (!parsed) return 0n;
  if (parsed.value > I64_MAX) return I64_MAX;
  if (parsed.value < I64_MIN) return I64_MIN;
  return parsed.value;
}

/** sym_string_valid for int (decimal, no leading zeros) and hex (digits with an optional 0x). */
export function isValidNumber(type: 'int' | 'hex', text: string): boolean {
  if (type === 'int') return /^-?(0|[1-9][0-9]*)$/.test(text);
  return /^(0[xX])?[0-9a-fA-F]+$/.test(text);
}
