/**
 * What the assistant writes and what it leaves to others. It writes the backend: routes,
 * services, SQLModel models, schemas, the settings a change needs, and tests. It does not write
 * frontend or UI code, database migration files, or deployment, infrastructure and CI files; a
 * proposed file of those kinds is refused with the reason, never turned into a change.
 */
import { canonicalSegment } from '../changes/protected-paths';

export type ScopeKind = 'frontend' | 'migration' | 'deployment';

export interface ScopeRefusal {
  readonly kind: ScopeKind;
  /** What the file is, for the message: "a Dockerfile", "frontend code (.tsx)". */
  readonly what: string;
}

/** How each kind is named to the user, and what the assistant offers instead. */
export const SCOPE_KINDS: Readonly<Record<ScopeKind, { readonly label: string; readonly backendPart: string }>> = {
  frontend: {
    label: 'frontend or UI code',
    backendPart: 'the API the page calls (endpoints with response models, validation and errors it can show)',
  },
  migration: {
    label: 'database migration files',
    backendPart: 'the SQLModel model change the migration would follow; generate the migration with your migration tool',
  },
  deployment: {
    label: 'deployment, infrastructure or CI files',
    backendPart: 'what the deployment relies on in the app (a health endpoint, settings read from the environment)',
  },
};

const FRONTEND_EXTENSIONS: ReadonlySet<string> = new Set([
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'astro', 'html', 'htm', 'css', 'scss', 'sass', 'less',
]);
/** Folders that hold a frontend application, whatever the file in them is. */
const FRONTEND_FOLDERS: ReadonlySet<string> = new Set(['frontend']);
/** Folders whose files are migrations (Alembic's `alembic/versions`, Django-style `migrations/`). */
const MIGRATION_FOLDERS: ReadonlySet<string> = new Set(['alembic', 'migrations']);
const MIGRATION_FILES: ReadonlySet<string> = new Set(['alembic.ini']);
const INFRASTRUCTURE_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['k8s', 'a Kubernetes manifest'],
  ['kubernetes', 'a Kubernetes manifest'],
  ['helm', 'a Helm chart'],
  ['terraform', 'Terraform configuration'],
  ['.circleci', 'a CI pipeline file'],
  ['.buildkite', 'a CI pipeline file'],
]);
const INFRASTRUCTURE_FILES: ReadonlyMap<string, string> = new Map([
  ['dockerfile', 'a Dockerfile'],
  ['containerfile', 'a Dockerfile'],
  ['.dockerignore', 'a Docker build file'],
  ['compose.yml', 'a Docker Compose file'],
  ['compose.yaml', 'a Docker Compose file'],
  ['chart.yaml', 'a Helm chart'],
  ['kustomization.yaml', 'a Kubernetes manifest'],
  ['kustomization.yml', 'a Kubernetes manifest'],
  ['skaffold.yaml', 'a Kubernetes manifest'],
  ['procfile', 'a deployment file'],
  ['fly.toml', 'a deployment file'],
  ['render.yaml', 'a deployment file'],
  ['serverless.yml', 'a deployment file'],
  ['serverless.yaml', 'a deployment file'],
  ['jenkinsfile', 'a CI pipeline file'],
  ['.gitlab-ci.yml', 'a CI pipeline file'],
  ['.travis.yml', 'a CI pipeline file'],
  ['azure-pipelines.yml', 'a CI pipeline file'],
  ['bitbucket-pipelines.yml', 'a CI pipeline file'],
]);
/** A YAML document with both keys at its top level is a Kubernetes (or similar) resource. */
const MANIFEST_KEYS: readonly RegExp[] = [/^apiVersion:[ \t]*\S/m, /^kind:[ \t]*\S/m];

/**
 * Why the assistant does not write this file, or undefined when it may. `content` (the proposed
 * text) tells a Kubernetes manifest from other YAML.
 */
export function outOfScopeFile(path: string, content?: string): ScopeRefusal | undefined {
  const segments = path.replace(/\\/g, '/').split('/').filter((segment) => segment !== '' && segment !== '.').map(canonicalSegment);
  const name = segments.at(-1) ?? '';
  const folders = segments.slice(0, -1);
  const extension = /\.([a-z0-9]+)$/.exec(name)?.[1] ?? '';

  if (folders.some((folder) => MIGRATION_FOLDERS.has(folder)) || MIGRATION_FILES.has(name)) {
    return { kind: 'migration', what: 'a database migration file' };
  }
  for (const [index, folder] of folders.entries()) {
    const infrastructure = INFRASTRUCTURE_FOLDERS.get(folder);
    if (infrastructure !== undefined) return { kind: 'deployment', what: infrastructure };
    if (folder === '.github' && ['workflows', 'actions'].includes(folders[index + 1] ?? '')) return { kind: 'deployment', what: 'a CI workflow' };
  }
  const file = INFRASTRUCTURE_FILES.get(name);
  if (file !== undefined) return { kind: 'deployment', what: file };
  if (/^(dockerfile|containerfile)\./.test(name) || name.endsWith('.dockerfile')) return { kind: 'deployment', what: 'a Dockerfile' };
  if (/^docker-compose/.test(name) || /^compose\.[^.]+\.ya?ml$/.test(name)) return { kind: 'deployment', what: 'a Docker Compose file' };
  if (extension === 'tf' || extension === 'tfvars') return { kind: 'deployment', what: 'Terraform configuration' };
  if ((extension === 'yaml' || extension === 'yml') && content !== undefined && MANIFEST_KEYS.every((key) => key.test(content))) {
    return { kind: 'deployment', what: 'a Kubernetes manifest' };
  }

  if (FRONTEND_EXTENSIONS.has(extension)) return { kind: 'frontend', what: `frontend code (.${extension})` };
  if (folders.some((folder) => FRONTEND_FOLDERS.has(folder))) return { kind: 'frontend', what: 'a file of the frontend application' };
  return undefined;
}

/** The rejection reason for a refused file: what it is, and what can be asked for instead. */
export function scopeReason(refusal: ScopeRefusal): string {
  const kind = SCOPE_KINDS[refusal.kind];
  return `it is ${refusal.what}, and the assistant does not write ${kind.label}; ask for the backend part instead: ${kind.backendPart}`;
}
