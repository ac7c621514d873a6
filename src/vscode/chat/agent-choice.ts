/**
 * Which agent answers in this workspace: the built-in one unless the user picked one of the
 * workspace's `.claude/agents/*.md` with `/agent <name>`. The choice is kept per workspace.
 */
import * as vscode from 'vscode';
import {
  type AgentCatalog,
  type BuiltInPrompts,
  findPromptsDir,
  loadBuiltInPrompts,
  WORKSPACE_AGENTS_DIR,
  type WorkspaceAgentEntry,
  withWorkspaceAgents,
} from '../../core/agent/agent-catalog';

const CHOICE_KEY = 'fastapiBackendEngineer.agent';

/**
 * The workspace's agent files through `workspace.fs`. Only regular files (or links to them) are
 * read; a folder, FIFO or unreadable entry named `*.md` is skipped with a message.
 */
async function readWorkspaceAgents(folder: vscode.Uri): Promise<WorkspaceAgentEntry[]> {
  const dir = vscode.Uri.joinPath(folder, ...WORKSPACE_AGENTS_DIR.split('/'));
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch (error) {
    if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'FileNotADirectory')) return []; // no workspace agents
    throw error;
  }
  const markdown = entries.filter(([name]) => name.endsWith('.md')).sort(([left], [right]) => left.localeCompare(right));
  return Promise.all(markdown.map(([name, type]) => readAgentEntry(dir, name, type)));
}

async function readAgentEntry(dir: vscode.Uri, name: string, type: vscode.FileType): Promise<WorkspaceAgentEntry> {
  const path = `${WORKSPACE_AGENTS_DIR}/${name}`;
  if ((type & vscode.FileType.File) === 0) {
    const what = (type & vscode.FileType.Directory) !== 0 ? 'a folder' : 'not a regular file (a FIFO, socket, device or broken link)';
    return { path, problem: `${path} is ${what}; skipped` };
  }
  try {
    return { path, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name))) };
  } catch (error) {
    return { path, problem: `${path} could not be read (${error instanceof Error ? error.message : String(error)}); skipped` };
  }
}

/**
 * Loads the catalog for a request: the shipped prompts once (they never change while the
 * extension runs), the workspace's agent files every time (the user edits them).
 */
export function catalogLoader(context: vscode.ExtensionContext): (folder: vscode.Uri) => Promise<AgentCatalog> {
  let builtIn: BuiltInPrompts | undefined;
  return async (folder) => {
    builtIn ??= loadBuiltInPrompts(findPromptsDir(context.extensionUri.fsPath));
    return withWorkspaceAgents(builtIn, await readWorkspaceAgents(folder));
  };
}

export function chosenAgent(context: vscode.ExtensionContext): string | undefined {
  return context.workspaceState.get<string>(CHOICE_KEY);
}

/** `/agent` lists the agents; `/agent <name>` chooses one. */
export async function handleAgentCommand(
  context: vscode.ExtensionContext,
  catalog: AgentCatalog,
  argument: string,
  stream: vscode.ChatResponseStream,
): Promise<vscode.ChatResult> {
  const wanted = argument.trim();
  if (wanted !== '') {
    const agent = catalog.agents.find((candidate) => candidate.name === wanted);
    if (agent === undefined) {
      return { errorDetails: { message: `No agent named "${wanted}". Available: ${catalog.agents.map((candidate) => candidate.name).join(', ')}.` } };
    }
    await context.workspaceState.update(CHOICE_KEY, agent.name);
    stream.markdown(`Requests in this workspace now go to **${agent.name}** — ${agent.description}`);
    return { metadata: { command: 'agent', agent: agent.name } };
  }
  const current = chosenAgent(context);
  stream.markdown('Agents you can choose with `/agent <name>`:\n\n');
  for (const agent of catalog.agents) {
    const marker = (current ?? catalog.agents[0]?.name) === agent.name ? ' (current)' : '';
    stream.markdown(`- **${agent.name}**${marker} — ${agent.description} _(${agent.file})_\n`);
  }
  for (const problem of catalog.problems) {
    stream.markdown(`\n⚠️ ${problem}\n`);
  }
  return { metadata: { command: 'agent', agents: catalog.agents.map((agent) => agent.name) } };
}
