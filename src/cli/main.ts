/**
 * Command-line entry point: `node dist/cli.js <command> [options]`. Each command lives in its
 * own module; add it to the table below. The commands that need large libraries (`ask`: the
 * agent and the Anthropic SDK; `mcp`: the MCP SDK) are loaded when they run, from files of their
 * own, so a `crud` on a small project compiles only what it uses.
 */
import { ASK_INFO } from './ask-info';
import { authCommand, secureCommand } from './auth-command';
import type { CliCommand, CliIo } from './cli-command';
import { contextCommand, useIndexWorkers } from './context-command';
import { crudCommand } from './crud-command';
import { runIndexWorkerIfAsked } from './index-worker';
import { mcpCommand, useMcpIndexWorkers } from './mcp-command';
import { failed, runCommand } from './run-command';
import { specCheckCommand } from './spec-check-command';
import { specCommand } from './spec-command';
import { terminalSafeIo } from './terminal-output';

/** A row of the table: what the overview shows, and how to run it (errors already turned into exit codes). */
interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

function inThisBundle(command: CliCommand): CommandEntry {
  return { name: command.name, summary: command.summary, usage: command.usage, run: (args, io) => runCommand(command, args, io) };
}

const askEntry: CommandEntry = {
  ...ASK_INFO,
  async run(args, io) {
    // Its bundle has its own copies of the CLI's modules: it maps its own errors and is told where the reader threads are.
    const bundle = await import('./ask-bundle');
    bundle.useIndexWorkers(__filename);
    return bundle.runCommand(bundle.askCommand, args, io);
  },
};

const commands: readonly CommandEntry[] = [
  ...[contextCommand, crudCommand, authCommand, secureCommand, specCommand, specCheckCommand].map(inThisBundle),
  askEntry,
  inThisBundle(mcpCommand),
];

function overview(): string {
  const width = Math.max(...commands.map((command) => command.usage.length));
  const rows = commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`);
  return `Usage: fastapi-engineer <command> [options]\n\nCommands:\n${rows.join('\n')}\n`;
}

async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout)(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${overview()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Only a bundle that cannot be loaded gets here; everything a command throws is mapped inside it.
    return failed(name, error, io);
  }
}

const io = terminalSafeIo({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});

// This file also runs as the index's reader threads; those serve batches and nothing else.
if (!runIndexWorkerIfAsked()) {
  useIndexWorkers(__filename);
  useMcpIndexWorkers(__filename);
  void runCli(process.argv.slice(2), io).then((code) => {
    io.flush();
    process.exitCode = code;
  });
}
