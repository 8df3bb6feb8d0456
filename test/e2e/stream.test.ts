/**
 * The byte stream itself, on raw pipes to the built server: garbage and half lines do not stop it, an oversized
 * message is refused without ending it, closing stdin ends it, and stdout carries nothing but JSON-RPC.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CASES } from '../../scripts/demo/cases.js';
import { RawSession } from './raw-session.js';

const TOOLS = [...new Set(DEMO_CASES.map((c) => c.tool))];

describe('the stdio stream of the built server', () => {
  it('should answer the next valid request after garbage lines, half JSON and non-JSON-RPC lines', async () => {
    const session = new RawSession({ LOG_LEVEL: 'warn' });
    await session.initialize();
    session.write('this is not json\n');
    session.write('{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"validate_clu\n');
    session.write('{}\n[1,2,3]\nnull\n"a string"\n{"jsonrpc":"2.0"}\n');
    session.write('\u0000\u0001\u00ff\ufffd binary junk \u001b[31m\n\n   \n');
    // Half a line, then the rest of it in a later write: framing is by newline, not by chunk.
    const id = 7_001;
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'validate_cluster', arguments: { nodes: 5 } },
    });
    session.write(call.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 20));
    session.write(`${call.slice(20)}\r\n`);
    const answer = await session.response(id);
    expect(answer.result).toMatchObject({ structuredContent: { valid: true, quorum_size: 3 } });
    expect(session.messages().some((m) => m.id === 99)).toBe(false); // the half line was never a request
    // Each bad line was logged to stderr as a transport error, and the process is still serving.
    expect(session.stderr.match(/transport_error/g)?.length ?? 0).toBeGreaterThanOrEqual(6);
    await session.close();
  });

  it('should refuse a message over the size limit with an error for its id, and keep serving', async () => {
    const session = new RawSession({ LOG_LEVEL: 'warn' });
    await session.initialize();
    const huge = 'x'.repeat(33 * 1024 * 1024); // past the 32 MiB message limit
    const id = 7_002;
    session.write(
      `{"jsonrpc":"2.0","method":"tools/call","params":{"name":"check_history","arguments":{"model":"register","edn":"${huge}"}},"id":${id}}\n`,
    );
    const refused = await session.response(id);
    expect(JSON.stringify(refused.error)).toMatch(/Request too large: a message of \d+ bytes, over the limit/);
    const next = session.request('tools/call', { name: 'validate_cluster', arguments: { nodes: 3 } });
    expect((await session.response(next)).result).toMatchObject({ structuredContent: { quorum_size: 2 } });
    await session.close();
  });

  it('should write nothing but JSON-RPC to stdout during a tour of every tool, with progress on', async () => {
    const session = new RawSession({ LOG_LEVEL: 'debug' });
    await session.initialize();
    const listId = session.request('tools/list');
    const ids = TOOLS.map((tool, i) => {
      const demo = DEMO_CASES.find((c) => c.tool === tool);
      return session.request('tools/call', {
        name: tool,
        arguments: demo?.args,
        _meta: { progressToken: `tour-${i}` },
      });
    });
    const listed = (await session.response(listId)).result as { tools: { name: string }[] };
    expect(listed.tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const id of ids) {
      const answer = await session.response(id);
      expect(answer.result, JSON.stringify(answer).slice(0, 300)).toMatchObject({ structuredContent: {} });
      expect((answer.result as { isError?: boolean }).isError).toBeUndefined();
    }
    await session.close();
    // Every byte of stdout belongs to a JSON-RPC line (debug logging went to stderr).
    expect(session.stdout.endsWith('\n')).toBe(true);
    const messages = session.messages();
    expect(messages.length).toBeGreaterThanOrEqual(ids.length + 2);
    for (const m of messages) expect(m.jsonrpc).toBe('2.0');
    expect(session.stderr).toContain('tool_completed');
  });
});
