/**
 * Agent definitions and task prompts: Markdown files with YAML front matter, validated with zod
 * so a broken file fails with its name and the offending field instead of a vague prompt bug.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normaliseText } from './context-format';

export class PromptFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(`${file}: ${field === undefined ? '' : `field "${field}": `}${detail}`);
    this.name = 'PromptFileError';
  }
}

const agentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a short identifier (letters, digits, "-", "_", ".")'),
    description: z.string().min(1, 'must not be empty'),
    /** An alias (`sonnet`, `opus`, `haiku`), a full model id, or `inherit` for the configured model. */
    model: z.string().min(1).default('inherit'),
    maxTokens: z.number().int().positive().max(128_000).default(16_000),
    temperature: z.number().min(0).max(1).optional(),
    /** Token budget for the project context sent with each request. */
    contextBudgetTokens: z.number().int().min(1_000).max(400_000).default(24_000),
    /** Accepted for compatibility with `.claude/agents` files; this agent proposes files, it runs no tools. */
    tools: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .loose();

export const TASK_COMMANDS = ['crud', 'endpoint', 'auth', 'spec', 'context', 'ask'] as const;
export type TaskCommand = (typeof TASK_COMMANDS)[number];

const taskSchema = z.object({
  command: z.enum(TASK_COMMANDS),
  description: z.string().min(1, 'must not be empty'),
  argumentHint: z.string().optional(),
  /** Offline engine whose draft is the starting point (and the fallback without a model). */
  offlineEngine: z.enum(['crud', 'auth', 'spec']).optional(),
});

export interface AgentDefinition {
  readonly name: string;
  readonly description: string;
  readonly model: string;
  readonly maxTokens: number;
  readonly temperature?: number;
  readonly contextBudgetTokens: number;
  /** The system prompt: the Markdown body. */
  readonly prompt: string;
  /** Where it came from: `prompts/agents/x.md` or `.claude/agents/x.md`. */
  readonly file: string;
  readonly origin: 'built-in' | 'workspace';
}

export interface TaskPrompt {
  readonly command: TaskCommand;
  readonly description: string;
  readonly argumentHint?: string;
  readonly offlineEngine?: 'crud' | 'auth' | 'spec';
  /** Template with `{{request}}`, `{{target}}` and `{{draft}}` placeholders. */
  readonly template: string;
  readonly file: string;
}

interface FrontMatterDocument {
  readonly data: unknown;
  readonly body: string;
}

function splitFrontMatter(file: string, text: string): FrontMatterDocument {
  const normalised = normaliseText(text);
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalised);
  if (match === null) {
    throw new PromptFileError(file, undefined, 'missing YAML front matter (a "---" line, fields, then "---")');
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new PromptFileError(file, undefined, `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PromptFileError(file, undefined, 'front matter must be a mapping of fields');
  }
  const body = normalised.slice(match[0].length).trim();
  if (body === '') {
    throw new PromptFileError(file, undefined, 'the prompt body after the front matter is empty');
  }
  return { data, body };
}

function firstIssue(file: string, error: z.ZodError): PromptFileError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  return new PromptFileError(file, field, issue?.message ?? 'invalid front matter');
}

export function parseAgentDefinition(
  file: string,
  text: string,
  origin: AgentDefinition['origin'] = 'built-in',
): AgentDefinition {
  const { data, body } = splitFrontMatter(file, text);
  const parsed = agentSchema.safeParse(data);
  if (!parsed.success) {
    throw firstIssue(file, parsed.error);
  }
  const { name, description, model, maxTokens, temperature, contextBudgetTokens } = parsed.data;
  return {
    name,
    description,
    model,
    maxTokens,
    ...(temperature === undefined ? {} : { temperature }),
    contextBudgetTokens,
    prompt: body,
    file,
    origin,
  };
}

export function parseTaskPrompt(file: string, text: string): TaskPrompt {
  const { data, body } = splitFrontMatter(file, text);
  const parsed = taskSchema.safeParse(data);
  if (!parsed.success) {
    throw firstIssue(file, parsed.error);
  }
  if (!body.includes('{{request}}')) {
    throw new PromptFileError(file, undefined, 'the template must contain the {{request}} placeholder');
  }
  return { ...parsed.data, template: body, file };
}
