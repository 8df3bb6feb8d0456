import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
    (m) => m[1] ?? '',
  );
}

// Checked here as well as by lint, so that weakening the lint config cannot silently break the layering.
describe('layering', () => {
  it('should keep the engine free of Node.js, MCP and the layers above it', () => {
    for (const file of sourceFiles(join(src, 'engine'))) {
      for (const spec of imports(file)) {
        expect(spec, relative(src, file)).not.toMatch(/^node:|^@modelcontextprotocol|\/tools\/|\/server|\/cli|\/log/);
        expect(spec.startsWith('.') || spec === 'edn-data' || spec.startsWith('pure-rand/'), `${relative(src, file)} imports ${spec}`).toBe(true);
      }
      const text = readFileSync(file, 'utf8');
      expect(text, relative(src, file)).not.toMatch(/Math\.random|Date\.now|new Date\(|console\.|setTimeout|process\./);
    }
  });

  it('should let tools reach the engine only through engine/index.ts', () => {
    for (const file of sourceFiles(join(src, 'tools'))) {
      for (const spec of imports(file).filter((s) => s.includes('/engine/'))) {
        expect(spec, relative(src, file)).toMatch(/\/engine\/index\.js$/);
      }
    }
  });

  it('should import the stdio transport only in src/index.ts, and never the SDK one (it dies on a 10 MiB message)', () => {
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(src, file)).not.toContain('server/stdio');
      if (relative(src, file) !== 'index.ts') expect(text, relative(src, file)).not.toContain('line-transport');
    }
  });
});
