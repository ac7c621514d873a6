/**
 * Applies accepted files of a proposal as ONE WorkspaceEdit (one undo step). Every file is checked
 * again right before the edit: its path must pass the path-safety gate and its current text must
 * still be the text the proposal was computed against; otherwise it is a conflict and not written.
 */
import { statSync } from 'node:fs';
import { sep } from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../../core/changes/change-set';
import { nodeRealpath } from '../../core/changes/node-probe';
import { checkChangePath } from '../../core/changes/path-safety';
import { declaredEncodingOfText, decodeSource, encodeSource } from '../../core/changes/source-encoding';
import { workspaceAccess } from '../workspace-access';

export interface PathProblem {
  readonly path: string;
  readonly reason: string;
}

export interface ApplyOutcome {
  /** `refused`: restricted mode; `nothing`: no file could be written; `failed`: the editor rejected the edit. */
  readonly status: 'applied' | 'refused' | 'nothing' | 'failed';
  readonly written: readonly string[];
  readonly conflicts: readonly PathProblem[];
  readonly rejected: readonly PathProblem[];
  readonly message: string;
}

export interface ApplyEnvironment {
  readonly isTrusted: () => boolean;
  readonly label: string;
}

interface CheckedChange {
  readonly change: FileChange;
  readonly uri: vscode.Uri;
  /** The text checked against the proposal (buffer or disk); the edit must start from it. */
  readonly current: string | undefined;
  /**
   * Bytes to write in place of the whole file, for a file in another encoding than UTF-8 (a
   * text document might decode it differently); undefined to edit through the document.
   */
  readonly bytes?: Uint8Array;
}

/** What is on disk now, decoded as Python decodes it, or why it must not be edited. */
type CurrentFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string; readonly encoding: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** How long a document loaded before the file changed on disk may take to reload it. */
const RELOAD_WAIT_MS = 3_000;

const encoder = new TextEncoder();

export async function applyChanges(
  root: vscode.Uri,
  changes: readonly FileChange[],
  environment: ApplyEnvironment,
): Promise<ApplyOutcome> {
  if (!environment.isTrusted()) {
    return outcome('refused', [], [], [], 'This workspace is in Restricted Mode: proposals can be reviewed but not applied. Trust the workspace to apply them.');
  }
  const rejected: PathProblem[] = [];
  const conflicts: PathProblem[] = [];
  const ready: CheckedChange[] = [];
  for (const change of changes) {
    const checked = checkPath(root, change.path);
    if (!checked.ok) {
      rejected.push({ path: change.path, reason: checked.reason });
      continue;
    }
    const uri = realUri(root, checked.path);
    const current = await currentFile(uri);
    if (current.kind === 'refused') {
      conflicts.push({ path: change.path, reason: current.reason });
      continue;
    }
    const currentText = current.kind === 'text' ? current.text : undefined;
    const conflict = conflictOf(change, currentText);
    if (conflict !== undefined) {
      conflicts.push({ path: change.path, reason: conflict });
      continue;
    }
    const bytes = bytesFor(change, current);
    if (bytes !== undefined && !bytes.ok) conflicts.push({ path: change.path, reason: `not written: ${bytes.reason}` });
    else ready.push({ change, uri, current: currentText, ...(bytes === undefined ? {} : { bytes: bytes.bytes }) });
  }
  if (ready.length === 0) {
    return outcome('nothing', [], conflicts, rejected, 'Nothing was written.');
  }
  const edit = await buildEdit(ready, environment.label);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return outcome('failed', [], conflicts, rejected, 'VS Code did not apply the edit; nothing was written.');
  }
  const unsaved = await saveAll(ready.map((item) => item.uri));
  for (const item of ready) {
    if (unsaved.has(item.uri.toString())) conflicts.push({ path: item.change.path, reason: 'changed in the editor but not saved: the editor could not save it (save it there)' });
  }
  const written = ready.filter((item) => !unsaved.has(item.uri.toString())).map((item) => item.change.path);
  return outcome('applied', written, conflicts, rejected, `Wrote ${written.length} file${written.length === 1 ? '' : 's'}.`);
}

function outcome(
  status: ApplyOutcome['status'],
  written: readonly string[],
  conflicts: readonly PathProblem[],
  rejected: readonly PathProblem[],
  summary: string,
): ApplyOutcome {
  const problems = [...conflicts, ...rejected].map((problem) => `${problem.path}: ${problem.reason}`);
  const message = problems.length === 0 ? summary : `${summary} Not written: ${problems.join('; ')}.`;
  return { status, written, conflicts, rejected, message };
}

function checkPath(root: vscode.Uri, path: string): ReturnType<typeof checkChangePath> {
  const access = workspaceAccess(root);
  return checkChangePath(path, {
    root: access.root,
    realpath: (absolute) => access.realpath(absolute),
    ...(access.entryKind === undefined ? {} : { entryKind: access.entryKind }),
  });
}

