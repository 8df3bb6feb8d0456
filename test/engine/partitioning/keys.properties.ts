/** Every string over `alphabet` of length 1..maxLength: a small, dense key universe for exhaustive checks. */
export function allStrings(alphabet: string, maxLength: number): string[] {
  const out: string[] = [];
  const grow = (prefix: string): void => {
    if (prefix.length > 0) out.push(prefix);
    if (prefix.length < maxLength) for (const c of alphabet) grow(prefix + c);
  };
  grow('');
  return out;
}
