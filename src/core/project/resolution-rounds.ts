/**
 * The files a derivation reaches beyond those the prefilter passed: a routes module imported
 * only to register its routes, a mixin or an `__init__` that re-exports. Before the first
 * derivation of a build, the files it is sure to ask for are parsed (the modules route files
 * import, the files class bases lead into), so a build usually derives once. Whatever else
 * resolution leads into is parsed after a derivation, which then runs again.
 */
import type { PythonFileFacts } from '../python/facts';
import type { Logger } from '../ports';
import { ClassGraph } from './class-graph';
import type { Derived } from './derive-facts';
import type { ProjectFacts } from './facts';
import type { PhaseClock } from './index-timings';
import type { ModuleTable } from './module-names';
import { requestImportedModules } from './route-sites';
import type { SymbolResolver } from './symbols';

const MAX_RESOLUTION_ROUNDS = 8;

export interface ResolutionRounds {
  readonly files: ReadonlyMap<string, PythonFileFacts>;
  readonly modules: ModuleTable;
  readonly resolver: SymbolResolver;
  /** Files that could not be parsed (too big, unreadable): not asked for twice. */
  readonly unavailable: ReadonlySet<string>;
  readonly clock: PhaseClock;
  readonly logger: Logger;
  readonly signal: AbortSignal | undefined;
  /** Parses project files resolution needs (into `files`, or into `unavailable`). */
  parse(paths: readonly string[]): Promise<void>;
  /** `classGraph`: one built over the files as they are now, for the derivation to take. */
  derive(classGraph: ClassGraph | undefined): Derived;
}

/**
 * The unparsed project files the next derivation asks for whatever else it resolves: the
 * route graph asks for every module route files import, the class graph resolves every base.
 * Both are asked exactly as the derivation asks them (their answers are kept for it), so no
 * file is parsed that the derivation would not have parsed.
 */
function filesDerivationAsksFor(rounds: ResolutionRounds): { readonly needed: string[]; readonly graph: ClassGraph } {
  const { files, resolver, modules } = rounds;
  resolver.beginDerivation();
  requestImportedModules(files, resolver, modules);
  const graph = new ClassGraph(files, resolver);
  return { needed: notParsed(rounds, resolver.unparsedSeen), graph };
}

function notParsed(rounds: ResolutionRounds, paths: Iterable<string>): string[] {
  const found: string[] = [];
  for (const path of paths) if (!rounds.files.has(path) && !rounds.unavailable.has(path)) found.push(path);
  return found;
}

async function parseNeeded(rounds: ResolutionRounds, needed: readonly string[]): Promise<void> {
  rounds.signal?.throwIfAborted();
  await rounds.parse(needed);
  rounds.resolver.invalidate(needed);
}

/**
 * Derives facts, parsing on demand the files resolution led into, until nothing new is needed.
 * `lookAhead` first parses the files the derivation is sure to ask for (a build; an update's
 * changed files rarely lead anywhere new, and looking costs it more than it saves).
 */
export async function deriveUntilComplete(rounds: ResolutionRounds, lookAhead: boolean): Promise<ProjectFacts> {
  const { clock } = rounds;
  // The graph of the last look, when it found every file parsed: a build's derivation (no graph
  // before it to reuse orders from) would build the same one.
  let classGraph: ClassGraph | undefined;
  for (let round = 0; lookAhead && round < MAX_RESOLUTION_ROUNDS; round++) {
    const started = performance.now();
    const { needed, graph } = filesDerivationAsksFor(rounds);
    clock.add('resolve', started);
    if (needed.length === 0) {
      classGraph = graph;
      break;
    }
    rounds.logger.debug(`Parsing ${needed.length} files the derivation asks for: ${needed.slice(0, 5).join(', ')}`);
    await parseNeeded(rounds, needed);
  }
  for (let round = 0; ; round++) {
    const started = performance.now();
    const conventionsBefore = clock.times.conventions;
    const derived = rounds.derive(classGraph);
    classGraph = undefined;
    clock.times.resolve += performance.now() - started - (clock.times.conventions - conventionsBefore);
    const needed = notParsed(rounds, derived.unparsed);
    if (needed.length === 0 || round >= MAX_RESOLUTION_ROUNDS) return derived.facts;
    rounds.logger.debug(`Resolution needs ${needed.length} more files: ${needed.slice(0, 5).join(', ')}`);
    await parseNeeded(rounds, needed);
  }
}
