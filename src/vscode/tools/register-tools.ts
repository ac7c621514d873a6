/**
 * The project tools as language model tools for agent mode (`vscode.lm.registerTool`). Reading
 * tools answer with compact facts; a generating tool opens its proposal in our review and tells
 * the agent what it proposed — it never writes: only the user's apply in the review does.
 *
 * The tools are registered under the names package.json declares (a spec keeps those equal to
 * the registry in core/tools); their definitions, and the engines, load on first use.
 */
import * as vscode from 'vscode';
import type { ProjectTool, ToolInput } from '../../core/tools/tool-definition';
import type { ProjectIndexService } from '../index/project-index-service';
import { notifyProposal } from '../review/review-ui';
import { WorkspaceFileSource } from '../workspace-file-source';
import type { ExtensionServices } from '../services';

interface DeclaredTool {
  readonly name: string;
}

async function toolNamed(name: string): Promise<ProjectTool> {
  const { PROJECT_TOOLS } = await import('../../core/tools/project-tools');
  const tool = PROJECT_TOOLS.find((candidate) => candidate.name === name);
  if (tool === undefined) throw new Error(`The tool ${name} is declared but has no implementation in this version.`);
  return tool;
}

/** The folder a `root` argument names: a folder's name or path; by default the active editor's, else the first. */
function folderFor(root: string | undefined): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('No folder is open in the editor: open the FastAPI project first.');
  if (root === undefined || root === '.') {
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active)) ?? (folders[0] as vscode.WorkspaceFolder);
  }
  const match = folders.find((folder) => folder.name === root || folder.uri.fsPath === root || folder.uri.toString() === root);
  if (match === undefined) {
    throw new Error(`No workspace folder is named "${root}". Open folders: ${folders.map((folder) => folder.name).join(', ')}. Leave root out for the current one.`);
  }
  return match;
}

async function invoke(services: ExtensionServices, tool: ProjectTool, input: ToolInput, token: vscode.CancellationToken): Promise<string> {
  const folder = folderFor(input.root);
  const index: ProjectIndexService | undefined = services.indexes.serviceOf(folder.uri)?.service;
  if (index === undefined) throw new Error(`${folder.name} is not a folder of this workspace.`);
  const facts = await index.ensureFacts(false);
  if (token.isCancellationRequested) throw new vscode.CancellationError();
  if (input.run !== undefined) return input.run(facts);
  if (input.propose === undefined) throw new Error(`${tool.name} has nothing to run.`);
  const changeSet = await input.propose(facts, { source: new WorkspaceFileSource(folder.uri) });
  const review = await services.review.open(changeSet, { root: folder.uri, ifOpen: 'ask' });
  if (review === undefined) {
    return `The user kept the proposal that was already open in the review, so "${changeSet.title}" was not opened. Nothing was written.`;
  }
  notifyProposal(review);
  services.logger.info(`${tool.name}: opened review ${review.id} (${changeSet.changes.length} files)`);
  const { proposalText } = await import('../../core/tools/proposal-text');
  return proposalText(changeSet, `Opened in the editor's review as proposal ${review.id}. Nothing has been written: the user applies all, some or none of the files there. Do not write these files yourself.`);
}

function languageModelTool(services: ExtensionServices, name: string): vscode.LanguageModelTool<Record<string, unknown>> {
  return {
    async prepareInvocation(options) {
      const input = (await toolNamed(name)).parse(options.input);
      return {
        invocationMessage: input.messages.invocation,
        confirmationMessages: { title: input.messages.confirmation.title, message: new vscode.MarkdownString(input.messages.confirmation.message) },
      };
    },
    async invoke(options, token) {
      const tool = await toolNamed(name);
      try {
        const text = await invoke(services, tool, tool.parse(options.input), token);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
      } catch (error) {
        if (!(error instanceof vscode.CancellationError)) services.logger.warn(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        // The message is what the calling model reads: the refusals and input errors say what to change.
        throw error;
      }
    },
  };
}

export function registerProjectTools(services: ExtensionServices): vscode.Disposable {
  const declared = (services.context.extension.packageJSON as { contributes?: { languageModelTools?: readonly DeclaredTool[] } }).contributes?.languageModelTools ?? [];
  return vscode.Disposable.from(...declared.map((tool) => vscode.lm.registerTool(tool.name, languageModelTool(services, tool.name))));
}
