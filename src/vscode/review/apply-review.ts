/**
 * Applies accepted files of a proposal as ONE WorkspaceEdit (one undo step). Every file is checked
 * again right before the edit: its path must pass the path-safety gate and its current text must
 * still be the text the proposal was computed against; otherwise it is a conflict and not written.
 */
import * as vscode from 'vscode';
import type { FileChange } from '../../core/changes/change-set';
import { checkChangePath } from '../../core/changes/path-safety';
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
}

/** How long a document loaded before the file changed on disk may take to reload it. */
const RELOAD_WAIT_MS = 3_000;

const decoder = new TextDecoder('utf-8');
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
    const uri = vscode.Uri.joinPath(root, ...checked.path.split('/'));
    const current = await currentText(uri);
    const conflict = conflictOf(change, current);
    if (conflict !== undefined) conflicts.push({ path: change.path, reason: conflict });
    else ready.push({ change, uri, current });
  }
  if (ready.length === 0) {
    return outcome('nothing', [], conflicts, rejected, 'Nothing was written.');
  }
  const edit = await buildEdit(ready, environment.label);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return outcome('failed', [], conflicts, rejected, 'VS Code did not apply the edit; nothing was written.');
  }
  await saveAll(ready.map((item) => item.uri));
  const written = ready.map((item) => item.change.path);
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
  return checkChangePath(path, { root: access.root, realpath: (absolute) => access.realpath(absolute) });
}

/**
 * The text the user would lose: an open document with unsaved edits is what they see; otherwise
 * the file on disk (an open, unmodified document may not have caught up with the disk yet).
 */
async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open?.isDirty === true) return open.getText();
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
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
  for (const { change, uri, current } of ready) {
    if (change.kind === 'create' || change.before === null) {
      edit.createFile(uri, { contents: encoder.encode(change.after), overwrite: false }, metadata);
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

async function saveAll(uris: readonly vscode.Uri[]): Promise<void> {
  for (const uri of uris) {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (document?.isDirty === true) await document.save();
  }
}
