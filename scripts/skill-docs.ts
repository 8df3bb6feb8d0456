import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SkillDocFile {
  readonly path: string;
  readonly title: string;
  readonly text: string;
}

/** The title of a markdown document: its first `# ` heading, else its path. */
function titleOf(text: string, fallback: string): string {
  const heading = /^# (.+)$/m.exec(text);
  return heading?.[1]?.trim() ?? fallback;
}

/** SKILL.md and skill/references/*.md, sorted, as the server embeds them (paths relative to the skill folder). */
export function readSkillDocs(root: string): SkillDocFile[] {
  const docs: SkillDocFile[] = [];
  const skillMd = readFileSync(join(root, 'SKILL.md'), 'utf8');
  docs.push({ path: 'SKILL.md', title: 'Distributed systems skill guide', text: skillMd });
  const refDir = join(root, 'skill', 'references');
  for (const name of readdirSync(refDir)
    .filter((n) => n.endsWith('.md'))
    .sort()) {
    const text = readFileSync(join(refDir, name), 'utf8');
    docs.push({ path: `references/${name}`, title: titleOf(text, name), text });
  }
  return docs;
}

export const SKILL_DOCS_MODULE_ID = 'virtual:skill-docs';

/** JavaScript source of the `virtual:skill-docs` module. */
export function skillDocsModuleSource(root: string): string {
  return `export default ${JSON.stringify(readSkillDocs(root))};\n`;
}
