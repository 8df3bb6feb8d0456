/**
 * Fuzzing through the real protocol: the built server (dist/index.cjs) behind the SDK's stdio client takes 5000
 * generated calls: valid calls derived from each tool's advertised input schema (boundaries included), the same
 * calls with exactly one field broken (wrong type, past a bound, huge strings and arrays, unknown keys, missing
 * keys), unknown tools and arbitrary JSON. The server must never die; every rejection is an isError that names the
 * broken field; every accepted call's structuredContent validates against the advertised output schema.
 *
 * Seeded and replayable: the seed is printed; FUZZ_SEED=<n> replays a run, FUZZ_SEED=random draws a new one,
 * FUZZ_CALLS=<n> changes the count, FUZZ_SHOW_REJECTED=1 prints each refused valid call (to tune the generators).
 * At the default seed about 2500 of the 5000 calls are valid calls answered, each checked against the output schema.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToBuiltServer } from './helpers.js';
import { DEMO_CASES } from '../../scripts/demo/cases.js';
import { FUZZ_CAPS, cheapen } from './fuzz/caps.js';
import { DOMAIN_CALLS } from './fuzz/domain.js';
import { MUTATION_KINDS, mutate, type MutationKind } from './fuzz/mutate.js';
import { validArbitrary, type JsonSchema } from './fuzz/schema-arbitrary.js';

const CALLS = Number(process.env['FUZZ_CALLS'] ?? 5000);
const SEED =
  process.env['FUZZ_SEED'] === 'random' ? Date.now() % 2 ** 31 : Number(process.env['FUZZ_SEED'] ?? 20261125);

/** One generated call and what the server must do with it. */
type FuzzCall =
  | { readonly kind: 'valid'; readonly tool: string; readonly args: Record<string, unknown> }
  | {
      readonly kind: 'broken';
      readonly tool: string;
      readonly args: Record<string, unknown>;
      readonly mutation: MutationKind;
      readonly mustMention: string;
    }
  | { readonly kind: 'unknown_tool'; readonly tool: string; readonly args: Record<string, unknown> }
  | { readonly kind: 'junk'; readonly tool: string; readonly args: Record<string, unknown> };

let client: Client;
let transport: StdioClientTransport;
let tools: Tool[];
const outputValidators = new Map<string, ValidateFunction>();
const tally = new Map<string, number>();

beforeAll(async () => {
  ({ client, transport } = await connectToBuiltServer({ LOG_LEVEL: 'warn' }));
  tools = (await client.listTools()).tools;
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const tool of tools) outputValidators.set(tool.name, ajv.compile(tool.outputSchema ?? {}));
});

afterAll(async () => {
  await client.close();
});

function callArbitrary(): fc.Arbitrary<FuzzCall> {
  const perTool = tools.map((tool) => {
    const schema = tool.inputSchema as JsonSchema;
    const valid = validArbitrary(schema, FUZZ_CAPS[tool.name] ?? {}) as fc.Arbitrary<Record<string, unknown>>;
    const validCall = valid.map((args): FuzzCall => ({ kind: 'valid', tool: tool.name, args }));
    const brokenCall = fc
      .tuple(valid, fc.constantFrom(...MUTATION_KINDS), fc.nat())
      .map(([args, kind, index]): FuzzCall => {
        const m = mutate(args, schema, kind, index);
        if (!m) return { kind: 'valid', tool: tool.name, args };
        return { kind: 'broken', tool: tool.name, args: m.args, mutation: kind, mustMention: m.mustMention };
      });
    const demos = DEMO_CASES.filter((d) => d.tool === tool.name).map((d) => cheapen(tool.name, d.args));
    // Realistic calls (the demo's questions, made cheap), with one top-level field redrawn half the time.
    const realistic = fc
      .tuple(fc.constantFrom(...demos), valid, fc.nat(), fc.boolean())
      .map(([demo, random, index, redraw]): FuzzCall => {
        const keys = Object.keys(random);
        const key = keys[index % Math.max(1, keys.length)];
        const args = redraw && key !== undefined ? { ...demo, [key]: random[key] } : demo;
        return { kind: 'valid', tool: tool.name, args };
      });
    const domain = DOMAIN_CALLS[tool.name];
    const domainCall = domain?.map((args): FuzzCall => ({ kind: 'valid', tool: tool.name, args }));
    return fc.oneof(
      { arbitrary: validCall, weight: 3 },
      { arbitrary: realistic, weight: 2 },
      { arbitrary: brokenCall, weight: 4 },
      ...(domainCall ? [{ arbitrary: domainCall, weight: 4 }] : []),
    );
  });
  const unknownTool = fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .filter(([name]) => !tools.some((t) => t.name === name))
    .map(([tool, args]): FuzzCall => ({ kind: 'unknown_tool', tool, args }));
  const junk = fc
    .tuple(
      fc.constantFrom(...tools.map((t) => t.name)),
      fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    )
    .map(([tool, args]): FuzzCall => ({ kind: 'junk', tool, args }));
  return fc.oneof(
    { arbitrary: fc.oneof(...perTool), weight: 30 },
    { arbitrary: unknownTool, weight: 1 },
    { arbitrary: junk, weight: 2 },
  );
}

