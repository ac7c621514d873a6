/**
 * Which accepted files of a proposal hang together with a rejected block: a router that was
 * created while the edit registering it was rejected, a module importing one that was rejected.
 * Python modules are matched by name in import lines and attribute uses — a hint for the person
 * applying the rest, not a proof.
 */
import type { FileChange } from '../changes/change-set';
import type { Rejection } from './change-builder';

/** `app/routers/heroes.py` → `heroes`; `app/routers/__init__.py` → `routers`. */
function moduleName(path: string): string | undefined {
  if (!path.endsWith('.py')) return undefined;
  const parts = path.slice(0, -3).split('/');
  const last = parts.at(-1);
  return last === '__init__' ? parts.at(-2) : last;
}

function mentions(text: string, module: string): boolean {
  const word = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const importLine = new RegExp(`^\\s*(?:from\\s+\\S*\\b${word}\\b|from\\s+\\S+\\s+import\\s+[^\\n]*\\b${word}\\b|import\\s+[^\\n]*\\b${word}\\b)`, 'm');
  return importLine.test(text) || new RegExp(`\\b${word}\\.\\w`).test(text);
}

export interface Dependent {
  readonly accepted: string;
  readonly rejected: string;
}

/** Pairs of an accepted file and a rejected one that refer to each other's module. */
export function dependentsOfRejected(changes: readonly FileChange[], rejections: readonly Rejection[]): Dependent[] {
  const pairs: Dependent[] = [];
  for (const rejection of rejections) {
    if (rejection.path === undefined) continue;
    const rejectedModule = moduleName(rejection.path);
    for (const change of changes) {
      if (change.path === rejection.path) continue;
      const acceptedModule = moduleName(change.path);
      const usesRejected = rejectedModule !== undefined && mentions(change.after, rejectedModule);
      const usedByRejected = acceptedModule !== undefined && rejection.content !== undefined && mentions(rejection.content, acceptedModule);
      if (usesRejected || usedByRejected) pairs.push({ accepted: change.path, rejected: rejection.path });
    }
  }
  return pairs;
}
