/**
 * Turns parsed blocks into FileChanges, one block at a time, behind every guard: path safety
 * (including symlink escape), no secret files, nothing outside what the assistant writes
 * (frontend, migrations, deployment: `assistant-scope.ts`), no placeholders, no unexplained
 * shrink, edits that match exactly. A rejected block never becomes a change; Python syntax errors become warnings.
 */
import { z } from 'zod';
import type { ChangeSet, FileChange } from '../changes/change-set';
import { checkChangePath, type EntryKind } from '../changes/path-safety';
import { secretPathReason } from '../changes/secret-filter';
import { outOfScopeFile, type ScopeKind, scopeReason } from './assistant-scope';
import { checkShrink, findPlaceholders } from './block-guards';
import { newControlCharacters } from '../changes/control-characters';
import type { ParsedBlock } from './block-parser';
import { applyEdits, parseEditBody } from './edit-blocks';

/** Read access to the workspace the changes are for. */
export interface WorkspaceAccess {
  /** Absolute root. */
  readonly root: string;
  /** Current text of a workspace-relative file; undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Resolves an absolute path through symlinks; undefined when it does not exist. */
  realpath(absolutePath: string): string | undefined;
  /** The kind of entry at an absolute path (no final symlink followed); absent where the host cannot tell. */
  readonly entryKind?: (absolutePath: string) => EntryKind | undefined;
}

export interface Rejection {
  readonly block: number;
  readonly path?: string;
  readonly reason: string;
  /** What the block proposed, when it got that far: to tell which accepted files relate to it. */
  readonly content?: string;
  /** Set when the file is of a kind the assistant does not write, whichever check refused it. */
  readonly outOfScope?: ScopeKind;
}

export type BlockOutcome =
  | { readonly kind: 'change'; readonly change: FileChange; readonly warnings: readonly string[] }
  | { readonly kind: 'rejected'; readonly rejection: Rejection }
  | { readonly kind: 'notice'; readonly message: string };

export interface ChangeBuilderOptions {
  readonly workspace: WorkspaceAccess;
  /** The user's request, to tell an asked-for deletion from an accidental one. */
  readonly request: string;
  /** Syntax problems of a Python text, as messages; none when it parses. */
  readonly checkSyntax?: (path: string, text: string) => Promise<readonly string[]>;
  /**
   * Puts back values that were redacted from the request when the model copies their markers
   * into a file that already holds them; `unresolved` lists the markers that cannot be.
   */
  readonly restoreRedacted?: (text: string, before: string | null) => { readonly text: string; readonly unresolved: readonly string[] };
}

const fileChangeSchema = z.object({
  path: z.string().min(1),
  kind: z.enum(['create', 'modify']),
  before: z.string().nullable(),
  after: z.string(),
  description: z.string().optional(),
});

interface Tracked {
  readonly before: string | null;
  after: string;
  warnings: string[];
}

const toLf = (text: string): string => text.replace(/\r\n/g, '\n');

export class ChangeSetBuilder {
  private readonly files = new Map<string, Tracked>();
  private readonly rejectionList: Rejection[] = [];
  private readonly noticeList: string[] = [];

  constructor(private readonly options: ChangeBuilderOptions) {}

  get rejections(): readonly Rejection[] {
    return this.rejectionList;
  }

  get notices(): readonly string[] {
    return this.noticeList;
  }

