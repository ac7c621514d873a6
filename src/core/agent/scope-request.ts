/**
 * Tells, without a model, when a request asks for something the assistant does not write (a
 * Dockerfile, an Alembic migration, a React page), and answers it the way the agent prompt asks
 * the model to: briefly say so, and offer the backend part. Used where no model answers, so the
 * product answers such a request well without a key.
 */
import { SCOPE_KINDS, type ScopeKind } from './assistant-scope';

export interface ScopeRequest {
  readonly kind: ScopeKind;
  /** The thing asked for, as the user would name it: "a Dockerfile", "an Alembic migration". */
  readonly thing: string;
}

/** Words that make a request one for producing something, not a question about it. */
const PRODUCE = /\b(write|writes|create|add|make|generate|build|set ?up|scaffold|give me|produce|draft|need|want|implement|configure|update|edit|change)\b/i;

/** A question about the thing ("how do I run alembic?") is answered, not declined. */
const QUESTION = /^\s*(how|why|what|where|when|which|who|explain|is|are|does|do)\b/i;

/** A request for an endpoint ("a health endpoint for the Kubernetes probes") is backend work. */
const BACKEND_OBJECT = /\b(endpoints?|routes?|routers?|handlers?)\b/i;

const THINGS: readonly { readonly kind: ScopeKind; readonly pattern: RegExp; readonly thing: string }[] = [
  { kind: 'migration', pattern: /\balembic\b[^.?!]*\b(migration|revision)s?\b|\b(migration|revision)s?\b[^.?!]*\balembic\b/i, thing: 'an Alembic migration' },
  { kind: 'migration', pattern: /\b(database|db|schema|sql) migrations?\b|\bmigration (file|script)s?\b|\bmigrations? for\b|\b(an?|the) migration\b/i, thing: 'a database migration' },
  { kind: 'deployment', pattern: /\bdocker[- ]?compose\b|\bcompose\.ya?ml\b/i, thing: 'a Docker Compose file' },
  { kind: 'deployment', pattern: /\bdockerfile\b|\bdocker image\b|\bcontainer image\b/i, thing: 'a Dockerfile' },
  { kind: 'deployment', pattern: /\b(kubernetes|k8s|helm)\b/i, thing: 'Kubernetes or Helm files' },
  { kind: 'deployment', pattern: /\bterraform\b|\bcloudformation\b|\bpulumi\b/i, thing: 'infrastructure code' },
  { kind: 'deployment', pattern: /\b(github actions?|ci pipeline|ci workflow|gitlab[- ]ci|jenkinsfile|circleci|ci\/cd)\b|\bworkflow for ci\b/i, thing: 'a CI pipeline' },
  { kind: 'deployment', pattern: /\bdeploy(ment)? (script|config(uration)?|files?)\b/i, thing: 'deployment files' },
  { kind: 'frontend', pattern: /\b(react|vue|svelte|angular|next\.?js|nuxt)\b/i, thing: 'frontend code' },
  { kind: 'frontend', pattern: /\b(html|web|front[- ]?end|ui|landing|login|admin|signup|sign-up) (page|form|template|screen|component|view)s?\b/i, thing: 'a frontend page' },
  { kind: 'frontend', pattern: /\b(frontend|front-end|stylesheet|css|javascript|typescript)\b/i, thing: 'frontend code' },
];

/**
 * The out-of-scope thing a request asks for, or undefined. Only requests that ask to produce
 * something count: "how do I run alembic?" is a question, not a request for a migration.
 */
export function outOfScopeRequest(request: string): ScopeRequest | undefined {
  if (QUESTION.test(request) || !PRODUCE.test(request) || BACKEND_OBJECT.test(request)) return undefined;
  const hit = THINGS.find((entry) => entry.pattern.test(request));
  return hit === undefined ? undefined : { kind: hit.kind, thing: hit.thing };
}

/** Table models the request names, so the offer can be concrete ("/crud Hero"). */
function namedModels(request: string, tableModels: readonly string[]): string[] {
  const words = new Set(request.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  return tableModels.filter((name) => {
    const lower = name.toLowerCase();
    return words.has(lower) || words.has(`${lower}s`) || words.has(`${lower}es`) || (lower.endsWith('y') && words.has(`${lower.slice(0, -1)}ies`));
  });
}

/** The reply without a model: one sentence on what is not written, then the backend part on offer. */
export function scopeReply(asked: ScopeRequest, request: string, tableModels: readonly string[]): string {
  const kind = SCOPE_KINDS[asked.kind];
  const models = namedModels(request, tableModels);
  const crud = models.map((name) => `\`/crud ${name}\``).join(' or ');
  const offers: Record<ScopeKind, string> = {
    frontend:
      models.length > 0
        ? `What I can do is the backend part: the API such a page calls — ${crud} proposes list, read, create, update and delete endpoints with response models and tests.`
        : `What I can do is the backend part: the endpoints such a page calls, with response models, validation and clear errors (\`/endpoint <what it does>\`, or \`/crud <Model>\`).`,
    migration:
      models.length > 0
        ? `What I can do is the model side: the change to ${models.join(', ')} that the migration follows; then generate the migration with your migration tool (for Alembic: \`alembic revision --autogenerate\`) and review it.`
        : 'What I can do is the model side: the change to the SQLModel models that the migration follows; then generate the migration with your migration tool (for Alembic: `alembic revision --autogenerate`) and review it.',
    deployment:
      'What I can do is what the deployment relies on in the app: a health endpoint the platform can probe, and settings read from the environment (fields on the settings class) instead of values in code.',
  };
  return `I don't write ${asked.thing}: I keep to the backend and leave ${kind.label} to you. ${offers[asked.kind]}`;
}
