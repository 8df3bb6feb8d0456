import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SKILL_DOCS_MODULE_ID, skillDocsModuleSource } from './scripts/skill-docs.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const resolvedId = `\0${SKILL_DOCS_MODULE_ID}`;

export default defineConfig({
  plugins: [
    {
      name: 'skill-docs',
      resolveId: (id) => (id === SKILL_DOCS_MODULE_ID ? resolvedId : undefined),
      load: (id) => (id === resolvedId ? skillDocsModuleSource(root) : undefined),
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
