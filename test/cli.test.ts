import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/cli.js';

function captureIo(stdin = ''): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(stdin),
  };
}

describe('runCli', () => {
  it('should list the tools on --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out.join('')).toContain('validate_cluster');
  });

  it('should print the structured result as JSON', async () => {
    const io = captureIo();
    expect(await runCli(['validate_cluster', '{"nodes": 5, "failure_tolerance": 3}'], io)).toBe(0);
    const result = JSON.parse(io.out.join('')) as { valid: boolean; error: string };
    expect(result.valid).toBe(false);
    expect(result.error).toContain('2f+1');
  });

  it('should read arguments from stdin with -', async () => {
    const io = captureIo('{"nodes": 3}');
    expect(await runCli(['validate_cluster', '-'], io)).toBe(0);
    expect(JSON.parse(io.out.join('')).quorum_size).toBe(2);
  });

  it('should exit 2 naming the field on bad input, bad JSON and unknown tools', async () => {
    const bad = captureIo();
    expect(await runCli(['validate_cluster', '{"nodes": 0}'], bad)).toBe(2);
    expect(bad.err.join('')).toContain('at nodes');
    const json = captureIo();
    expect(await runCli(['validate_cluster', '{nodes: 3'], json)).toBe(2);
    expect(json.err.join('')).toContain('not valid JSON');
    const unknown = captureIo();
    expect(await runCli(['size_cluster', '{}'], unknown)).toBe(2);
    expect(unknown.err.join('')).toContain('Unknown tool');
  });

  it('should print a tool input schema on --schema', async () => {
    const io = captureIo();
    expect(await runCli(['validate_cluster', '--schema'], io)).toBe(0);
    expect(JSON.parse(io.out.join('')).properties.nodes.maximum).toBe(1000);
    // Fields with defaults are optional to the caller, as tools/list says.
    const troubleshoot = captureIo();
    expect(await runCli(['troubleshoot', '--schema'], troubleshoot)).toBe(0);
    expect(JSON.parse(troubleshoot.out.join('')).required ?? []).not.toContain('seed');
  });
});
