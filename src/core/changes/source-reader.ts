/**
 * Reads a workspace file's current text for an engine, as Python would decode it (UTF-8 or its
 * PEP 263 declaration), without ever blocking on a FIFO or reading a device: only regular files
 * have text. Undefined when there is no such file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSourceLeniently } from './source-encoding';

export function sourceFileReader(root: string): (path: string) => string | undefined {
  return (path) => {
    let fd: number | undefined;
    try {
      fd = openSync(join(root, path), constants.O_RDONLY | constants.O_NONBLOCK);
      if (!fstatSync(fd).isFile()) return undefined;
      return decodeSourceLeniently(readFileSync(fd));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}
