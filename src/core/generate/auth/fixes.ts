/**
 * The weakness fixes the user chose, applied on top of whatever else a change set writes:
 * each fix edits the file's text as the change set leaves it (or as it is on disk), so a file
 * the engine completes and fixes is still one FileChange. A fix whose edits cannot all be made
 * is left out whole and reported, never half applied.
 */
import type { ChangeSet, FileChange, ProposedFix } from '../../changes/change-set';
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { mergeImports } from '../python/import-merge';
import { ImportSet, firstPartyModules } from '../python/imports';
import { scanDefinedNames, scanImports } from '../python/module-scan';
import { AuthRefusal } from './refusals';
import { WEAKNESS_IDS, type Weakness } from './weaknesses';

/** Which proposed fixes to apply: every one, none, or those with the ids listed. */
export type FixChoice = 'all' | 'none' | readonly string[];

/** The ids chosen, checked against what was found so a typo is not silently ignored. */
export function chosenFixIds(weaknesses: readonly Weakness[], choice: FixChoice): Set<string> {
  const fixable = new Set<string>(weaknesses.filter((weakness) => weakness.edits !== undefined).map((weakness) => weakness.id));
  if (choice === 'all') return fixable;
  if (choice === 'none') return new Set();
  const known = new Set<string>(WEAKNESS_IDS);
  const unknown = choice.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AuthRefusal(`Unknown fix ${unknown.join(', ')}; the fixes are ${WEAKNESS_IDS.join(', ')}.`);
  const absent = choice.filter((id) => !fixable.has(id));
  if (absent.length > 0) {
    const offered = [...fixable].join(', ') || 'none';
    throw new AuthRefusal(`No fix ${absent.join(', ')} is proposed for this project (proposed: ${offered}).`);
  }
  return new Set(choice);
}

interface Applied {
  readonly texts: Map<string, string>;
  readonly imports: Map<string, ImportSet>;
  readonly titles: Map<string, string[]>;
  readonly failed: Weakness[];
}

/** One fix's edits on scratch copies; committed only when every edit applied. */
function applyOne(weakness: Weakness, state: Applied, textOf: (path: string) => string | undefined, facts: ProjectFacts): boolean {
  const texts = new Map<string, string>();
  const imports = new Map<string, ImportSet>();
  for (const edit of weakness.edits ?? []) {
    const before = texts.get(edit.file) ?? state.texts.get(edit.file) ?? textOf(edit.file);
    if (before === undefined || facts.files.get(edit.file)?.hasSyntaxErrors === true) return false;
    const needed = imports.get(edit.file) ?? new ImportSet();
    const after = edit.apply(before, needed);
    if (after === undefined) return false;
    texts.set(edit.file, after);
    imports.set(edit.file, needed);
  }
  for (const [file, text] of texts) {
    state.texts.set(file, text);
    state.imports.set(file, (state.imports.get(file) ?? new ImportSet()).addAll(imports.get(file) ?? new ImportSet()));
    state.titles.set(file, [...(state.titles.get(file) ?? []), weakness.title ?? weakness.id]);
  }
  return true;
}

export interface FixedChanges {
  readonly changes: FileChange[];
  readonly fixes: ProposedFix[];
  readonly warnings: string[];
}

/**
 * `changes` with the chosen fixes applied, every fix listed (included or not), and the
 * warnings of the weaknesses left as they are: not chosen, not safe to fix, or not applicable.
 */
export function applyFixes(
  facts: ProjectFacts,
  readText: ReadText,
  changes: readonly FileChange[],
  weaknesses: readonly Weakness[],
  chosen: ReadonlySet<string>,
): FixedChanges {
  const current = new Map(changes.map((change) => [change.path, change]));
  const state: Applied = { texts: new Map(), imports: new Map(), titles: new Map(), failed: [] };
  const textOf = (path: string): string | undefined => current.get(path)?.after ?? readText(path);
  const included = new Set<Weakness>();
  // One fix covers every place of its kind in a file: apply each (id, file) once.
  const seen = new Set<string>();
  for (const weakness of weaknesses) {
    const key = `${weakness.id} ${weakness.file}`;
    if (weakness.edits === undefined || !chosen.has(weakness.id) || seen.has(key)) continue;
    seen.add(key);
    if (applyOne(weakness, state, textOf, facts)) included.add(weakness);
    else state.failed.push(weakness);
  }
  const firstParty = firstPartyModules(facts.files.keys());
  const fixed: FileChange[] = [];
  for (const change of changes) fixed.push(state.texts.has(change.path) ? withFix(change, state, firstParty) : change);
  for (const path of [...state.texts.keys()].filter((candidate) => !current.has(candidate)).sort()) {
    const before = readText(path) ?? '';
    fixed.push(withFix({ path, kind: 'modify', before, after: before }, state, firstParty));
  }
  const isIncluded = (weakness: Weakness): boolean =>
    [...included].some((candidate) => candidate.id === weakness.id && candidate.file === weakness.file);
  const fixes: ProposedFix[] = [];
  for (const weakness of weaknesses) {
    if (weakness.edits === undefined || fixes.some((fix) => fix.id === weakness.id && fix.file === weakness.file)) continue;
    fixes.push({ id: weakness.id, file: weakness.file, title: weakness.title ?? weakness.id, included: isIncluded(weakness) });
  }
  const warnings = weaknesses
    .filter((weakness) => !isIncluded(weakness))
    .map((weakness) => {
      const failed = state.failed.includes(weakness) ? ' (its fix could not be applied to the code as it now reads: change it by hand)' : '';
      const manual = weakness.manual === undefined ? '' : ` (${weakness.manual})`;
      return `${weakness.file}: ${weakness.message}${manual}${failed}`;
    });
  return { changes: fixed.filter((change) => change.after !== change.before), fixes, warnings };
}

function withFix(change: FileChange, state: Applied, firstParty: ReadonlySet<string>): FileChange {
  const text = state.texts.get(change.path) ?? change.after;
  const needed = state.imports.get(change.path) ?? new ImportSet();
  const after = change.path.endsWith('.py') ? mergeImports(text, scanImports(text), needed, { firstParty, localNames: scanDefinedNames(text) }) : text;
  const fixesLine = `fixes: ${(state.titles.get(change.path) ?? []).join('; ')}`;
  return { ...change, after, description: change.description === undefined ? fixesLine : `${change.description}; ${fixesLine}` };
}

/** The change set with the chosen fixes applied and listed. */
export function withFixes(
  changeSet: ChangeSet,
  facts: ProjectFacts,
  readText: ReadText,
  weaknesses: readonly Weakness[],
  chosen: ReadonlySet<string>,
): ChangeSet {
  const fixed = applyFixes(facts, readText, changeSet.changes, weaknesses, chosen);
  return {
    ...changeSet,
    warnings: [...changeSet.warnings, ...fixed.warnings],
    changes: fixed.changes,
    ...(fixed.fixes.length === 0 ? {} : { fixes: fixed.fixes }),
  };
}
