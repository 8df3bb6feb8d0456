import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let project = '';

/**
 * The package as a user gets it: `npm pack` of the built tree, installed into a plain Node project (offline, from the
 * npm cache `npm ci` filled), then imported by name from an ES module and compiled against by TypeScript.
 */
describe('the library package', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/lib.js')))
      throw new Error('dist/lib.js is missing: run npm run build (npm test does)');
    project = mkdtempSync(join(tmpdir(), 'ds-consumer-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', project], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).toString(),
    ) as { filename: string; files: { path: string }[] }[];
    const tarball = packed[0];
    if (!tarball) throw new Error('npm pack produced nothing');
    expect(tarball.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['dist/lib.js', 'dist/types/lib.d.ts', 'dist/index.cjs']),
    );
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync(
      'npm',
      [
        'install',
        join(project, tarball.filename),
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--no-package-lock',
      ],
      { cwd: project, stdio: 'ignore', timeout: 120_000 },
    );
  }, 180_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('should import the skill functions by package name from a plain ES module', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { calculateQuorum, validateCluster, ConsistentHashRing, simulateSyncReplication, resolveConflictLww, EngineError } from 'distributed-systems-mcp';
const ring = new ConsistentHashRing({ virtualNodes: 100 });
ring.addNode('node-1').addNode('node-2');
let refused = '';
try { calculateQuorum(0); } catch (e) { refused = e instanceof EngineError ? e.issues[0].path : 'other'; }
console.log(JSON.stringify({
  quorum: [3, 5, 7].map((n) => calculateQuorum(n)),
  error: validateCluster({ nodes: 5, failureTolerance: 3 }).error,
  owner: ring.getNode('user:123'),
  sync: simulateSyncReplication({ replicas: 3, latenciesMs: [10, 20, 30], durationSeconds: 1 }).totalLatencyMs,
  lww: resolveConflictLww({ value: 'A', timestamp: 1000 }, { value: 'B', timestamp: 1001 }).value,
  refused,
}));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: project }).toString());
    expect(out).toMatchObject({ quorum: [2, 3, 4], sync: 30, lww: 'B', refused: 'n' });
    expect(out.error).toContain('2f+1');
    expect(['node-1', 'node-2']).toContain(out.owner);
  });

  it("should print what the README's library example says it prints", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /\*\*As a library\.\*\*[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const claims: string[] = [];
    const program = block.replace(/^(.*); \/\/ (.*)$/gm, (_, expression: string, claim: string) => {
      claims.push(claim);
      return `console.log(JSON.stringify(${expression}));`;
    });
    expect(claims.length).toBeGreaterThanOrEqual(4);
    writeFileSync(join(project, 'readme.mjs'), program);
    const printed = execFileSync(process.execPath, ['readme.mjs'], { cwd: project }).toString().trim().split('\n');
    claims.forEach((claim, i) => {
      const shown = claim.endsWith('..."') ? claim.slice(0, -4) : claim;
      expect(printed[i]?.startsWith(shown), `${printed[i]} vs ${claim}`).toBe(true);
    });
  });

  it('should give TypeScript consumers real declarations: a correct program compiles, a wrong one does not', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['good.ts'],
      }),
    );
    writeFileSync(
      join(project, 'good.ts'),
      `import { calculateQuorum, ConsistentHashRing, simulateAsyncReplication, validateCluster, type ClusterVerdict } from 'distributed-systems-mcp';
const q: number = calculateQuorum(5);
const v: ClusterVerdict = validateCluster({ nodes: 5, failureTolerance: 2, byzantine: false });
const owner: string = new ConsistentHashRing({ virtualNodes: 100 }).addNode('a').getNode('k');
const lag: number = simulateAsyncReplication({ writeRate: 1000, applyRate: 800, durationSeconds: 60 }).lagMessages;
export const all = [q, v.valid, v.error, owner, lag];
`,
    );
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: project });
    writeFileSync(
      join(project, 'good.ts'),
      `import { calculateQuorum } from 'distributed-systems-mcp';\nexport const q: string = calculateQuorum('5');\n`,
    );
    let diagnostics = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', project], { cwd: project });
    } catch (error) {
      diagnostics = String((error as { stdout?: Buffer }).stdout ?? '');
    }
    expect(diagnostics).toContain("Argument of type 'string' is not assignable to parameter of type 'number'");
    expect(diagnostics).toContain("Type 'number' is not assignable to type 'string'");
    expect(readFileSync(join(project, 'node_modules/distributed-systems-mcp/package.json'), 'utf8')).toContain(
      '"types"',
    );
  });
});
