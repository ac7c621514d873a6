/**
 * Runs one command and turns what it throws into a message and an exit code. Each CLI bundle
 * (see `scripts/build.mjs`) carries its own copy, so the `instanceof` checks below always meet
 * the error classes of the code that threw them.
 */
import { CliError, type CliCommand, type CliIo, UsageError } from './cli-command';

export async function runCommand(command: CliCommand, args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nUsage: fastapi-engineer ${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    return failed(command.name, error, io);
  }
}

/** An unexpected failure: its message; a stack trace helps only whoever debugs the tool, so it is shown when asked for. */
export function failed(name: string, error: unknown, io: CliIo): number {
  const verbose = process.env['FASTAPI_ENGINEER_VERBOSE'] === '1';
  const detail = error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
  io.stderr(`fastapi-engineer ${name} failed: ${detail}\n`);
  return 1;
}
