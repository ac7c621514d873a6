/**
 * Ports: the small interfaces core asks its hosts (CLI, VS Code, tests) to implement.
 */

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FileEntry {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  readonly size: number;
  /** Modification time, when the listing measured it anyway (the index's facts cache uses it). */
  readonly mtimeMs?: number;
}

/** Lists and reads files of one workspace folder. Paths are workspace-relative POSIX paths. */
export interface FileSource {
  /** Every file under the root except the folders named in `excludeDirs` (matched by name). */
  listFiles(excludeDirs: ReadonlySet<string>, signal?: AbortSignal): Promise<readonly FileEntry[]>;
  readText(path: string): Promise<string>;
  /** Returns undefined when the file does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
