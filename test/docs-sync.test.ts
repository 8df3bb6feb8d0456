import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../scripts/frontmatter.js';
import { syncedFiles } from '../scripts/sync-docs.js';
import { TOOLS } from '../src/tools/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): string => readFileSync(`${root}/${file}`, 'utf8');

/** Every tool the product plans; a document may name one only once the server has it. */
const PRODUCT_TOOLS = [
  'validate_cluster',
  'design_protocol',
  'simulate_cluster',
  'simulate_replication',
  'hash_ring',
  'resolve_conflict',
  'troubleshoot',
  'check_history',
];

describe('documentation generated from the schemas', () => {
  it('should be up to date in SKILL.md, README.md and manifest.json (run npm run sync)', () => {
    for (const [file, expected] of syncedFiles(root)) expect(read(file), file).toBe(expected);
  });

  it('should list exactly the server tools in manifest.json', () => {
    const manifest = JSON.parse(read('manifest.json')) as { tools: { name: string }[] };
    expect(manifest.tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
  });

  it('should name no tool the server lacks in SKILL.md, README.md or the references', () => {
    const registered = new Set(TOOLS.map((t) => t.name));
    const references = readdirSync(`${root}/skill/references`).map((f) => `skill/references/${f}`);
    const docs = ['SKILL.md', 'README.md', 'packaging/plugin-README.md', ...references].map(read).join('\n');
    for (const name of PRODUCT_TOOLS) {
      if (registered.has(name)) expect(docs, name).toContain(name);
      else expect(docs, `${name} is documented but not registered`).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('should name in SKILL.md every input parameter of every tool', () => {
    const skill = read('SKILL.md');
    for (const tool of TOOLS) {
      for (const field of Object.keys(tool.inputSchema.shape))
        expect(skill, `${tool.name}.${field}`).toContain(`\`${field}\``);
    }
  });
});

describe('SKILL.md frontmatter', () => {
  it('should use only the allowed keys, a kebab-case name and a short description without angle brackets', () => {
    const { data, body } = splitFrontmatter(read('SKILL.md'));
    expect(Object.keys(data).sort()).toEqual(['compatibility', 'description', 'license', 'metadata', 'name']);
    expect(data['name']).toBe('distributed-systems');
    const description = data['description'] as string;
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description).not.toMatch(/[<>]/);
    expect((data['metadata'] as { version: string }).version).toBe(
      (JSON.parse(read('package.json')) as { version: string }).version,
    );
    expect(body.split('\n').length).toBeLessThan(500);
  });

  it('should link the references one level deep and only to files that exist', () => {
    const { body } = splitFrontmatter(read('SKILL.md'));
    const links = [...body.matchAll(/\]\((references\/[^)]+)\)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.split('/').length).toBe(2);
      expect(() => read(`skill/${link}`)).not.toThrow();
    }
  });
});