/**
 * A generated valid call often sets a field that only applies to another mode (an algorithm, a protocol); the server
 * refuses it naming the field. Each such refusal is judged like any other, then the field is dropped and the call
 * sent again (at most 4 times), so most valid calls get past the cross-field rules into the engines.
 */
async function callRepairing(call: FuzzCall): Promise<CallToolResult> {
  let args = call.args;
  for (let attempt = 0; ; attempt++) {
    const result = (await client.callTool({ name: call.tool, arguments: args }, undefined, {
      timeout: 30_000,
    })) as CallToolResult;
    if (call.kind !== 'valid' || !result.isError || attempt === 4) return result;
    const field = refusedOptionalField(call.tool, args, result);
    if (field === undefined) return result;
    const problem = judge({ ...call, args }, result);
    if (problem) return result;
    tally.set(`${call.tool}/valid/repaired`, (tally.get(`${call.tool}/valid/repaired`) ?? 0) + 1);
    args = Object.fromEntries(Object.entries(args).filter(([k]) => k !== field));
  }
}

/**
 * The optional top-level field a cross-field refusal names as a whole (`load_skew: applies to range`), when the call
 * set it. A refusal of a field's content (`versions.1.vector_clock`) is not repaired: dropping the field would only
 * trade one refusal for another.
 */
function refusedOptionalField(
  toolName: string,
  args: Record<string, unknown>,
  result: CallToolResult,
): string | undefined {
  const path = refusalPath(resultText(result));
  const field = path !== undefined && /^\w+$/.test(path) ? path : undefined;
  const required = ((tools.find((t) => t.name === toolName)?.inputSchema as JsonSchema).required ?? []) as string[];
  const forced = FUZZ_CAPS[toolName]?.force ?? [];
  const optional = field !== undefined && !required.includes(field) && !forced.includes(field);
  return optional && field in args ? field : undefined;
}

/** Checks one answer; returns a description of what is wrong, or undefined. */
function judge(call: FuzzCall, result: CallToolResult): string | undefined {
  const text = resultText(result);
  if (result.isError) {
    if (/Internal error|a bug/.test(text)) return `internal error: ${text.slice(0, 500)}`;
    if (/wall-clock limit/.test(text)) return `a fuzz call hit the time limit (caps too loose): ${text.slice(0, 300)}`;
    switch (call.kind) {
      case 'broken':
        return text.includes(call.mustMention)
          ? undefined
          : `rejection does not name ${call.mustMention}: ${text.slice(0, 500)}`;
      case 'unknown_tool':
        // The SDK looks tools up in a plain object: "constructor" or "toString" come back as "disabled".
        return text.includes(`Tool ${call.tool} not found`) || text.includes(`Tool ${call.tool} disabled`)
          ? undefined
          : `unknown tool answered ${text.slice(0, 300)}`;
      case 'valid':
      case 'junk':
        return namesAField(call.tool, text) ? undefined : `rejection names no input field: ${text.slice(0, 500)}`;
    }
  }
  if (call.kind === 'broken') return `accepted a call with ${call.mutation} at ${call.mustMention}`;
  if (call.kind === 'unknown_tool') return 'an unknown tool answered';
  const validate = outputValidators.get(call.tool);
  if (!validate?.(result.structuredContent))
    return `structuredContent breaks the output schema: ${JSON.stringify(validate?.errors).slice(0, 500)}`;
  if (text !== JSON.stringify(result.structuredContent)) return 'the text content is not the structured result';
  return undefined;
}

