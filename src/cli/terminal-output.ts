/**
 * Everything the command line prints passes through here: diffs of proposed files, the model's
 * streamed prose, warnings. Control characters are printed as escapes, so a proposal cannot
 * hide a line (`ESC[2K`), write the clipboard (OSC 52) or retitle the terminal.
 */
import { visibleStreamWriter } from '../core/changes/control-characters';
import type { CliIo } from './cli-command';

export interface TerminalIo extends CliIo {
  /** Prints a CR held back at the end of a chunk; call once the command is done. */
  readonly flush: () => void;
}

export function terminalSafeIo(io: CliIo): TerminalIo {
  const stdout = visibleStreamWriter(io.stdout);
  const stderr = visibleStreamWriter(io.stderr);
  return {
    cwd: io.cwd,
    stdout: (text) => stdout.write(text),
    stderr: (text) => stderr.write(text),
    flush: () => {
      stdout.flush();
      stderr.flush();
    },
  };
}
