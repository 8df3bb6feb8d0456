import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_PATH, assertBuilt } from './helpers.js';

const claude = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

describe('Claude Code', () => {
  it('should add the built server with claude mcp add and see it connected in claude mcp list', () => {
    assertBuilt();
    const home = mkdtempSync(join(tmpdir(), 'claude-home-'));
    const options = { cwd: home, env: { ...process.env, HOME: home }, timeout: 60_000 };
    execFileSync(claude, ['mcp', 'add', 'distributed-systems', '--', process.execPath, SERVER_PATH], options);
    const list = execFileSync(claude, ['mcp', 'list'], options).toString();
    expect(list).toMatch(/distributed-systems: .*Connected/);
  });
});
