/**
 * How the offline engines read the workspace: the current text of a file, once per generation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSourceLeniently } from '../../changes/source-encoding';

/** Current text of a workspace file (workspace-relative POSIX path), undefined when it does not exist. */
export type ReadText = (path: string) => string | undefined;

/**
 * Reads under `root`, decoding with the codec the file declares (PEP 263). A file that is not valid
 * in its encoding still reads (for planning); applying refuses to rewrite it, so nothing is corrupted.
 */
export function diskReader(root: string): ReadText {
  return (path: string) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, path));
    } catch {
      return undefined;
    }
    return decodeSourceLeniently(bytes);
  };
}

/**
 * The planner and the emitters ask for the same files (the router, `__init__.py`, conftest) several
 * times; one read each also keeps every decision and every `before` text on the same snapshot.
 */
export function readingEachFileOnce(readText: ReadText): ReadText {
  const texts = new Map<string, string | undefined>();
  return (path: string) => {
    if (!texts.has(path)) texts.set(path, readText(path));
    return texts.get(path);
  };
}
