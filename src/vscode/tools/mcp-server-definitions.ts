/**
 * Offers the extension's MCP server (`dist/cli.js mcp --root <folder>`) to VS Code, one per
 * workspace folder on disk. The server can write files (`apply_proposal`), so it is offered only in
 * trusted workspaces. Nothing of the MCP SDK loads in the extension: VS Code starts the server as
 * a separate process with the extension host's own Node runtime.
 */
import * as vscode from 'vscode';
import { MCP_PROVIDER_ID } from '../commands/command-ids';
import type { ExtensionServices } from '../services';

export function mcpServerDefinitions(services: Pick<ExtensionServices, 'context'>): vscode.McpStdioServerDefinition[] {
  if (!vscode.workspace.isTrusted) return [];
  const cli = services.context.asAbsolutePath('dist/cli.js');
  const version = (services.context.extension.packageJSON as { version?: string }).version;
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map(
      (folder) =>
        // ELECTRON_RUN_AS_NODE: in desktop VS Code the runtime is Electron, which then acts as plain Node.
        new vscode.McpStdioServerDefinition(`FastAPI Backend Engineer: ${folder.name}`, process.execPath, [cli, 'mcp', '--root', folder.uri.fsPath], { ELECTRON_RUN_AS_NODE: '1' }, version),
    );
}

export function registerMcpServerDefinitions(services: ExtensionServices): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => mcpServerDefinitions(services),
  };
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
  );
}
