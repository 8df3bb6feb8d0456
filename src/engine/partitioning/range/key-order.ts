/**
 * Keys in range partitioning sort by their UTF-8 bytes, the order HBase, Bigtable and CockroachDB keep rows in.
 * For well-formed strings that is code-point order, which differs from JavaScript's code-unit order only where a
 * surrogate pair (a code point above U+FFFF) meets a unit in U+E000..U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // ICU's u_strCompare(codePointOrder) fix-up: surrogates move above U+E000..U+FFFF, which move down to make room.
    if (x >= 0xd800 && y >= 0xd800) {
      x = codePointRank(x);
      y = codePointRank(y);
    }
    return x - y;
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Index of the first of the sorted `keys` at or after `key` (keys.length when none is). */
export function lowerBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(keys[mid] ?? '', key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Sorts keys into byte order. When no key holds a unit at or above U+D800 (true of ASCII and most text), code-unit
 * order is byte order and the built-in comparison, about 3x faster on 200 000 keys, gives the same result.
 */
export function sortKeys<T>(items: T[], keyOf: (item: T) => string): T[] {
  const plain = items.every((item) => !/[\ud800-\uffff]/.test(keyOf(item)));
  if (!plain) return items.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  // Strings themselves: the default sort compares code units natively, without a call per comparison.
  if (items.every((item) => typeof item === 'string' && keyOf(item) === item)) return items.sort();
  return items.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
