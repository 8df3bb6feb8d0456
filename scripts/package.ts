/**
 * The three packages, made from dist/index.cjs, SKILL.md, skill/ and manifest.json:
 * - dist/distributed-systems.zip  the claude.ai skill upload (one top-level folder, byte-identical on every build)
 * - dist/distributed-systems.mcpb the Claude Desktop bundle (manifest.json at the root, the bundled server)
 * - dist/plugin/                  a Claude Code plugin (skill + MCP server)
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { frontmatterProblems } from './frontmatter.js';
import { renderIcon } from './icon.js';
import { readSkillDocs } from './skill-docs.js';

export const SKILL_NAME = 'distributed-systems';
/** The bundled CLI's name inside the skill's scripts/ folder. */
export const SKILL_CLI = 'scripts/distributed-systems.cjs';
/** The bundled server and CLI in dist/: one file that runs with no node_modules. */
export const SERVER_FILE = 'index.cjs';
const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');

type Files = Map<string, Uint8Array>;

/** A deterministic ZIP: sorted entries, one fixed mtime, fixed unix permissions. */
export function deterministicZip(files: Files): Uint8Array {
  const tree: Zippable = {};
  for (const path of [...files.keys()].sort()) {
    const data = files.get(path) as Uint8Array;
    const executable = /\.(c|m)?js$|\.sh$/.test(path) && !path.endsWith('.json');
    tree[path] = [data, { mtime: FIXED_MTIME, os: 3, attrs: (executable ? 0o100755 : 0o100644) << 16, level: 9 }];
  }
  return zipSync(tree);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

/** The skill folder's contents, keyed by path inside the folder. */
export function skillFiles(root: string): Files {
  const files: Files = new Map();
  for (const doc of readSkillDocs(root)) files.set(doc.path, Buffer.from(doc.text, 'utf8'));
  const scriptsDir = join(root, 'skill', 'scripts');
  for (const path of listFiles(scriptsDir)) files.set(`scripts/${relative(scriptsDir, path)}`, readFileSync(path));
  files.set(SKILL_CLI, readFileSync(join(root, 'dist', SERVER_FILE)));
  return files;
}

function prefixed(prefix: string, files: Files): Files {
  return new Map([...files].map(([path, data]) => [`${prefix}${path}`, data]));
}

function writeTree(dir: string, files: Files): void {
  for (const [path, data] of files) {
    const target = join(dir, path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, data, { mode: /\.(c|m)?js$/.test(path) ? 0o755 : 0o644 });
  }
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly license: string;
}

export function packageAll(root: string): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  const problems = frontmatterProblems(readFileSync(join(root, 'SKILL.md'), 'utf8'));
  if (problems.length > 0) throw new Error(`SKILL.md is not a valid skill:\n- ${problems.join('\n- ')}`);
  const dist = join(root, 'dist');
  const server = readFileSync(join(dist, SERVER_FILE));
  const skill = skillFiles(root);
  writeFileSync(join(dist, `${SKILL_NAME}.zip`), deterministicZip(prefixed(`${SKILL_NAME}/`, skill)));

  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { version: string };
  if (manifest.version !== pkg.version) {
    throw new Error(`manifest.json version ${manifest.version} differs from package.json ${pkg.version}`);
  }
  const icon = renderIcon();
  const mcpb: Files = new Map([
    ['manifest.json', readFileSync(join(root, 'manifest.json'))],
    [`server/${SERVER_FILE}`, server],
    ['icon.png', icon],
    ['LICENSE', readFileSync(join(root, 'LICENSE'))],
  ]);
  writeFileSync(join(dist, `${SKILL_NAME}.mcpb`), deterministicZip(mcpb));

  const plugin: Files = new Map([
    ['.claude-plugin/plugin.json', Buffer.from(`${JSON.stringify(pluginManifest(pkg), null, 2)}\n`)],
    ['.mcp.json', Buffer.from(`${JSON.stringify(pluginMcpConfig(), null, 2)}\n`)],
    [`server/${SERVER_FILE}`, server],
    ['README.md', readFileSync(join(root, 'packaging', 'plugin-README.md'))],
    ['LICENSE', readFileSync(join(root, 'LICENSE'))],
    ['icon.png', icon],
    ...prefixed(`skills/${SKILL_NAME}/`, skill),
  ]);
  writeTree(join(dist, 'plugin'), plugin);
}

function pluginManifest(pkg: PackageJson): Record<string, unknown> {
  return {
    name: SKILL_NAME,
    version: pkg.version,
    description: pkg.description,
    author: { name: 'The distributed-systems developers' },
    license: pkg.license,
    keywords: ['distributed-systems', 'consensus', 'raft', 'paxos', 'pbft', 'replication', 'mcp'],
    // The server computes locally and reaches no host.
    network: { hosts: [] },
  };
}

function pluginMcpConfig(): Record<string, unknown> {
  return {
    mcpServers: {
      [SKILL_NAME]: { command: 'node', args: [`\${CLAUDE_PLUGIN_ROOT}/server/${SERVER_FILE}`] },
    },
  };
}
