/**
 * Close matches for a misspelt symbol name, for "did you mean ...?" hints (lint-ebuild, explain, set): the
 * defined names within a small edit distance, closest first.
 */

/** Names within edit distance 2 of `name` (1 for names of up to 4 characters, 3 from 12 on), closest first. */
export function closeMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = name.length >= 12 ? 3 : name.length > 4 ? 2 : 1;
  const found: { name: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > max) continue;
    const distance = editDistance(name, candidate, max);
    if (distance <= max) found.push({ name: candidate, distance });
  }
  found.sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1));
  return found.slice(0, limit).map((f) => f.name);
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length] as number;
}
