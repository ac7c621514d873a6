/**
 * Collects what every emitter wants in each file (imports, appended definitions, line edits),
 * then renders one FileChange per file, so two emitters touching one file never clash.
 */
import type { FileChange } from '../../changes/change-set';
import type { ProjectFacts } from '../../project/facts';
import { importEdits } from '../python/import-merge';
import { ImportSet } from '../python/imports';
import { scanDefinedNames, scanImports } from '../python/module-scan';
import { appendTopLevel, editLines, type LineEdit } from '../python/line-edits';
import { joinTopLevel } from '../python/text';
import type { ReadText } from './modules';

export interface FileDraft {
  readonly path: string;
  /** Dotted module of the file: imports of its own names are dropped. */
  readonly module: string;
  readonly before: string | null;
  readonly imports: ImportSet;
  /** Module-level statements and definitions appended (or, for a new file, its body). */
  readonly blocks: string[];
  /** Edits against the original line numbers (registration lines, ...). */
  readonly edits: LineEdit[];
  /** Definitions placed after a given original line (schemas beside their table) instead of appended. */
  readonly placed: { readonly afterLine: number; readonly blocks: readonly string[] }[];
  readonly descriptions: string[];
}

export class ChangeWorkspace {
  private readonly drafts = new Map<string, FileDraft>();

  private readonly firstParty: Set<string>;

  constructor(
    private readonly facts: ProjectFacts,
    private readonly readText: ReadText,
    firstParty: ReadonlySet<string>,
  ) {
    this.firstParty = new Set(firstParty);
  }

  /** The file's current text on disk (or in the editor), undefined when it does not exist. */
  textOf(path: string): string | undefined {
    return this.drafts.get(path)?.before ?? this.readText(path);
  }

  file(path: string, module: string): FileDraft {
    let draft = this.drafts.get(path);
    if (draft === undefined) {
      draft = {
        path,
        module,
        before: this.readText(path) ?? null,
        imports: new ImportSet(),
        blocks: [],
        edits: [],
        placed: [],
        descriptions: [],
      };
      this.drafts.set(path, draft);
      // A module this change set creates at the top level is first party once applied (`import teams`).
      const top = module.split('.')[0] ?? '';
      if (draft.before === null && top !== '' && !module.startsWith('.')) {
        this.firstParty.add(top);
      }
    }
    return draft;
  }

  /** Adds `from module import names` unless the draft is that module. */
  static importFrom(draft: FileDraft, module: string | undefined, ...names: string[]): void {
    if (module !== undefined && module !== draft.module && names.length > 0) {
      draft.imports.from(module, ...names);
    }
  }

  toChanges(): FileChange[] {
    const changes: FileChange[] = [];
    for (const draft of this.drafts.values()) {
      // A new module that only imports (its content given up on, as tests without sample rows) is no file.
      if (draft.before === null && draft.blocks.length === 0 && draft.placed.length === 0 && draft.imports.list().length > 0) continue;
      const after = draft.before === null ? this.renderNew(draft) : this.renderModified(draft, draft.before);
      if (after === draft.before) {
        continue;
      }
      const description = draft.descriptions.join('; ');
      changes.push({
        path: draft.path,
        kind: draft.before === null ? 'create' : 'modify',
        before: draft.before,
        after,
        ...(description === '' ? {} : { description }),
      });
    }
    return changes;
  }

  private renderNew(draft: FileDraft): string {
    const imports = draft.imports.render({ firstParty: this.firstParty });
    const body = joinTopLevel([...draft.placed.flatMap((entry) => entry.blocks), ...draft.blocks]);
    if (imports === '') {
      return body;
    }
    // One blank line before a statement, two before a definition.
    const separator = /^(def |class |async def |@)/.test(body) ? '\n\n\n' : '\n\n';
    return `${imports}${separator}${body}`;
  }

  private renderModified(draft: FileDraft, before: string): string {
    const fileFacts = this.facts.files.get(draft.path);
    const localNames = new Set<string>([
      ...scanDefinedNames(before),
      ...(fileFacts?.classes.map((cls) => cls.name) ?? []),
      ...(fileFacts?.functions.map((fn) => fn.name) ?? []),
    ]);
    const imports = fileFacts?.imports ?? scanImports(before);
    const lineCount = before.split('\n').length;
    const placedEdits: LineEdit[] = [];
    const appended: string[] = [];
    for (const { afterLine, blocks } of draft.placed) {
      if (afterLine + 1 >= lineCount || before.split('\n').slice(afterLine + 1).every((line) => line.trim() === '')) {
        appended.push(...blocks);
      } else {
        const lines = blocks.flatMap((block) => ['', '', ...block.trimEnd().split('\n')]);
        placedEdits.push({ start: afterLine + 1, end: afterLine + 1, lines });
      }
    }
    const edits = [
      ...importEdits(before, imports, draft.imports, { firstParty: this.firstParty, localNames }),
      ...draft.edits,
      ...placedEdits,
    ];
    return appendTopLevel(editLines(before, edits), [...appended, ...draft.blocks]);
  }
}
