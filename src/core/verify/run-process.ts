/**
 * Runs one tool of the user's environment with a timeout and cancellation that end the whole
 * process tree: the tool starts in its own process group (POSIX) and the group is killed, so
 * servers or workers a test started do not outlive the check. Never rejects.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface ToolRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** The executable could not be started at all (message from the OS). */
  readonly startError?: string;
  readonly durationMs: number;
}

export interface ToolRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called with the process id once started (tests use it to see the tree end). */
  readonly onStart?: (pid: number) => void;
}

/** Output beyond this is dropped: a runaway test printing forever must not exhaust memory. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export function runTool(command: string, args: readonly string[], options: ToolRunOptions): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    if (options.signal?.aborted === true) {
      resolve({ exitCode: null, stdout: '', stderr: '', timedOut: false, cancelled: true, durationMs: 0 });
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const stdout = new OutputBuffer();
    const stderr = new OutputBuffer();
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    const stop = (): void => {
      if (child.pid !== undefined) killTree(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const finish = (exitCode: number | null, startError?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Whatever the tool left running in its group goes with it.
      if (child.pid !== undefined) killTree(child.pid);
      resolve({
        exitCode,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        cancelled,
        ...(startError === undefined ? {} : { startError }),
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code) => finish(code));
  });
}

/** Kills the process group led by `pid` (the whole tree on Windows); a group already gone is fine. */
export function killTree(pid: number): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left of the group.
  }
}

class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  push(chunk: Buffer): void {
    if (this.bytes >= MAX_OUTPUT_BYTES) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
