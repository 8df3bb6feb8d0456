import docs from 'virtual:skill-docs';

/** A document of the skill bundle (SKILL.md or a reference), embedded in the server at build time. */
export interface SkillDoc {
  /** Path inside the skill folder, e.g. `references/raft.md`. */
  readonly path: string;
  readonly title: string;
  readonly text: string;
}

export const SKILL_DOCS: readonly SkillDoc[] = docs;

export function skillDocUri(doc: SkillDoc): string {
  return `skill://distributed-systems/${doc.path}`;
}
