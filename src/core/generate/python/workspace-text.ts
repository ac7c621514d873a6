/**
 * How the offline engines read the workspace: the current text of a file, once per generation
 * (by default through `sourceFileReader`, which decodes as Python would and never blocks on a FIFO).
 */

/** Current text of a workspace file (workspace-relative POSIX path), undefined when it does not exist. */
export type ReadText = (path: string) => string | undefined;

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
