/**
 * What a tool offered to other assistants is, independent of who offers it (VS Code's agent mode,
 * the MCP server): its names and descriptions, its input schema, and either a read of the
 * project's facts or an engine that proposes a ChangeSet. Front ends decide what happens to a
 * proposal (our review in VS Code; a proposal id to apply in MCP); no tool writes a file itself.
 */
import { z } from 'zod';
import type { ChangeSet } from '../changes/change-set';
import type { ProjectFacts } from '../project/facts';
import type { FileSource } from '../ports';

/** The engine declined (unknown model, nothing to add, ...): the message is for the caller. */
export class ToolRefusal extends Error {
  override readonly name = 'ToolRefusal';
}

/** The input did not match the tool's schema. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

export interface ToolMessages {
  /** Shown while the tool runs: "Reading the FastAPI project…". */
  readonly invocation: string;
  /** Shown before it runs, for the user to allow. */
  readonly confirmation: { readonly title: string; readonly message: string };
}

interface ToolDescription {
  /** `fastapi_generate_crud`: verb_noun, as agent tools are named. */
  readonly name: string;
  /** Referenced in prompts as `#fastapiCrud`. */
  readonly referenceName: string;
  readonly displayName: string;
  /** For people, in tool pickers. */
  readonly userDescription: string;
  /** For the model: when to call the tool and what it returns. */
  readonly modelDescription: string;
  /** A product icon: `$(wand)`. */
  readonly icon: string;
  readonly tags: readonly string[];
}

interface TypedTool<S extends z.ZodObject> extends ToolDescription {
  readonly input: S;
  readonly messages: (input: z.infer<S>) => ToolMessages;
}

export interface TypedReadTool<S extends z.ZodObject> extends TypedTool<S> {
  readonly run: (facts: ProjectFacts, input: z.infer<S>) => string;
}

/** What a generating tool may read besides the facts: the project's files, through the host's port. */
export interface ProposeContext {
  readonly source: FileSource;
}

export interface TypedGeneratingTool<S extends z.ZodObject> extends TypedTool<S> {
  /** Throws ToolRefusal when the engine declines. */
  readonly propose: (facts: ProjectFacts, input: z.infer<S>, context: ProposeContext) => Promise<ChangeSet>;
}

/** A tool with its input type erased, so front ends can hold a list of them. */
export interface ProjectTool extends ToolDescription {
  readonly kind: 'read' | 'generate';
  readonly input: z.ZodObject;
  /** The input schema as JSON Schema (what package.json declares). */
  readonly jsonSchema: () => Record<string, unknown>;
  /** Validates raw input; throws ToolInputError with every problem named. */
  readonly parse: (raw: unknown) => ToolInput;
}

/** Validated input, with the operations that need it bound. */
export interface ToolInput {
  /** The `root` argument, when given. */
  readonly root: string | undefined;
  readonly messages: ToolMessages;
  readonly run?: (facts: ProjectFacts) => string;
  readonly propose?: (facts: ProjectFacts, context: ProposeContext) => Promise<ChangeSet>;
}

function parseWith<S extends z.ZodObject>(schema: S, raw: unknown, tool: string): z.infer<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.length === 0 ? 'input' : issue.path.join('.')}: ${issue.message}`);
  throw new ToolInputError(`Invalid input for ${tool}: ${problems.join('; ')}.`);
}

function rootOf(input: unknown): string | undefined {
  const root = (input as { root?: unknown }).root;
  return typeof root === 'string' ? root : undefined;
}

function jsonSchemaOf(schema: z.ZodObject): () => Record<string, unknown> {
  return () => {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
    return rest;
  };
}

export function defineReadTool<S extends z.ZodObject>(tool: TypedReadTool<S>): ProjectTool {
  const { run, messages, ...description } = tool;
  return {
    ...description,
    kind: 'read',
    jsonSchema: jsonSchemaOf(tool.input),
    parse(raw) {
      const input = parseWith(tool.input, raw, tool.name);
      return { root: rootOf(input), messages: messages(input), run: (facts) => run(facts, input) };
    },
  };
}

export function defineGeneratingTool<S extends z.ZodObject>(tool: TypedGeneratingTool<S>): ProjectTool {
  const { propose, messages, ...description } = tool;
  return {
    ...description,
    kind: 'generate',
    jsonSchema: jsonSchemaOf(tool.input),
    parse(raw) {
      const input = parseWith(tool.input, raw, tool.name);
      return { root: rootOf(input), messages: messages(input), propose: (facts, context) => propose(facts, input, context) };
    },
  };
}

/** The `root` argument every tool takes. */
export const rootArgument = z
  .string()
  .min(1)
  .optional()
  .describe('The project folder: a path relative to the workspace (or a workspace folder name). Default: the workspace itself.');
