/**
 * Command-line entry point: `node dist/cli.js <command> [options]`. Each command lives in its
 * own module; add it to the table below.
 */
import { askCommand } from './ask-command';
import { authCommand, secureCommand } from './auth-command';
import { CliError, type CliCommand, type CliIo, UsageError } from './cli-command';
import { contextCommand, useIndexWorkers } from './context-command';
import { crudCommand } from './crud-command';
import { runIndexWorkerIfAsked } from './index-worker';
import { mcpCommand, useMcpIndexWorkers } from './mcp-command';
import { specCheckCommand } from './spec-check-command';
import { specCommand } from './spec-command';
import { terminalSafeIo } from './terminal-output';

const commands: readonly CliCommand[] = [contextCommand, crudCommand, authCommand, secureCommand, specCommand, specCheckCommand, askCommand, mcpCommand];

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
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nUsage: fastapi-engineer ${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    // A stack trace helps only whoever debugs the tool; it is shown when asked for.
    const verbose = process.env['FASTAPI_ENGINEER_VERBOSE'] === '1';
    const detail = error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(`fastapi-engineer ${name} failed: ${detail}\n`);
    return 1;
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
