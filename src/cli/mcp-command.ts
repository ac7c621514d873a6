/**
 * `mcp [--root DIR]`: serves the project tools to any MCP client over stdio. The server (and the
 * MCP SDK behind it) is a file of its own, loaded only by this command.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, type CliCommand } from './cli-command';
import { parseCliArgs } from './context-command';

let workerScript: string | undefined;

/** The bundle index reader threads run (see `useIndexWorkers`). */
export function useMcpIndexWorkers(script: string): void {
  workerScript = script;
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'Serve the project tools (facts, CRUD proposals, apply) to an MCP client over stdio.',
  usage: 'mcp [--root DIR]',
  async run(args, io) {
    const { values } = parseCliArgs({ args: [...args], options: { root: { type: 'string' } }, allowPositionals: false, strict: true });
    const root = resolve(io.cwd, values.root ?? '.');
    const info = statSync(root, { throwIfNoEntry: false });
    if (info === undefined) throw new CliError(`The project folder ${root} does not exist.`);
    if (!info.isDirectory()) throw new CliError(`${root} is not a folder.`);
    const { serveMcp } = await import('./mcp/mcp-server');
    await serveMcp({ root, ...(workerScript === undefined ? {} : { workerScript }), log: (line) => io.stderr(`${line}\n`) });
    return 0;
  },
};
