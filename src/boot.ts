/**
 * The process entry that ships as dist/index.cjs: a small loader with the whole server and CLI (src/index.ts,
 * bundled as CommonJS) embedded as a string, so that the product stays one file that runs without node_modules.
 *
 * Parsing and compiling that bundle is most of the cold start, and Node 20 has no compile cache for user code (Node
 * 22's NODE_COMPILE_CACHE). So the loader compiles the embedded source with a V8 code cache kept in the OS temp
 * directory, keyed by the bundle's hash, the loader's path, the Node version and the architecture: the first start compiles and
 * writes the cache at exit; later starts reuse it. A missing, stale or rejected cache only costs speed.
 * DS_CODE_CACHE=off disables it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

declare const __BUNDLE_HASH__: string;
declare const __BUNDLE_SOURCE__: string;

/**
 * FNV-1a of the loader's own path. V8 keeps the script name stored in a code cache, so two copies of one build
 * sharing a cache printed each other's paths in stack traces; one cache per install location avoids that.
 */
function pathHash(path: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const cacheEnabled = process.env['DS_CODE_CACHE'] !== 'off';
const cachePath = join(
  tmpdir(),
  'distributed-systems-mcp',
  `${__BUNDLE_HASH__}-${pathHash(__filename)}-${process.version}-${process.arch}.v8cache`,
);

function readCache(): Buffer | undefined {
  if (!cacheEnabled) return undefined;
  try {
    return readFileSync(cachePath);
  } catch {
    return undefined;
  }
}

/** Writes the code cache atomically (temp file, then rename), so concurrent starts never read half a file. */
function writeCache(script: Script): void {
  try {
    mkdirSync(dirname(cachePath), { recursive: true });
    const temp = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
  } catch {
    // A read-only or full temp directory only means the next start compiles again.
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(__BUNDLE_SOURCE__), { filename: `${__filename}#bundle`, cachedData });
if (cacheEnabled && (cachedData === undefined || script.cachedDataRejected === true)) {
  // Written at exit, the cache also holds the functions compiled while serving, not only the top level.
  process.once('exit', () => writeCache(script));
}
const bundleModule = { exports: {} };
const run = script.runInThisContext() as (...args: unknown[]) => void;
run.call(
  bundleModule.exports,
  bundleModule.exports,
  Module.createRequire(__filename),
  bundleModule,
  __filename,
  __dirname,
);
