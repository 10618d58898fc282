/**
 * Key order of the peer's LevelDB state database: keys compare as their UTF-8 bytes. UTF-8 keeps
 * code point order, so comparing code points gives the same answer without encoding; JavaScript's
 * own `<` compares UTF-16 code units and disagrees for characters above U+FFFF (surrogate pairs
 * sort before U+E000..U+FFFF in UTF-16, after them in UTF-8).
 */
export function compareKeys(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = codePointAt(a, i);
    const cb = codePointAt(b, j);
    if (ca !== cb) {
      return ca < cb ? -1 : 1;
    }
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i < a.length) {
    return 1;
  }
  return j < b.length ? -1 : 0;
}

/** Lone surrogates cannot be encoded in UTF-8; encoders write U+FFFD for them. */
function codePointAt(s: string, index: number): number {
  const cp = s.codePointAt(index) as number;
  return cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
}

/** True when `key` lies in [start, end); an empty `end` means no upper bound. */
export function inRange(key: string, start: string, end: string): boolean {
  return compareKeys(key, start) >= 0 && (end === '' || compareKeys(key, end) < 0);
}
