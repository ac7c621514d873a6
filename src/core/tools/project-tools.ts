/**
 * The tools both front ends offer: VS Code registers each as a language model tool (and
 * package.json must declare exactly these, a spec checks it); the MCP server serves each.
 *
 * A generating tool is listed here once its engine is in `src/core/generate/`: add one
 * `defineGeneratingTool` entry whose `propose` loads the engine on first use and turns the
 * engine's refusal into a ToolRefusal, and its `contributes.languageModelTools` entry (the
 * manifest spec prints the expected JSON when they disagree). Nothing else needs to change.
 */
import { z } from 'zod';
import { compactFacts, DEFAULT_FACTS_CHARS, MAX_FACTS_CHARS, MIN_FACTS_CHARS } from './compact-facts';
import { defineGeneratingTool, defineReadTool, type ProjectTool, rootArgument, ToolRefusal } from './tool-definition';

const NOTHING_WRITTEN = 'Nothing is written: the proposal is shown for review, and only the files the user accepts are applied.';

export const projectFactsTool = defineReadTool({
  name: 'fastapi_project_facts',
  referenceName: 'fastapiFacts',
  displayName: 'FastAPI Project Facts',
  userDescription: 'What the FastAPI Backend Engineer read from the project: routes with full paths, models, dependencies and conventions.',
  modelDescription:
    'Returns compact facts about the FastAPI + SQLModel project in the workspace, read statically from its code: every route with method, full path (all router and app prefixes applied), handler, who may call it (public, user or superuser) and response model; table models with fields, primary and foreign keys and relationships; the session, current-user and superuser dependencies; the project conventions (layout, id type, PUT or PATCH, list shape); files with syntax errors. Call it before changing or adding endpoints, models or tests, instead of reading many files.',
  icon: '$(list-tree)',
  tags: ['fastapi', 'python', 'backend'],
  input: z
    .object({
      root: rootArgument,
      maxChars: z
        .number()
        .int()
        .min(MIN_FACTS_CHARS)
        .max(MAX_FACTS_CHARS)
        .optional()
        .describe(`Longest answer in characters (default ${DEFAULT_FACTS_CHARS}); sections are cut at whole lines, with a remark on what was left out.`),
    })
    .strict(),
  messages: () => ({
    invocation: 'Reading the FastAPI project',
    confirmation: {
      title: 'Read the FastAPI project?',
      message: 'Shares the routes, models, dependencies and conventions the extension read from this workspace with the chat. No file is changed.',
    },
  }),
  run: (facts, input) => compactFacts(facts, input.maxChars ?? DEFAULT_FACTS_CHARS),
});

export const generateCrudTool = defineGeneratingTool({
  name: 'fastapi_generate_crud',
  referenceName: 'fastapiCrud',
  displayName: 'Generate FastAPI CRUD',
  userDescription: 'Propose CRUD endpoints, schemas, registration and tests for a SQLModel table model, reviewed as a diff.',
  modelDescription:
    `Proposes complete CRUD for one SQLModel table model (table=True), following the project's own conventions: missing Create/Update/Public schemas, a router with list, read, create, update and delete (or only the operations still missing), its include_router registration, and pytest tests. Returns a summary and the unified diff. ${NOTHING_WRITTEN} Refuses with a reason for unknown models, non-table classes, models without a primary key and models that already have every operation.`,
  icon: '$(wand)',
  tags: ['fastapi', 'python', 'backend', 'crud'],
  input: z
    .object({
      model: z.string().min(1).describe('Name of the SQLModel table class, as written in the code: Hero.'),
      root: rootArgument,
    })
    .strict(),
  messages: (input) => ({
    invocation: `Proposing CRUD for ${input.model}`,
    confirmation: {
      title: `Propose CRUD for ${input.model}?`,
      message: `Generates schemas, a router, its registration and tests for ${input.model} and opens them for review. ${NOTHING_WRITTEN}`,
    },
  }),
  propose: async (facts, input) => {
    const { CrudRefusal, generateCrud } = await import('../generate/crud/index');
    try {
      return generateCrud(facts, input.model);
    } catch (error) {
      if (error instanceof CrudRefusal) throw new ToolRefusal(error.message);
      throw error;
    }
  },
});

/** Every tool, in the order they are offered. */
export const PROJECT_TOOLS: readonly ProjectTool[] = [projectFactsTool, generateCrudTool];