  async accept(block: ParsedBlock): Promise<BlockOutcome> {
    switch (block.kind) {
      case 'no-path':
        return this.notice(`Code block ${block.index} (${block.language || 'no language'}, ${block.lineCount} lines) has no usable file path, so it was not turned into a change. File blocks need a path, e.g. \`\`\`python path=app/routers/items.py.`);
      case 'too-large':
        return this.reject(block.index, block.path, `the block is too large (${block.chars} characters)`);
      case 'unterminated':
        return this.reject(block.index, block.path, 'the block was cut off before its closing fence (the answer was truncated), so it is incomplete');
      case 'file':
      case 'edit':
        try {
          return await this.fileOrEdit(block);
        } catch (error) {
          // A block is judged on its own: whatever it runs into, the rest of the answer stands.
          return this.reject(block.index, block.path, `it could not be checked: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
  }

  /** Adds a warning that concerns the whole answer (truncation, output cap). */
  warn(message: string): void {
    this.noticeList.push(message);
  }

  build(title: string, summary: string): ChangeSet {
    const changes: FileChange[] = [];
    const warnings: string[] = [...this.noticeList];
    for (const [path, tracked] of this.files) {
      changes.push(this.fileChange(path, tracked));
      warnings.push(...tracked.warnings);
    }
    for (const rejection of this.rejectionList) {
      warnings.push(describeRejection(rejection));
    }
    return { title, summary, warnings, changes };
  }

  private notice(message: string): BlockOutcome {
    this.noticeList.push(message);
    return { kind: 'notice', message };
  }

  private reject(block: number, path: string | undefined, reason: string, content?: string, outOfScope?: ScopeKind): BlockOutcome {
    const rejection: Rejection = {
      block,
      reason,
      ...(path === undefined ? {} : { path }),
      ...(content === undefined ? {} : { content }),
      ...(outOfScope === undefined ? {} : { outOfScope }),
    };
    this.rejectionList.push(rejection);
    return { kind: 'rejected', rejection };
  }

  private fileChange(path: string, tracked: Tracked): FileChange {
    const change = {
      path,
      kind: tracked.before === null ? 'create' : 'modify',
      before: tracked.before,
      after: tracked.after,
    } as const;
    return fileChangeSchema.parse(change);
  }

  private async fileOrEdit(block: Extract<ParsedBlock, { kind: 'file' | 'edit' }>): Promise<BlockOutcome> {
    const { workspace } = this.options;
    const checked = checkChangePath(block.path, {
      root: workspace.root,
      realpath: (absolute) => workspace.realpath(absolute),
      ...(workspace.entryKind === undefined ? {} : { entryKind: workspace.entryKind }),
    });
    if (!checked.ok) {
      // A CI workflow is refused as a protected place first; it is still one the assistant does not write.
      return this.reject(block.index, block.path, checked.reason, blockText(block), outOfScopeFile(block.path)?.kind);
    }
    const path = checked.path;
    const secret = secretPathReason(path);
    if (secret !== undefined) {
      return this.reject(block.index, path, `proposed changes to a ${secret} are never written; edit it yourself`);
    }
    const byName = outOfScopeFile(path);
    if (byName !== undefined) {
      return this.reject(block.index, path, scopeReason(byName), blockText(block), byName.kind);
    }

    const tracked = this.files.get(path);
    let onDisk: string | undefined;
    try {
      onDisk = tracked === undefined ? await workspace.readText(path) : undefined;
    } catch (error) {
      return this.reject(block.index, path, `the current file could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
    const before = tracked?.before ?? onDisk ?? null;
    const current = tracked?.after ?? before;
    const crlf = before?.includes('\r\n') === true;
    const currentLf = current === null ? null : toLf(current);

    const restore = (text: string): { text: string; unresolved: readonly string[] } =>
      this.options.restoreRedacted?.(text, currentLf) ?? { text, unresolved: [] };
    let after: string;
    if (block.kind === 'edit') {
      const restoredBody = restore(block.body);
      if (restoredBody.unresolved.length > 0) return this.reject(block.index, path, withheldReason(restoredBody.unresolved), block.body);
      const parsed = parseEditBody(restoredBody.text);
      if (!parsed.ok) {
        return this.reject(block.index, path, `the edit block is malformed: ${parsed.reason}`);
      }
      if (currentLf === null && parsed.edits.some((edit) => edit.search.trim() !== '')) {
        return this.reject(block.index, path, 'the edit block targets a file that does not exist; send the complete file instead');
      }
      const applied = applyEdits(currentLf ?? '', parsed.edits);
      if (!applied.ok) {
        return this.reject(block.index, path, `the edit does not fit the current file: ${applied.reason}`, blockText(block));
      }
      const placeholders = findPlaceholders(parsed.edits.map((edit) => edit.replace).join('\n'), parsed.edits.map((edit) => edit.search).join('\n'));
      if (placeholders.length > 0) {
        return this.reject(block.index, path, placeholderReason(placeholders), blockText(block));
      }
      after = applied.text;
    } else {
      const restored = restore(block.content);
      if (restored.unresolved.length > 0) return this.reject(block.index, path, withheldReason(restored.unresolved), block.content);
      const placeholders = findPlaceholders(restored.text, currentLf);
      if (placeholders.length > 0) {
        return this.reject(block.index, path, placeholderReason(placeholders), blockText(block));
      }
      after = restored.text;
    }

    const byContent = outOfScopeFile(path, after);
    if (byContent !== undefined) {
      return this.reject(block.index, path, scopeReason(byContent), after, byContent.kind);
    }

    const controls = newControlCharacters(after, currentLf);
    if (controls.length > 0) {
      return this.reject(block.index, path, `the block contains terminal control characters (${controls.join(', ')}) that hide what the file holds; only tab, CR and LF are allowed`, after);
    }

    const warnings: string[] = [];
    if (currentLf !== null && block.kind === 'file') {
      const shrink = checkShrink(currentLf, after, this.options.request);
      if (shrink !== undefined) {
        const figures = `${shrink.beforeLines} → ${shrink.afterLines} lines (${Math.round(shrink.removedShare * 100)}% removed)`;
        if (!shrink.explained) {
          return this.reject(block.index, path, `the new content would remove most of the existing file (${figures}) and the request did not ask for removals; ask again with an edit or say what to remove`, after);
        }
        warnings.push(`${path}: large removal, ${figures}, as the request asked`);
      }
    }
    if (path.endsWith('.py') && this.options.checkSyntax !== undefined) {
      for (const problem of await this.options.checkSyntax(path, after)) {
        warnings.push(`${path}: ${problem}`);
      }
    }

    const finalText = crlf ? after.replace(/\r?\n/g, '\r\n') : after;
    if (before !== null && finalText === before && tracked === undefined) {
      return this.notice(`${path}: the proposed content is identical to the file; nothing to change.`);
    }
    const entry: Tracked = tracked ?? { before, after: finalText, warnings: [] };
    entry.after = finalText;
    entry.warnings = [...entry.warnings.filter((warning) => !warning.startsWith(`${path}: syntax`)), ...warnings];
    this.files.set(path, entry);
    return { kind: 'change', change: this.fileChange(path, entry), warnings };
  }
}

function withheldReason(markers: readonly string[]): string {
  return `it contains ${markers.join(', ')}, a value withheld from the model that this file does not hold; writing it would put a placeholder where a secret belongs`;
}

function blockText(block: Extract<ParsedBlock, { kind: 'file' | 'edit' }>): string {
  return block.kind === 'file' ? block.content : block.body;
}

function placeholderReason(hits: readonly { line: number; text: string }[]): string {
  const first = hits[0];
  return `the block leaves code out (line ${first?.line ?? 0}: "${first?.text ?? ''}"); file blocks must be complete, or use an edit block`;
}

export function describeRejection(rejection: Rejection): string {
  const target = rejection.path === undefined ? `Code block ${rejection.block}` : `Code block ${rejection.block} (${JSON.stringify(rejection.path)})`;
  return `${target} was rejected: ${rejection.reason}.`;
}
