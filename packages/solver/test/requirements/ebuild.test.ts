import { describe, expect, it } from 'vitest';
import {
  type CheckPiece,
  compatible,
  extractConfigChecks,
  formatCondition,
  kernelGateHolds,
} from '../../src/requirements/ebuild.js';

const words = (text: string) => extractConfigChecks(text).pieces.map((p) => [p.word, formatCondition(p.condition)]);
const at = (p: CheckPiece) => [p.word, p.line, p.column];

describe('extractConfigChecks', () => {
  it('reads plain, += and declared assignments, over several lines, with positions', () => {
    const { pieces, problems } = extractConfigChecks(
      'CONFIG_CHECK="FOO\n\t~BAR"\nf() {\n\tlocal CONFIG_CHECK=\'!BAZ\'\n\texport CONFIG_CHECK+=" ~!QUX"\n}\nCONFIG_CHECK+=ONE\n',
    );
    expect(problems).toEqual([]);
    expect(pieces.map(at)).toEqual([
      ['FOO', 1, 15],
      ['~BAR', 2, 2],
      ['!BAZ', 4, 22],
      ['~!QUX', 5, 25],
      ['ONE', 7, 15],
    ]);
    expect(pieces.map((p) => [p.symbol, p.negate, p.fatal, p.scope])).toEqual([
      ['FOO', false, true, ''],
      ['BAR', false, false, ''],
      ['BAZ', true, true, 'f'],
      ['QUX', true, false, 'f'],
      ['ONE', false, true, ''],
    ]);
  });

  it('keeps the condition of && and || lists', () => {
    expect(
      words(
        'use a && CONFIG_CHECK+=" A"\nuse b || CONFIG_CHECK+=" B"\n! use c && CONFIG_CHECK+=" C"\n' +
          'use d && CONFIG_CHECK+=" D" || CONFIG_CHECK+=" ND"\nuse e && use !f && CONFIG_CHECK+=" EF"\n',
      ),
    ).toEqual([
      ['A', 'use a'],
      ['B', '! use b'],
      ['C', '! use c'],
      ['D', 'use d'],
      ['ND', '! use d'],
      ['EF', 'use e && ! use f'],
    ]);
  });

  it('keeps the condition of if/elif/else and tells branches apart', () => {
    const { pieces } = extractConfigChecks(
      'if use a; then\n CONFIG_CHECK+=" A"\nelif use b && use c; then\n CONFIG_CHECK+=" BC"\nelse\n CONFIG_CHECK+=" E"\nfi\n',
    );
    expect(pieces.map((p) => [p.word, formatCondition(p.condition)])).toEqual([
      ['A', 'use a'],
      ['BC', '! use a && use b && use c'],
      ['E', '! use a'],
    ]);
    const [a, bc, e] = pieces as [CheckPiece, CheckPiece, CheckPiece];
    expect(compatible(a.condition, bc.condition)).toBe(false);
    expect(compatible(bc.condition, e.condition)).toBe(false);
    expect(compatible(a.condition, [{ kind: 'test', key: 'use b', negated: false }])).toBe(true);
  });

  it('reads version gates in both spellings', () => {
    const { pieces } = extractConfigChecks(
      'kernel_is -ge 5 19 && CONFIG_CHECK+=" A"\nif kernel_is lt 4 0; then CONFIG_CHECK+=" B"; fi\nkernel_is 6 && CONFIG_CHECK+=" C"\n',
    );
    expect(pieces.map((p) => formatCondition(p.condition))).toEqual([
      'kernel_is -ge 5 19',
      'kernel_is -lt 4 0',
      'kernel_is -eq 6',
    ]);
    const gate = (p: CheckPiece | undefined, version: string) => {
      const atom = p?.condition.find((c) => c.kind === 'kernel');
      return atom?.kind === 'kernel' && kernelGateHolds(atom, version);
    };
    expect(gate(pieces[0], '6.12.0')).toBe(true);
    expect(gate(pieces[0], '5.18.9')).toBe(false);
    expect(gate(pieces[0], '5.19')).toBe(true);
    expect(gate(pieces[1], '3.18.140')).toBe(true);
    expect(gate(pieces[2], '6.1.0-rc3')).toBe(true);
    expect(gate(pieces[2], '5.15.0')).toBe(false);
  });

  it('expands $(usex) and $(usev) and skips words built from variables', () => {
    expect(words("CONFIG_CHECK=\"A $(usex foo '~B' '~!B') $(usev !bar C) ${EXTRA} X${Y} `echo Z`\"\n")).toEqual([
      ['A', ''],
      ['~B', 'use foo'],
      ['~!B', '! use foo'],
      ['C', '! use bar'],
    ]);
  });

  it('takes an assignment prefixing a command, and case branches', () => {
    const { pieces } = extractConfigChecks(
      'CONFIG_CHECK="A" ERROR_A="x" linux-info_pkg_setup\ncase ${ARCH} in\n amd64) CONFIG_CHECK+=" B" ;;\n *) CONFIG_CHECK+=" C" ;;\nesac\n',
    );
    expect(pieces.map((p) => p.word)).toEqual(['A', 'B', 'C']);
    expect(compatible((pieces[1] as CheckPiece).condition, (pieces[2] as CheckPiece).condition)).toBe(false);
  });

  it('is not confused by quotes in comments, here-documents and other strings', () => {
    const { pieces, problems } = extractConfigChecks(
      '# it\'s a comment with CONFIG_CHECK="NOPE"\nDESCRIPTION="don\'t"\ncat <<-EOF\n\tCONFIG_CHECK="NOPE2" isn\'t\n\tEOF\n' +
        'echo "CONFIG_CHECK=NOPE3" $(echo \')\')\nCONFIG_CHECK="YES"\n',
    );
    expect(problems).toEqual([]);
    expect(pieces.map((p) => [p.word, p.line])).toEqual([['YES', 7]]);
  });

  it('keeps the structure after a here-document written with a blank before its delimiter', () => {
    const { pieces, problems } = extractConfigChecks(
      'f() {\n\tcat 1>&2 << EOF\nit\'s\nEOF\n\tif use a; then\n\t\tCONFIG_CHECK+=" A"\n\tfi\n}\n',
    );
    expect(problems).toEqual([]);
    expect(pieces.map((p) => [p.word, p.scope, formatCondition(p.condition)])).toEqual([['A', 'f', 'use a']]);
  });

  it('replaces words on a plain assignment: always, or when its test holds', () => {
    const { pieces } = extractConfigChecks(
      'f() {\n CONFIG_CHECK="A"\n use x && CONFIG_CHECK="B"\n CONFIG_CHECK="C $(usev y D)"\n}\ng() {\n CONFIG_CHECK="E"\n use x && CONFIG_CHECK="F"\n}\n',
    );
    expect(pieces.map((p) => [p.word, p.scope, formatCondition(p.condition)])).toEqual([
      ['C', 'f', ''],
      ['D', 'f', 'use y'],
      ['E', 'g', '! use x'],
      ['F', 'g', 'use x'],
    ]);
  });

  it('reports malformed words and unterminated quotes with their position', () => {
    expect(extractConfigChecks('CONFIG_CHECK="CONFIG_FOO ~"\n').problems).toEqual([
      {
        line: 1,
        column: 15,
        code: 'malformed-check',
        message: "'CONFIG_FOO': write the symbol without the CONFIG_ prefix",
      },
      { line: 1, column: 26, code: 'malformed-check', message: "'~' is not a CONFIG_CHECK word ([~][!]SYMBOL)" },
    ]);
    expect(extractConfigChecks('x\nCONFIG_CHECK="FOO\n').problems).toEqual([
      { line: 2, column: 14, code: 'ebuild-syntax', message: 'unterminated " (opened here)' },
    ]);
    // An unclosed `[[` or `(` ends at the end of the file without losing what came before.
    expect(extractConfigChecks('CONFIG_CHECK="A"\n[[ -n x && y\n').pieces.map((p) => p.word)).toEqual(['A']);
    expect(extractConfigChecks('CONFIG_CHECK="A"\n( x\n').pieces.map((p) => p.word)).toEqual(['A']);
    expect(extractConfigChecks('if use a; then\n CONFIG_CHECK="A"\n').problems).toEqual([
      { line: 2, column: 18, code: 'ebuild-syntax', message: "'fi' expected" },
    ]);
  });
});
