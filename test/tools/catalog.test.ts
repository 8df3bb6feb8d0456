import { describe, expect, it } from 'vitest';
import { TOOL_CATALOG } from '../../src/tools/catalog.js';
import { TOOLS } from '../../src/tools/index.js';
import { exceedsElements } from '../../src/tools/register-lazy.js';

describe('TOOL_CATALOG', () => {
  it('should name the same tools as TOOLS, in the same order, and load the very same definitions', async () => {
    expect(TOOL_CATALOG.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const [i, entry] of TOOL_CATALOG.entries()) expect(await entry.load()).toBe(TOOLS[i]);
  });
});

describe('exceedsElements', () => {
  it('should count array elements and object keys at every depth, as the SDK bound does', () => {
    const value = { a: [1, 2, { b: [3, 4] }], c: 'x' }; // keys a, c; 3 elements; key b; 2 elements = 8
    expect(exceedsElements(value, 8)).toBe(false);
    expect(exceedsElements(value, 7)).toBe(true);
    expect(exceedsElements(undefined, 0)).toBe(false);
  });
});
