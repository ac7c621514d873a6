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

export const addAuthTool = defineGeneratingTool({
  name: 'fastapi_add_auth',
  referenceName: 'fastapiAuth',
  displayName: 'Add FastAPI JWT Authentication',
  userDescription: 'Propose JWT authentication (login, refresh with rotation, logout, current-user dependency, attack tests) and secure unprotected routes, reviewed as a diff.',
  modelDescription:
    `Proposes complete JWT authentication for the FastAPI + SQLModel project, in its own layout: Argon2 password hashing (pwdlib), PyJWT access and refresh tokens with pinned algorithm and required exp/sub/iat/type claims, refresh rotation with reuse detection, logout, /users/me, signup without privileged fields, a current-user dependency answering 401 with WWW-Authenticate, a superuser guard where users have is_superuser, the current-user dependency on every unprotected route (login, refresh, signup, health and docs stay public), and attack tests. Weaknesses in existing auth come back as warnings. Returns a summary and the unified diff. ${NOTHING_WRITTEN} Refuses with a reason when the project already has complete auth or when its auth is partial.`,
  icon: '$(shield)',
  tags: ['fastapi', 'python', 'backend', 'auth'],
  input: z
    .object({
      userModel: z.string().min(1).optional().describe('The SQLModel table class that holds users, when several could: User.'),
      root: rootArgument,
    })
    .strict(),
  messages: () => ({
    invocation: 'Proposing JWT authentication',
    confirmation: {
      title: 'Propose JWT authentication?',
      message: `Generates login, refresh, logout, the current-user dependency and attack tests, secures unprotected routes, and opens them for review. ${NOTHING_WRITTEN}`,
    },
  }),
  propose: async (facts, input) => {
    const { AmbiguousUserModel, AuthRefusal, generateAuth } = await import('../generate/auth/index');
    try {
      return generateAuth(facts, input.userModel === undefined ? {} : { userModel: input.userModel });
    } catch (error) {
      if (error instanceof AuthRefusal || error instanceof AmbiguousUserModel) throw new ToolRefusal(error.message);
      throw error;
    }
  },
});

export const generateFromSpecTool = defineGeneratingTool({
  name: 'fastapi_generate_from_spec',
  referenceName: 'fastapiSpec',
  displayName: 'Generate FastAPI Endpoints from OpenAPI',
  userDescription: 'Propose schemas, routers, handlers and tests from an OpenAPI 3.0 / 3.1 document in the workspace, reviewed as a diff.',
  modelDescription:
    `Proposes the endpoints an OpenAPI 3.0 or 3.1 document (YAML or JSON, $refs to other files in the workspace resolved) describes, in the project's conventions: schema classes, one router per tag registered in the app, every operation with its parameters, body, status and response model, working SQLModel persistence for collection-shaped resources, typed handlers answering 501 for the rest (listed as "to implement"), security dependencies, and tests. Run again on a changed document it proposes only the difference and never replaces a handler body the user wrote. Returns a summary and the unified diff. ${NOTHING_WRITTEN}`,
  icon: '$(symbol-interface)',
  tags: ['fastapi', 'python', 'backend', 'openapi'],
  input: z
    .object({
      spec: z.string().min(1).describe('The OpenAPI document, a path relative to the project folder: openapi.yaml.'),
      root: rootArgument,
    })
    .strict(),
  messages: (input) => ({
    invocation: `Proposing endpoints from ${input.spec}`,
    confirmation: {
      title: `Propose endpoints from ${input.spec}?`,
      message: `Reads ${input.spec}, generates schemas, routers, handlers and tests, and opens them for review. ${NOTHING_WRITTEN}`,
    },
  }),
  propose: async (facts, input, { source }) => {
    const [{ readSpec }, { SpecError }, { generateFromSpec }] = await Promise.all([
      import('../spec/read'),
      import('../spec/errors'),
      import('../generate/spec/index'),
    ]);
    const path = input.spec.replace(/\\/g, '/').replace(/^\.\//, '');
    if (path.startsWith('/') || path.split('/').includes('..')) {
      throw new ToolRefusal(`${input.spec} is outside the project folder; name a document inside it (its $refs are read from there).`);
    }
    try {
      return generateFromSpec(facts, await readSpec(source, path));
    } catch (error) {
      if (error instanceof SpecError) throw new ToolRefusal(error.message);
      throw error;
    }
  },
});

/** Every tool, in the order they are offered. */
export const PROJECT_TOOLS: readonly ProjectTool[] = [projectFactsTool, generateCrudTool, addAuthTool, generateFromSpecTool];
