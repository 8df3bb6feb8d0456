/**
 * UTF-8 encoding into a reusable scratch buffer, so that hashing a key allocates nothing. Lone surrogates become
 * U+FFFD (EF BF BD), as Node's Buffer and TextEncoder do, so our digests equal those of libraries that hash strings
 * through them (the npm `hashring` package hashes through node:crypto).
 */
let scratch = new Uint8Array(256);

/** The UTF-8 bytes of `text` in a shared buffer, valid until the next call; `length` is the byte count. */
export function utf8(text: string): { readonly bytes: Uint8Array; readonly length: number } {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes (a surrogate pair takes 4 for 2 units).
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const out = scratch;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 0x3f);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      } else {
        out[n++] = 0xef;
        out[n++] = 0xbf;
        out[n++] = 0xbd;
      }
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return { bytes: out, length: n };
}
