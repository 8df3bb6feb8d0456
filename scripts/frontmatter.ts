import { parse } from 'yaml';

/** Keys the Agent Skills spec allows in SKILL.md frontmatter. */
export const ALLOWED_KEYS = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'] as const;

export interface Frontmatter {
  readonly data: Record<string, unknown>;
  readonly body: string;
}

export function splitFrontmatter(text: string): Frontmatter {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error('SKILL.md must start with YAML frontmatter between --- lines');
  const data: unknown = parse(match[1] ?? '');
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('SKILL.md frontmatter must be a YAML mapping');
  }
  return { data: data as Record<string, unknown>, body: match[2] ?? '' };
}

/** The rules of the skill validator (anthropics/skills quick_validate), plus our body-length budget. */
export function frontmatterProblems(text: string): string[] {
  const problems: string[] = [];
  const { data, body } = splitFrontmatter(text);
  for (const key of Object.keys(data)) {
    if (!(ALLOWED_KEYS as readonly string[]).includes(key)) problems.push(`frontmatter key "${key}" is not allowed`);
  }
  const name = data['name'];
  if (typeof name !== 'string') problems.push('name is required');
  else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || name.length > 64) {
    problems.push(`name "${name}" must be kebab-case, at most 64 characters`);
  }
  const description = data['description'];
  if (typeof description !== 'string' || description.trim() === '') problems.push('description is required');
  else {
    if (description.length > 1024) problems.push(`description has ${description.length} characters (max 1024)`);
    if (/[<>]/.test(description)) problems.push('description must not contain angle brackets');
  }
  const bodyLines = body.split('\n').length;
  if (bodyLines >= 500) problems.push(`body has ${bodyLines} lines (keep it under 500)`);
  return problems;
}
