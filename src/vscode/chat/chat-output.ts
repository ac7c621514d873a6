/**
 * How a proposal appears in the chat: the files that were sent as references, the proposed files
 * as a tree, warnings, and the buttons that open the review or apply it.
 */
import * as vscode from 'vscode';
import type { AssembledContext } from '../../core/agent/context-assembly';
import type { ChangeSet } from '../../core/changes/change-set';
import { COMMANDS } from '../commands/command-ids';

export function showContextReferences(stream: vscode.ChatResponseStream, root: vscode.Uri, context: AssembledContext): void {
  for (const path of context.sentFiles) {
    stream.reference(vscode.Uri.joinPath(root, ...path.split('/')));
  }
}

/** Paths → the nested structure `stream.filetree` draws. */
function fileTree(paths: readonly string[]): vscode.ChatResponseFileTree[] {
  const roots: vscode.ChatResponseFileTree[] = [];
  for (const path of [...paths].sort()) {
    let level = roots;
    for (const name of path.split('/')) {
      let node = level.find((candidate) => candidate.name === name);
      if (node === undefined) {
        node = { name };
        level.push(node);
      }
      if (name !== path.split('/').at(-1)) {
        node.children ??= [];
        level = node.children;
      }
    }
  }
  return roots;
}

export function showProposal(
  stream: vscode.ChatResponseStream,
  root: vscode.Uri,
  changeSet: ChangeSet,
  reviewId: string | undefined,
  trusted: boolean,
  /** Blocks of the answer that were refused (listed among the notes). */
  rejectedBlocks = 0,
): void {
  if (changeSet.warnings.length > 0) {
    stream.markdown(`\n\n**Notes**\n${changeSet.warnings.map((warning) => `- ${warning}`).join('\n')}\n`);
  }
  if (changeSet.changes.length === 0) {
    stream.markdown(rejectedBlocks > 0 ? `\n\nNothing is proposed: every file block of the answer was refused (${rejectedBlocks}; see the notes).` : '\n\nNo file changes were proposed.');
    return;
  }
  const created = changeSet.changes.filter((change) => change.kind === 'create').length;
  const modified = changeSet.changes.length - created;
  stream.markdown(`\n\n**Proposed change** — ${created} new, ${modified} modified. Nothing is written until you apply it.\n`);
  stream.filetree(fileTree(changeSet.changes.map((change) => change.path)), root);
  if (reviewId === undefined) {
    return;
  }
  stream.button({ command: COMMANDS.reviewShow.id, title: 'Review changes', arguments: [{ reviewId }] });
  if (trusted) {
    stream.button({ command: COMMANDS.reviewApplyAll.id, title: 'Apply', arguments: [{ reviewId }] });
  } else {
    stream.markdown('\nThis workspace is in Restricted Mode: the proposal can be reviewed but not applied.');
  }
}

export function describeContext(context: AssembledContext): string {
  const lines = [`**Context**: ${context.sentFiles.length} files, about ${context.tokens} tokens.`];
  if (context.withheld.length > 0) {
    lines.push(`Never sent: ${context.withheld.map((entry) => `\`${entry.path}\` (${entry.reason})`).join(', ')}.`);
  }
  if (context.omitted.length > 0) {
    lines.push(`Left out to stay within the budget: ${context.omitted.map((entry) => `\`${entry}\``).join(', ')}.`);
  }
  return `${lines.join(' ')}\n\n`;
}
