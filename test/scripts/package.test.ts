import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { SKILL_CLI, deterministicZip, skillFiles } from '../../scripts/package.js';
import { TOOLS } from '../../src/tools/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

let zipEntries: Record<string, Uint8Array>;

beforeAll(() => {
  zipEntries = unzipSync(readFileSync(join(dist, 'distributed-systems.zip')));
});

describe('skill ZIP', () => {
  it('should hold one top-level folder with SKILL.md, the references and the bundled CLI', () => {
    const names = Object.keys(zipEntries);
    expect(new Set(names.map((n) => n.split('/')[0]))).toEqual(new Set(['distributed-systems']));
    expect(names).toContain('distributed-systems/SKILL.md');
    expect(names).toContain(`distributed-systems/${SKILL_CLI}`);
    expect(names.filter((n) => n.startsWith('distributed-systems/references/')).length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(200);
    expect(names.some((n) => /\.(zip|mcpb|tar|gz)$/.test(n))).toBe(false);
  });

  it('should be byte-identical when rebuilt', () => {
    const prefixed = new Map([...skillFiles(root)].map(([p, d]) => [`distributed-systems/${p}`, d]));
    const again = deterministicZip(prefixed);
    expect(sha256(again)).toBe(sha256(readFileSync(join(dist, 'distributed-systems.zip'))));
    expect(sha256(deterministicZip(prefixed))).toBe(sha256(again));
  });

  it('should run its bundled CLI with no node_modules around it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skill-'));
    const cli = join(dir, 'cli.cjs');
    writeFileSync(cli, zipEntries[`distributed-systems/${SKILL_CLI}`] ?? new Uint8Array());
    const out = execFileSync(process.execPath, [cli, 'validate_cluster', '{"nodes": 7}'], { cwd: dir });
    expect(JSON.parse(out.toString()).quorum_size).toBe(4);
  });
});

describe('.mcpb bundle', () => {
  it('should carry manifest.json (version 0.3, node server, tools equal to the server) at the root', () => {
    const entries = unzipSync(readFileSync(join(dist, 'distributed-systems.mcpb')));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json'] ?? []).toString()) as {
      manifest_version: string;
      server: { type: string; entry_point: string; mcp_config: { args: string[] } };
      tools: { name: string }[];
    };
    expect(manifest.manifest_version).toBe('0.3');
    expect(manifest.server.type).toBe('node');
    expect(entries[manifest.server.entry_point]).toBeDefined();
    expect(manifest.server.mcp_config.args[0]).toContain('${__dirname}');
    expect(manifest.tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
  });

  it('should pass mcpb validate once unpacked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpb-'));
    const entries = unzipSync(readFileSync(join(dist, 'distributed-systems.mcpb')));
    for (const [name, data] of Object.entries(entries)) {
      execFileSync('mkdir', ['-p', join(dir, name, '..')]);
      writeFileSync(join(dir, name), data);
    }
    const out = execFileSync(process.execPath, [bin('mcpb'), 'validate', join(dir, 'manifest.json')]).toString();
    expect(out).toContain('Manifest schema validation passes');
  });
});

describe('Claude Code plugin', () => {
  it('should pass claude plugin validate --profile directory --strict', () => {
    const out = execFileSync(
      bin('claude'),
      ['plugin', 'validate', '--profile', 'directory', '--strict', join(dist, 'plugin')],
      {
        env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'claude-home-')) },
      },
    ).toString();
    expect(out).toContain('Validation passed');
  });
});
