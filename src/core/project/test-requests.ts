/**
 * Which of the project's own tests call a given set of routes: each test-client request the
 * index read in a test module (`client.get(f"{HEROES_URL}{hero.id}")`) with its URL filled in
 * from the module's string constants and the settings' literal values, then matched against
 * the routes' full paths and methods.
 */
import type { ClientRequestFact, PythonFileFacts } from '../python/facts';
import type { ProjectFacts, ProjectRoute } from './facts';

export interface TestRequest {
  readonly file: string;
  /** Line of the call, counted from 1. */
  readonly line: number;
  /** The test (or helper) the call is in. */
  readonly inFunction?: string;
  readonly route: ProjectRoute;
}

/** A path segment a computed part of a URL stands for: matches any path parameter. */
const ANY_SEGMENT = '\u0000';

/** Credentials that look like a sign-in: `headers=normal_user_token_headers`, `{"Authorization": ...}`. */
const SIGNED_IN = /token|auth|bearer|jwt|login|session/i;

/**
 * Every request of the project's test modules that reaches one of `routes` without sending a
 * token (as far as the call shows), in file and line order.
 */
export function testRequestsTo(facts: ProjectFacts, routes: readonly ProjectRoute[]): TestRequest[] {
  if (routes.length === 0) return [];
  const matchers = routes.map((route) => ({ route, pattern: pathPattern(route.path), ends: pathPattern(route.path, false) }));
  const settingValues = settingsValues(facts);
  const found: TestRequest[] = [];
  for (const [file, fileFacts] of [...facts.files].sort(([a], [b]) => a.localeCompare(b))) {
    const requests = fileFacts.clientRequests ?? [];
    if (requests.length === 0) continue;
    const constants = stringConstants(fileFacts);
    for (const request of requests) {
      if (request.credentials !== undefined && SIGNED_IN.test(request.credentials)) continue;
      const path = concretePath(request, constants, settingValues);
      if (path === undefined) continue;
      const hit = matchers.find((matcher) => matcher.route.method === request.method && (path.prefixed ? matcher.ends : matcher.pattern).test(path.path));
      if (hit === undefined) continue;
      found.push({ file, line: request.range.startLine + 1, ...(request.inFunction === undefined ? {} : { inFunction: request.inFunction }), route: hit.route });
    }
  }
  return found;
}

/**
 * `/heroes/{hero_id}` → a pattern any concrete path of that route matches (trailing slash
 * optional); with `whole` false, one that matches any of its ends from a segment on
 * (`/heroes/1` for `/api/v1/heroes/{hero_id}`), for paths after an unknown prefix.
 */
function pathPattern(path: string, whole = true): RegExp {
  const segments = path
    .replace(/\/+$/, '')
    .split('/')
    .slice(1)
    .map((segment) =>
      segment
        .split(/(\{[^}]*\})/)
        .map((part) => (part.startsWith('{') ? (part.endsWith(':path}') ? '.+' : '[^/]+') : escapeRegExp(part)))
        .join(''),
    );
  const from = (start: number): string => segments.slice(start).map((segment) => `/${segment}`).join('');
  const ends = whole ? [from(0)] : segments.map((_segment, start) => from(start));
  return new RegExp(`^(?:${ends.join('|')})/?$`);
}

/**
 * The request's path with constants filled in and every other computed part as one segment
 * value; `prefixed` when it starts with a part not known (`{settings.API_PREFIX}/items/`), so
 * only its end can be compared. Undefined when it is not a path on the app.
 */
function concretePath(
  request: ClientRequestFact,
  constants: ReadonlyMap<string, string>,
  settings: ReadonlyMap<string, string>,
): { path: string; prefixed: boolean } | undefined {
  let path = request.url.replace(/\{([^{}]*)\}/g, (_hole, expression: string) => {
    const name = expression.trim();
    return constants.get(name) ?? settings.get(name.slice(name.lastIndexOf('.') + 1)) ?? ANY_SEGMENT;
  });
  path = path.replace(/^https?:\/\/[^/]+/, '').replace(/[?#].*$/, '');
  const prefixed = path.startsWith(ANY_SEGMENT);
  if (prefixed) path = path.slice(ANY_SEGMENT.length);
  // Too little is known of a bare computed URL (`client.get(url)`) to name a route.
  if (!path.startsWith('/') || (prefixed && path.length <= 1)) return undefined;
  // A computed part matches a path parameter; as part of a literal segment it is that segment.
  return { path: path.split(ANY_SEGMENT).join('1'), prefixed };
}

function stringConstants(file: PythonFileFacts): Map<string, string> {
  const constants = new Map<string, string>();
  for (const assignment of file.assignments) {
    if (assignment.stringValue !== undefined) constants.set(assignment.name, assignment.stringValue);
  }
  return constants;
}

/** `API_V1_STR` → `/api/v1`: settings fields whose default is a string literal. */
function settingsValues(facts: ProjectFacts): Map<string, string> {
  const values = new Map<string, string>();
  for (const settings of facts.settings) {
    for (const field of settings.fields) if (typeof field.value === 'string') values.set(field.name, field.value);
  }
  return values;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
