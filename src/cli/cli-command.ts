/**
 * The shape every CLI subcommand has, so `main.ts` stays a table of commands.
 */

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Folder relative `--root` values are resolved against. */
  readonly cwd: string;
}

export interface CliCommand {
  /** The word after `cli.js`: `context`, `crud`, `ask`. */
  readonly name: string;
  /** One line for the overview. */
  readonly summary: string;
  /** Synopsis shown on a usage error: `context [--root DIR] [--json]`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Wrong arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Something the user must fix (missing folder, no FastAPI code): printed as is, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