/** A cross-field refusal names a field of the tool's input (`field: message`, the field's path starting with it). */
function namesAField(toolName: string, text: string): boolean {
  const tool = tools.find((t) => t.name === toolName);
  const fields = Object.keys((tool?.inputSchema as JsonSchema | undefined)?.properties ?? {});
  const schemaError = /Input validation error: .* at ([\w[\].]+)|Unknown field|Unrecognized key/.exec(text);
  if (schemaError) return schemaError[1] === undefined || fields.some((f) => schemaError[1]?.startsWith(f));
  const path = refusalPath(text);
  return path !== undefined && fields.some((f) => path.startsWith(f));
}

/** The field path a cross-field refusal starts with (`Invalid arguments for <tool>: <path>: ...`). */
function refusalPath(text: string): string | undefined {
  return /^Invalid arguments for \w+: ([\w[\].]+):/m.exec(text)?.[1];
}

function resultText(result: CallToolResult): string {
  return ((result.content ?? []) as { text?: string }[]).map((c) => c.text ?? '').join('\n');
}

describe(`fuzzing the built server over stdio (${CALLS} calls, seed ${SEED})`, () => {
  it('should answer every generated call, reject each broken one naming its field, and never die', async () => {
    console.log(`fuzz: seed ${SEED}, ${CALLS} calls (replay with FUZZ_SEED=${SEED})`);
    await fc.assert(
      fc.asyncProperty(callArbitrary(), async (call) => {
        const result = await callRepairing(call);
        const name = call.kind === 'unknown_tool' ? '(unknown)' : call.tool;
        const key = `${name}/${call.kind}/${result.isError ? 'rejected' : 'answered'}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        if (process.env['FUZZ_SHOW_REJECTED'] && call.kind === 'valid' && result.isError) {
          console.log(
            `REJECTED ${call.tool}: ${resultText(result).slice(0, 300)} ARGS ${JSON.stringify(call.args).slice(0, 300)}`,
          );
        }
        const problem = judge(call, result);
        if (problem)
          throw new Error(`${call.kind} ${call.tool}: ${problem}\nargs: ${JSON.stringify(call.args).slice(0, 800)}`);
      }),
      { seed: SEED, numRuns: CALLS, endOnFailure: true },
    );
    const pid = transport.pid;
    expect(pid).not.toBeNull();
    expect(() => process.kill(pid ?? 0, 0)).not.toThrow();
    await expect(client.ping()).resolves.toBeDefined();
    console.log(
      [...tally]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join('\n'),
    );
    // Every tool both answered and rejected, and most valid calls were answered: the generators reach past
    // validation into every engine, so the output-schema check covers thousands of real results.
    for (const tool of tools) {
      const answered = tally.get(`${tool.name}/valid/answered`) ?? 0;
      const refused = tally.get(`${tool.name}/valid/rejected`) ?? 0;
      expect(answered, `${tool.name} answered no valid call`).toBeGreaterThan(0);
      if (CALLS >= 1000)
        expect(answered / (answered + refused), `${tool.name}: share of valid calls answered`).toBeGreaterThan(0.5);
      expect(tally.get(`${tool.name}/broken/rejected`) ?? 0, `${tool.name} rejected no broken call`).toBeGreaterThan(0);
    }
  }, 900_000);
});
