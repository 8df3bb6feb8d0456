import { z } from 'zod';
import { OUTPUT_CHARS_MAX, fitOutput, outputTrimmedSchema } from './output-budget.js';

/** What a running tool may use besides its input: progress reports and the caller's cancellation. */
export interface ToolContext {
  /** Aborted when the client cancels the request; long work checks it between chunks. */
  readonly signal: AbortSignal;
  /** Reports progress; a no-op when the client asked for none. */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /**
   * When the call must end (a `performance.now()` time): long work past it stops with a TimeLimitError. The MCP
   * server sets one per call (`CALL_TIME_LIMIT_MS`); the CLI and the library have none.
   */
  readonly deadlineMs?: number;
}

export interface ToolAnnotations {
  readonly readOnlyHint: true;
  readonly destructiveHint: false;
  readonly idempotentHint: true;
  readonly openWorldHint: false;
}

/** Every tool here is a pure computation: same input and seed, same answer, no side effects. */
export const PURE_TOOL: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObject = z.ZodObject<any>;

/** A tool as data, shared by the MCP server, the CLI and the packaging scripts. */
export interface ToolDefinition<I extends AnyObject = AnyObject, O extends AnyObject = AnyObject> {
  readonly name: string;
  readonly title: string;
  /** Tells the model when to use the tool and what its bounds are. */
  readonly description: string;
  readonly inputSchema: I;
  readonly outputSchema: O;
  readonly annotations: ToolAnnotations;
  /** What to ask for instead when a call hits the server's wall-clock limit (names the input fields that cost). */
  readonly limitHint?: string;
  /** Pure apart from `ctx`: calls the engine, maps its result to the output schema. */
  run(input: z.output<I>, ctx: ToolContext): z.input<O> | Promise<z.input<O>>;
}

/**
 * Every tool's output schema gains `output_trimmed`, which the server fills only when a result had to be cut to the
 * output budget (see output-budget.ts); the tool's own `run` never sets it.
 */
export function defineTool<I extends AnyObject, O extends AnyObject>(def: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return { ...def, outputSchema: def.outputSchema.extend({ output_trimmed: outputTrimmedSchema }) as unknown as O };
}

/**
 * A flat, strict input object. Unknown fields are rejected with a message that lists the accepted ones, so the
 * caller can fix a typo instead of having it silently ignored.
 */
export function toolInput<S extends z.ZodRawShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them; accepted fields are ${accepted}`
        : undefined,
  });
}

/** The MCP result for a successful call: the structured result, and the same JSON as text for older clients. */
export function successResult(structured: Record<string, unknown>): {
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
} {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

export function errorResult(message: string): { content: { type: 'text'; text: string }[]; isError: true } {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Formats zod issues the way the MCP SDK does: `<message> at <path>`, one per line. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.message} at ${fieldPath(issue.path)}` : issue.message))
    .join('\n');
}

/** `history[1].type`: the SDK's spelling of a field path (array indexes in brackets). */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment, i) =>
      typeof segment === 'number' ? `${text}[${segment}]` : i === 0 ? String(segment) : `${text}.${String(segment)}`,
    '',
  );
}

export type CallOutcome =
  | { readonly ok: true; readonly structured: Record<string, unknown> }
  | { readonly ok: false; readonly message: string; readonly internal: boolean };

/**
 * Runs a tool on raw arguments: validates them, runs the handler, maps expected engine errors to a message that
 * names the field. A bug (anything else) is reported as internal, never thrown past this point.
 */
export async function callTool(def: ToolDefinition, args: unknown, ctx: ToolContext): Promise<CallOutcome> {
  const parsed = def.inputSchema.safeParse(args ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      internal: false,
      // The SDK's wording, so a schema error reads the same from the SDK-registered and the lazily loaded tools.
      message: `Input validation error: Invalid arguments for tool ${def.name}: ${formatZodError(parsed.error)}`,
    };
  }
  return runParsed(def, parsed.data, ctx);
}

/** Runs a tool on arguments already validated against its input schema. */
export async function runParsed(def: ToolDefinition, input: unknown, ctx: ToolContext): Promise<CallOutcome> {
  try {
    const output = await def.run(input as z.output<AnyObject>, ctx);
    const structured = def.outputSchema.parse(output);
    const fits = (candidate: Record<string, unknown>): boolean => def.outputSchema.safeParse(candidate).success;
    return { ok: true, structured: fitOutput(structured, OUTPUT_CHARS_MAX, fits) };
  } catch (error) {
    if (isEngineErrorLike(error)) {
      const lines = error.issues.map((i) => `${i.path}: ${i.message}`);
      return { ok: false, internal: false, message: `Invalid arguments for ${def.name}: ${lines.join('\n')}` };
    }
    if (error instanceof Error && error.name === 'AbortError') {
      return { ok: false, internal: false, message: `${def.name} was cancelled before it finished.` };
    }
    if (error instanceof Error && error.name === 'TimeLimitError') {
      const hint = def.limitHint ?? 'Ask for less work in one call.';
      return { ok: false, internal: false, message: `${def.name} ${error.message}. ${hint}` };
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, internal: true, message: `Internal error in ${def.name} (a bug; please report it): ${detail}` };
  }
}

/**
 * An `EngineError` (src/engine/errors.ts) recognised by shape, so that this plumbing, which every call goes through,
 * does not import the engine: the bundled server loads the engine with the first tool that needs it.
 */
function isEngineErrorLike(error: unknown): error is { issues: readonly { path: string; message: string }[] } {
  return (
    error instanceof Error && error.name === 'EngineError' && Array.isArray((error as { issues?: unknown }).issues)
  );
}

/** A context for callers with no progress channel and no cancellation (the CLI, tests). */
export const SILENT_CONTEXT: ToolContext = {
  signal: new AbortController().signal,
  progress: () => Promise.resolve(),
};
