/**
 * `npm run sync`: regenerates the tool blocks of SKILL.md and README.md, the tools list of manifest.json and the
 * knowledge-base block of skill/references/troubleshooting.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOLS } from '../src/tools/index.js';
import { replaceKbBlock } from './kb-docs.js';
import { manifestTools, readmeToolsBlock, replaceBlock, skillToolsBlock } from './tool-docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TROUBLESHOOTING_DOC = 'skill/references/troubleshooting.md';

export function syncedFiles(rootDir: string): Map<string, string> {
  const read = (file: string): string => readFileSync(join(rootDir, file), 'utf8');
  const manifest = JSON.parse(read('manifest.json')) as Record<string, unknown>;
  const pkg = JSON.parse(read('package.json')) as { version: string };
  manifest['version'] = pkg.version;
  manifest['tools'] = manifestTools(TOOLS);
  return new Map([
    ['SKILL.md', replaceBlock(read('SKILL.md'), skillToolsBlock(TOOLS), 'SKILL.md')],
    ['README.md', replaceBlock(read('README.md'), readmeToolsBlock(TOOLS), 'README.md')],
    ['manifest.json', `${JSON.stringify(manifest, null, 2)}\n`],
    [TROUBLESHOOTING_DOC, replaceKbBlock(read(TROUBLESHOOTING_DOC), TROUBLESHOOTING_DOC)],
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, text] of syncedFiles(root)) writeFileSync(join(root, file), text);
}
