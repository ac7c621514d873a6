/**
 * Runs the command line's `ask` in process, with its output captured: the specs that drive it
 * against the local Messages API server (answers, hostile answers, refused kinds, verification).
 */
import { type AskIo, runAskCommand } from '../../src/cli/ask-command';
import { terminalSafeIo } from '../../src/cli/terminal-output';

export interface AskRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AskRunOptions {
  /** Pass the output through the CLI's terminal filter, as `node dist/cli.js ask` does. */
  readonly terminal?: boolean;
}

export async function runAsk(args: readonly string[], env: Readonly<Record<string, string | undefined>>, options: AskRunOptions = {}): Promise<AskRun> {
  let stdout = '';
  let stderr = '';
  const capture = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), cwd: process.cwd() };
  if (options.terminal === true) {
    const terminal = terminalSafeIo(capture);
    const code = await runAskCommand(args, { ...terminal, env });
    terminal.flush();
    return { code, stdout, stderr };
  }
  const io: AskIo = { ...capture, env };
  const code = await runAskCommand(args, io);
  return { code, stdout, stderr };
}

/** A file block as the output contract writes it: ```python path=app/x.py. */
export function fileBlock(path: string, body: string, language = 'python'): string {
  return [`\`\`\`${language} path=${path}`, body, '```'].join('\n');
}
