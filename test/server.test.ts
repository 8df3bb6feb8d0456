import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { TOOLS } from '../src/tools/index.js';

let client: Client;

beforeEach(async () => {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await createServer({ tools: TOOLS }).connect(serverTransport);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientTransport);
});

afterEach(async () => {
  await client.close();
});

describe('createServer', () => {
  it('should list every registered tool with a title, annotations and schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const tool of tools) {
      expect(tool.title).toBeTruthy();
      expect(tool.description?.length).toBeGreaterThan(80);
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.outputSchema?.required).toContain('summary');
    }
  });

  it('should give every input field a description and numbers bounds', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) {
      for (const [name, prop] of Object.entries(tool.inputSchema.properties ?? {})) {
        const field = prop as { description?: string; type?: string; minimum?: number; maximum?: number };
        expect(field.description, `${tool.name}.${name}`).toBeTruthy();
        if (field.type === 'integer' || field.type === 'number') {
          expect(field.maximum, `${tool.name}.${name} maximum`).toBeLessThan(Number.MAX_SAFE_INTEGER);
        }
      }
    }
  });

  it('should declare the logging capability and a version', () => {
    expect(client.getServerCapabilities()?.logging).toBeDefined();
    expect(client.getServerVersion()?.name).toBe('distributed-systems');
  });

  it('should answer validate_cluster with structuredContent matching its advertised output schema', async () => {
    const { tools } = await client.listTools();
    const outputSchema = tools.find((t) => t.name === 'validate_cluster')?.outputSchema;
    const result = await client.callTool({ name: 'validate_cluster', arguments: { nodes: 5, failure_tolerance: 2 } });
    expect(result.isError).toBeFalsy();
    const validate = new Ajv({ strict: false }).compile(outputSchema ?? {});
    expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
    expect(result.structuredContent).toMatchObject({ valid: true, quorum_size: 3 });
  });

  it('should return isError naming the field for out-of-bounds, wrong-type and unknown input', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ nodes: 0 }, /nodes/],
      [{ nodes: 'five' }, /nodes/],
      [{ nodes: 5, failure_tolerence: 1 }, /failure_tolerence.*accepted fields are nodes/],
      [{ nodes: 5, regions: [{ name: 'a', nodes: 4 }] }, /regions: .*add up to 4 but nodes is 5/],
    ];
    for (const [args, pattern] of cases) {
      const result = await client.callTool({ name: 'validate_cluster', arguments: args });
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(pattern);
    }
  });

  it('should answer resolve_conflict per its advertised output schema, and name the field of bad input', async () => {
    const { tools } = await client.listTools();
    const validate = new Ajv({ strict: false }).compile(
      tools.find((t) => t.name === 'resolve_conflict')?.outputSchema ?? {},
    );
    const calls = [
      {
        versions: [
          { value: 'A', timestamp: 1000 },
          { value: 'B', timestamp: 1001 },
        ],
      },
      {
        versions: [
          { value: ['x'], vector_clock: { a: 1 } },
          { value: ['y'], vector_clock: { b: 1 } },
        ],
      },
      { states: [{ clock: { a: 1 }, dots: [{ element: 'x', node_id: 'a', counter: 1 }] }, {}] },
    ];
    for (const args of calls) {
      const result = await client.callTool({ name: 'resolve_conflict', arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
    }
    const bad = await client.callTool({
      name: 'resolve_conflict',
      arguments: { states: [{ counts: { a: 1 } }, { elements: ['x'] }] },
    });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toMatch(/states\.1/);
  });

  it('should answer simulate_replication per its advertised output schema, and name the field of bad input', async () => {
    const { tools } = await client.listTools();
    const validate = new Ajv({ strict: false }).compile(
      tools.find((t) => t.name === 'simulate_replication')?.outputSchema ?? {},
    );
    for (const args of [
      { mode: 'sync', latencies_ms: [10, 20, 30] },
      { mode: 'compare', latencies_ms: [10, 20, 30], primary_failure_at_seconds: 30, duration_seconds: 40 },
      { mode: 'async', write_rate: 1000, apply_rate: 800, duration_seconds: 60 },
    ]) {
      const result = await client.callTool({ name: 'simulate_replication', arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
    }
    const bad = await client.callTool({ name: 'simulate_replication', arguments: { replicas: 3, latencies_ms: [1] } });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toMatch(/latencies_ms/);
  });

  it('should run simulate_cluster per its output schema, with progress notifications on a long run', async () => {
    const { tools } = await client.listTools();
    const validate = new Ajv({ strict: false }).compile(
      tools.find((t) => t.name === 'simulate_cluster')?.outputSchema ?? {},
    );
    const progress: number[] = [];
    const result = await client.callTool(
      {
        name: 'simulate_cluster',
        arguments: { duration_ms: 240_000, writes_per_second: 1000, faults: [{ at_ms: 5000, action: 'crash_leader' }] },
      },
      undefined,
      { onprogress: (p) => progress.push(p.progress), timeout: 120_000 },
    );
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
    expect(result.structuredContent).toMatchObject({ safe: true, linearizable: true, leaders_total: 2 });
    expect(progress.length).toBeGreaterThan(0);
    const bad = await client.callTool({
      name: 'simulate_cluster',
      arguments: { nodes: 3, faults: [{ at_ms: 0, action: 'crash', nodes: [7] }] },
    });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toMatch(/faults\.0/);
  });

  it('should return isError for an unknown tool and keep serving', async () => {
    const result = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(result.isError).toBe(true);
    const next = await client.callTool({ name: 'validate_cluster', arguments: { nodes: 3 } });
    expect(next.isError).toBeFalsy();
  });

  it('should serve SKILL.md and every reference as a resource', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('skill://distributed-systems/SKILL.md');
    expect(uris.some((u) => u.includes('/references/'))).toBe(true);
    const skill = await client.readResource({ uri: 'skill://distributed-systems/SKILL.md' });
    expect(JSON.stringify(skill.contents)).toContain('validate_cluster');
  });
});
