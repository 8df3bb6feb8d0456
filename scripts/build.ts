/**
 * `npm run build`: bundles the server (and CLI) into dist/, which runs with no node_modules, and the library
 * (dist/lib.js with its declarations in dist/types/), then makes the three packages: the claude.ai skill ZIP, the
 * Claude Desktop .mcpb and the Claude Code plugin directory.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { build, type Plugin } from 'esbuild';
import { TOOLS } from '../src/tools/index.js';
import { NO_EVENTS, registerTool } from '../src/tools/register.js';
import { SERVER_FILE, packageAll } from './package.js';
import { SKILL_DOCS_MODULE_ID, skillDocsModuleSource } from './skill-docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

const skillDocsPlugin: Plugin = {
  name: 'skill-docs',
  setup(b) {
    b.onResolve({ filter: /^virtual:skill-docs$/ }, () => ({ path: SKILL_DOCS_MODULE_ID, namespace: 'skill-docs' }));
    b.onLoad({ filter: /.*/, namespace: 'skill-docs' }, () => ({
      contents: skillDocsModuleSource(root),
      loader: 'js',
    }));
  },
};

/**
 * zod re-exports every locale (about 150 kB of the bundle). The server only speaks English, so the locale index is
 * replaced by English alone: a smaller bundle parses faster, which is most of the cold start.
 */
const englishOnlyZodLocales: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`)
        ? { path: 'zod-locales', namespace: 'zod-locales', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: join(args.pluginData as string, '..', 'locales'),
      loader: 'js',
    }));
  },
};

/**
 * Parts of the MCP SDK this server never uses, replaced by stubs that fail loudly if that ever changes: the Ajv
 * validator (used only to check elicitation answers; we never elicit) and the zod v3 support (our schemas are zod 4).
 * Together about 200 kB less to parse at every start. The end-to-end tests run against this bundle.
 */
const SDK_STUBS: Record<string, string> = {
  '../validation/ajv-provider.js':
    "export class AjvJsonSchemaValidator { getValidator() { throw new Error('JSON Schema validation is not bundled: this server does not elicit'); } }",
  'zod/v3': "export function object() { throw new Error('zod v3 schemas are not bundled'); }",
  'zod-to-json-schema': "export function zodToJsonSchema() { throw new Error('zod v3 schemas are not bundled'); }",
};

const slimSdk: Plugin = {
  name: 'slim-sdk',
  setup(b) {
    b.onResolve({ filter: /^(\.\.\/validation\/ajv-provider\.js|zod\/v3|zod-to-json-schema)$/ }, (args) =>
      args.importer.includes('@modelcontextprotocol/sdk') ? { path: args.path, namespace: 'sdk-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sdk-stub' }, (args) => ({
      contents: SDK_STUBS[args.path] ?? '',
      loader: 'js',
    }));
  },
};

/**
 * One output, dist/index.cjs: the server and CLI bundled as CommonJS (which starts faster than an ES module bundle
 * on Node 20: no ESM facades for built-ins), embedded as a string in the loader of src/boot.ts, which compiles it
 * with a V8 code cache.
 */
/** The tools/list answer as the SDK computes it, for the server to serve without converting schemas at start. */
async function toolListJson(): Promise<string> {
  const server = new McpServer({ name: 'build', version: '0' }, { capabilities: { tools: {} } });
  for (const tool of TOOLS) registerTool(server, tool, NO_EVENTS);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'build', version: '0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  const { tools } = await client.listTools();
  await client.close();
  return JSON.stringify(tools);
}

export async function bundle(): Promise<void> {
  const toolList = await toolListJson();
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: process.env['BUNDLE_MINIFY'] !== '0',
    legalComments: 'none',
    logLevel: 'warning',
  } as const;
  const server = await build({
    ...common,
    entryPoints: [join(root, 'src/index.ts')],
    write: false,
    outfile: join(dist, 'bundle.cjs'),
    plugins: [skillDocsPlugin, englishOnlyZodLocales, slimSdk],
    define: { __TOOL_LIST_JSON__: JSON.stringify(toolList) },
  });
  const source = server.outputFiles[0]?.text ?? '';
  await build({
    ...common,
    entryPoints: [join(root, 'src/boot.ts')],
    outfile: join(dist, SERVER_FILE),
    banner: { js: '#!/usr/bin/env node' },
    define: {
      __BUNDLE_HASH__: JSON.stringify(createHash('sha256').update(source).digest('hex').slice(0, 16)),
      __BUNDLE_SOURCE__: JSON.stringify(source),
    },
  });
  chmodSync(join(dist, SERVER_FILE), 0o755);
}

/**
 * The library entry (`import ... from 'distributed-systems-mcp'`): src/lib.ts bundled as one ES module with its
 * dependencies inlined, so it loads in any Node 20 project, and its type declarations emitted by tsc (the same
 * compiler settings as the source) into dist/types/.
 */
export async function bundleLibrary(): Promise<void> {
  await build({
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    entryPoints: [join(root, 'src/lib.ts')],
    outfile: join(dist, 'lib.js'),
    plugins: [englishOnlyZodLocales],
  });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.lib.json')], { stdio: 'inherit' });
}

async function main(): Promise<void> {
  await bundle();
  await bundleLibrary();
  packageAll(root);
}

await main();
