/**
 * The agents and task prompts on offer: the built-in ones shipped in `prompts/` and the
 * workspace's own `.claude/agents/*.md` files (same format), which are offered as choices.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type AgentDefinition,
  parseAgentDefinition,
  parseTaskPrompt,
  PromptFileError,
  TASK_COMMANDS,
  type TaskCommand,
  type TaskPrompt,
} from './prompt-files';

export const DEFAULT_AGENT_NAME = 'fastapi-backend-engineer';
export const WORKSPACE_AGENTS_DIR = '.claude/agents';

export interface AgentCatalog {
  readonly agents: readonly AgentDefinition[];
  readonly tasks: ReadonlyMap<TaskCommand, TaskPrompt>;
  /** Workspace agent files that could not be read: shown to the user, never fatal. */
  readonly problems: readonly string[];
}

/** A prompt file's text with its path for messages. */
export interface PromptFileText {
  readonly path: string;
  readonly text: string;
}

/** A workspace agent file that was skipped (a folder, a FIFO, unreadable), with why. */
export interface PromptFileProblem {
  readonly path: string;
  readonly problem: string;
}

export type WorkspaceAgentEntry = PromptFileText | PromptFileProblem;

/** Finds the shipped `prompts/` folder from the bundle (`dist/`) or the sources. */
export function findPromptsDir(startDir: string): string {
  let dir = startDir;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'prompts');
    if (existsSync(join(candidate, 'agents'))) {
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      break;
    }
    dir = parent;
  }
  throw new Error(`The prompts folder was not found above ${startDir}; the installation is incomplete.`);
}

function readMarkdownFiles(dir: string, label: string): PromptFileText[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ path: `${label}/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Reads `.claude/agents/*.md` under a workspace root from disk (the CLI and tests). Only regular
 * files are read (opened without blocking, so a FIFO cannot hang the read); anything else named
 * `*.md` there is skipped with a message.
 */
export function readWorkspaceAgentFiles(root: string): WorkspaceAgentEntry[] {
  const dir = join(root, WORKSPACE_AGENTS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    return [{ path: WORKSPACE_AGENTS_DIR, problem: `${WORKSPACE_AGENTS_DIR}: the agents folder could not be read (${code ?? String(error)}); workspace agents are skipped` }];
  }
  return names.map((name) => readAgentFile(join(dir, name), `${WORKSPACE_AGENTS_DIR}/${name}`));
}

function readAgentFile(absolute: string, path: string): WorkspaceAgentEntry {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { path, problem: `${path} is not a regular file (${info.isDirectory() ? 'a folder' : 'a FIFO, socket or device'}); skipped` };
    return { path, text: readFileSync(fd, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path, problem: `${path} could not be read (${code === 'ELOOP' ? 'a symlink loop' : (code ?? String(error))}); skipped` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The prompts shipped with the extension: they do not change while it runs, so they can be read once. */
export interface BuiltInPrompts {
  readonly agents: readonly AgentDefinition[];
  readonly tasks: ReadonlyMap<TaskCommand, TaskPrompt>;
}

export function loadBuiltInPrompts(promptsDir: string): BuiltInPrompts {
  const agents = readMarkdownFiles(join(promptsDir, 'agents'), 'prompts/agents').map((file) =>
    parseAgentDefinition(file.path, file.text, 'built-in'),
  );
  const tasks = new Map<TaskCommand, TaskPrompt>();
  for (const file of readMarkdownFiles(join(promptsDir, 'tasks'), 'prompts/tasks')) {
    const task = parseTaskPrompt(file.path, file.text);
    tasks.set(task.command, task);
  }
  const missing = TASK_COMMANDS.filter((command) => !tasks.has(command));
  if (missing.length > 0) {
    throw new PromptFileError('prompts/tasks', undefined, `missing task prompts: ${missing.join(', ')}`);
  }
  if (!agents.some((agent) => agent.name === DEFAULT_AGENT_NAME)) {
    throw new PromptFileError('prompts/agents', undefined, `the default agent "${DEFAULT_AGENT_NAME}" is missing`);
  }
  return { agents, tasks };
}

/** The shipped prompts plus the workspace's agent files; a workspace file that does not parse is a problem, not a failure. */
export function withWorkspaceAgents(builtIn: BuiltInPrompts, workspaceAgentFiles: readonly WorkspaceAgentEntry[]): AgentCatalog {
  const problems: string[] = [];
  const agents = [...builtIn.agents];
  for (const file of workspaceAgentFiles) {
    if ('problem' in file) {
      problems.push(file.problem);
      continue;
    }
    try {
      const agent = parseAgentDefinition(file.path, file.text, 'workspace');
      if (agents.some((existing) => existing.name === agent.name)) {
        problems.push(`${file.path}: an agent named "${agent.name}" already exists; this one is ignored`);
        continue;
      }
      agents.push(agent);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { agents, tasks: builtIn.tasks, problems };
}

export function loadAgentCatalog(promptsDir: string, workspaceAgentFiles: readonly WorkspaceAgentEntry[] = []): AgentCatalog {
  return withWorkspaceAgents(loadBuiltInPrompts(promptsDir), workspaceAgentFiles);
}

/** The named agent is neither built in nor in the workspace's `.claude/agents`. */
export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
}

export function findAgent(catalog: AgentCatalog, name: string | undefined): AgentDefinition {
  const wanted = name ?? DEFAULT_AGENT_NAME;
  const agent = catalog.agents.find((candidate) => candidate.name === wanted);
  if (agent === undefined) {
    const names = catalog.agents.map((candidate) => candidate.name).join(', ');
    throw new UnknownAgentError(`No agent named "${wanted}". Available agents: ${names}.`);
  }
  return agent;
}

export function taskPrompt(catalog: AgentCatalog, command: TaskCommand): TaskPrompt {
  const task = catalog.tasks.get(command);
  if (task === undefined) {
    throw new Error(`No task prompt for /${command}.`);
  }
  return task;
}
