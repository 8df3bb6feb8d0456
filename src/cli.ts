import { SERVER_VERSION } from './server.js';
import { SILENT_CONTEXT, callTool } from './tools/define-tool.js';
import { TOOLS, findTool } from './tools/index.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of stdin, for `<tool> -`. */
  readonly readStdin: () => Promise<string>;
}

/** The real process streams: the CLI owns stdout only when no MCP session runs. */
export function processIo(): CliIo {
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

const USAGE = `Usage:
  distributed-systems-mcp                    serve MCP on stdio
  distributed-systems-mcp <tool> '<json>'    run one tool and print its structured result as JSON
  distributed-systems-mcp <tool> -           the same, reading the JSON arguments from stdin
  distributed-systems-mcp <tool> --schema    print the tool's input schema
  distributed-systems-mcp --help | --version`;

function helpText(): string {
  const tools = TOOLS.map((t) => `  ${t.name.padEnd(22)}${t.title}`).join('\n');
  return `${USAGE}\n\nTools:\n${tools}\n`;
}

/** Runs the CLI on `argv` (without node and script). Returns the process exit code: 0 ok, 2 bad input, 1 bug. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout(helpText());
    return 0;
  }
  if (first === '--version') {
    io.stdout(`${SERVER_VERSION}\n`);
    return 0;
  }
  const tool = findTool(first);
  if (!tool) {
    io.stderr(`Unknown tool "${first}". Tools: ${TOOLS.map((t) => t.name).join(', ')}\n`);
    return 2;
  }
  if (second === '--schema') {
    io.stdout(`${JSON.stringify(tool.inputSchema.toJSONSchema({ io: 'input' }), null, 2)}\n`);
    return 0;
  }
  let args: unknown = {};
  try {
    const text = second === '-' ? await io.readStdin() : (second ?? '{}');
    args = JSON.parse(text);
  } catch (error) {
    io.stderr(`The arguments for ${tool.name} are not valid JSON: ${(error as Error).message}\n`);
    return 2;
  }
  const outcome = await callTool(tool, args, SILENT_CONTEXT);
  if (outcome.ok) {
    io.stdout(`${JSON.stringify(outcome.structured, null, 2)}\n`);
    return 0;
  }
  io.stderr(`${outcome.message}\n`);
  return outcome.internal ? 1 : 2;
}