/**
 * A symlinked file is edited where it really is (the path check has made sure that is inside
 * the workspace), so the link stays a link and its target gets the change.
 */
function realUri(root: vscode.Uri, path: string): vscode.Uri {
  const uri = vscode.Uri.joinPath(root, ...path.split('/'));
  if (root.scheme !== 'file') return uri;
  // Relative to the root's own real path: a symlink above the workspace (a linked home or /tmp)
  // must not change which document is edited, only a link inside it.
  const rootReal = nodeRealpath(root.fsPath);
  const real = nodeRealpath(uri.fsPath);
  if (rootReal === undefined || real === undefined || !real.startsWith(rootReal + sep)) return uri;
  const realRelative = real.slice(rootReal.length + 1).split(sep);
  return realRelative.join('/') === path ? uri : vscode.Uri.joinPath(root, ...realRelative);
}

/**
 * The text the user would lose: an open document with unsaved edits is what they see; otherwise
 * the file on disk (an open, unmodified document may not have caught up with the disk yet),
 * decoded strictly in its declared encoding. A read-only file, or one whose bytes are not valid
 * in its encoding, is refused rather than overwritten.
 */
async function currentFile(uri: vscode.Uri): Promise<CurrentFile> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { kind: 'missing' };
  }
  if ((stat.type & vscode.FileType.File) === 0) return { kind: 'refused', reason: 'the path is not a regular file' };
  if (((stat.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0 || hasNoWriteBits(uri)) {
    return { kind: 'refused', reason: 'the file is read-only; make it writable to apply the change' };
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return { kind: 'refused', reason: `the file could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { kind: 'refused', reason: `not edited, so that none of its bytes are lost: ${decoded.reason}` };
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open?.isDirty === true) return { kind: 'text', text: open.getText(), encoding: decoded.encoding };
  return { kind: 'text', text: decoded.text, encoding: decoded.encoding };
}

/** A local file with no write bit for anyone is read-only, whoever runs the editor (root too). */
function hasNoWriteBits(uri: vscode.Uri): boolean {
  if (uri.scheme !== 'file') return false;
  const mode = statSync(uri.fsPath, { throwIfNoEntry: false })?.mode;
  return mode !== undefined && (mode & 0o222) === 0;
}

/** Bytes for a file whose old or new text is not UTF-8; undefined when the document can do it. */
function bytesFor(change: FileChange, current: CurrentFile): ReturnType<typeof encodeSource> | undefined {
  const oldEncoding = current.kind === 'text' ? current.encoding : 'utf-8';
  const newEncoding = declaredEncodingOfText(change.after);
  return oldEncoding === 'utf-8' && newEncoding === 'utf-8' ? undefined : encodeSource(change.after);
}

function conflictOf(change: FileChange, current: string | undefined): string | undefined {
  if (change.kind === 'create' || change.before === null) {
    return current === undefined ? undefined : 'the file exists now; it did not when the change was proposed';
  }
  if (current === undefined) return 'the file was deleted after the change was proposed';
  return sameText(current, change.before) ? undefined : 'the file changed after the change was proposed';
}

/** Line endings and a byte-order mark are representation, not content the user wrote. */
function sameText(left: string, right: string): boolean {
  if (left === right) return true;
  const canonical = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return canonical(left) === canonical(right);
}

async function buildEdit(ready: readonly CheckedChange[], label: string): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
  for (const { change, uri, current, bytes } of ready) {
    if (change.kind === 'create' || change.before === null) {
      edit.createFile(uri, { contents: bytes ?? encoder.encode(change.after), overwrite: false }, metadata);
      continue;
    }
    if (bytes !== undefined) {
      // The exact bytes in the file's own encoding; an editor buffer might have decoded it otherwise.
      edit.createFile(uri, { contents: bytes, overwrite: true }, metadata);
      continue;
    }
    // Replacing through the document (opened if needed) keeps the edit on the undo stack.
    const document = await caughtUp(await vscode.workspace.openTextDocument(uri), current);
    const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
    edit.replace(uri, whole, change.after, metadata);
  }
  return edit;
}

/**
 * A document loaded before its file was changed on disk (a checkout, a restore) reloads a moment
 * later; an edit made on the stale text would be refused by the editor. Waits for the reload.
 */
async function caughtUp(document: vscode.TextDocument, current: string | undefined): Promise<vscode.TextDocument> {
  if (document.isDirty || current === undefined || sameText(document.getText(), current)) return document;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(finish, RELOAD_WAIT_MS);
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && sameText(document.getText(), current)) finish();
    });
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
  return document;
}

/** Saves the edited documents; returns the ones the editor could not save (a file changed under it, a failing disk). */
async function saveAll(uris: readonly vscode.Uri[]): Promise<Set<string>> {
  const unsaved = new Set<string>();
  for (const uri of uris) {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (document?.isDirty === true && !(await document.save())) unsaved.add(uri.toString());
  }
  return unsaved;
}
