import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KB } from '../../../src/engine/troubleshoot/kb.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string): string => readFileSync(`${root}${file}`, 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => m[1] ?? '');
  return new Set(
    headings.map((h) =>
      h
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('troubleshooting knowledge base references', () => {
  it('should point only at skill documents and headings that exist', () => {
    for (const k of KB) {
      for (const ref of k.references) {
        const [file = '', anchor] = ref.split('#');
        expect(existsSync(`${root}skill/${file}`), `${k.id}: ${ref}`).toBe(true);
        if (anchor) expect(anchors(read(`skill/${file}`)).has(anchor), `${k.id}: ${ref}`).toBe(true);
      }
    }
  });

  it("should keep SKILL.md's seed table equal to the first cause and fix of the first five issues", () => {
    const skill = read('SKILL.md');
    for (const k of KB.slice(0, 5)) {
      const cause = k.causes[0]?.text.split(':')[0] ?? '';
      const fix = k.causes[0]?.resolutions[0]?.split(':')[0] ?? '';
      expect(skill, k.id).toMatch(new RegExp(`\\| ${k.title} +\\| ${cause} +\\| ${fix.replace('+', '\\+')} +\\|`));
    }
  });
});
