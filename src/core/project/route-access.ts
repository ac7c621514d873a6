/**
 * Who may call a route, read from its dependencies: anyone (public), a signed-in user, or a
 * superuser. A dependency counts as a user check when it is the project's current-user
 * dependency, decodes a token, is an OAuth2 / HTTP bearer / API key scheme, or depends on one
 * of those itself; as a superuser check when it tests `is_superuser` (or a role) and raises.
 * A dependency that lets anonymous callers through checks nothing by itself: a scheme made with
 * `auto_error=False`, or a function annotated to return `X | None` that returns `None` (the
 * optional user of rate limits and personalised pages); what it depends on still counts.
 * A dependency written as a call is what the call gives: the function a factory returns
 * (`Depends(get_current_user())`), the `__call__` of a class (`Depends(RoleChecker(["admin"]))`)
 * or a security scheme a function builds; a role check in what the call gives counts as a
 * signed-in user. Dependencies are looked up by name across the project, as the route facts name them.
 */
import type { FunctionFact } from '../python/facts';
import type { ProjectFacts, ProjectRoute } from './facts';

export type RouteAccess = 'public' | 'user' | 'superuser';

const SECURITY_SCHEME = /^(?:[\w.]+\.)?(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|OAuth2|HTTPBearer|HTTPBasic|HTTPDigest|APIKeyHeader|APIKeyCookie|APIKeyQuery)\s*\(/;
/** `auto_error=False`: the scheme answers None instead of 401 when no credentials come. */
const LENIENT_SCHEME = /\bauto_error\s*=\s*False\b/;
/** An annotation with None as one of its alternatives (not `None` alone). */
const ADMITS_NONE = /^(?:typing\.)?Optional\[|\|\s*None\s*$|^None\s*\||^(?:typing\.)?Union\[.*\bNone\s*\]$/;
/** Dependencies are rarely deeper than this; a cycle stops here too. */
const MAX_DEPTH = 6;

/** Builds the lookups once; the returned function classifies any route of these facts. */
export function routeAccessOf(facts: ProjectFacts): (route: ProjectRoute) => RouteAccess {
  const accessOf = dependencyAccessOf(facts);
  return (route) => route.dependencies.reduce<RouteAccess>((access, text) => higher(access, accessOf(text)), 'public');
}

/** Builds the lookups once; the returned function says who may call a route that has this one dependency (as written). */
export function dependencyAccessOf(facts: ProjectFacts): (dependency: string) => RouteAccess {
  const functions = new Map<string, FunctionFact[]>();
  const callables = new Map<string, FunctionFact[]>();
  const aliases = new Map<string, string>();
  const schemes = new Set<string>();
  const lenientSchemes = new Set<string>();
  for (const file of facts.files.values()) {
    for (const fn of file.functions) {
      listUnder(functions, fn.name, fn);
      if (fn.returnedFunction) listUnder(callables, fn.name, fn.returnedFunction);
      if (buildsScheme(fn)) schemes.add(`${fn.name}()`);
    }
    for (const type of file.classes) if (type.callMethod) listUnder(callables, type.name, type.callMethod);
    for (const alias of file.aliases) aliases.set(alias.name, alias.dependency);
    for (const assignment of file.assignments) {
      if (SECURITY_SCHEME.test(assignment.value)) (LENIENT_SCHEME.test(assignment.value) ? lenientSchemes : schemes).add(assignment.name);
    }
  }
  const superuser = facts.dependencies.superuser?.function;
  const currentUser = facts.dependencies.currentUser?.function;
  const memo = new Map<string, RouteAccess>();

  /** The dependencies of `fn`'s parameters, as written. */
  const dependenciesOf = (fn: FunctionFact): string[] =>
    fn.parameters.flatMap((parameter) => {
      if (parameter.dependency !== undefined) return [parameter.dependency];
      const annotation = parameter.annotation?.trim();
      const viaAlias = annotation === undefined ? undefined : aliases.get(lastName(annotation));
      return viaAlias === undefined ? [] : [viaAlias];
    });

  /** A dependency as written: a scheme built in place (`Depends(HTTPBearer())`) refuses a call without credentials. */
  const accessOfWritten = (text: string, depth: number): RouteAccess =>
    SECURITY_SCHEME.test(text.trim()) && !LENIENT_SCHEME.test(text) ? 'user' : accessOfDependency(dependencyName(text), depth);

  /** `name` is a function or class name, or `name()` for what calling it gives. */
  const accessOfDependency = (name: string, depth: number): RouteAccess => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    let access: RouteAccess = 'public';
    if (name === superuser) access = 'superuser';
    else if (name === currentUser || schemes.has(name)) access = 'user';
    const called = name.endsWith('()');
    for (const fn of (called ? callables.get(name.slice(0, -2)) : functions.get(name)) ?? []) {
      // A check a call sets up tests what its arguments say (`RoleChecker(["editor"])`, a
      // factory whose roles default to none): a signed-in caller, not a superuser as such.
      if (fn.checksSuperuser) access = called ? higher(access, 'user') : 'superuser';
      else if (fn.decodesToken && !letsAnonymousThrough(fn)) access = higher(access, 'user');
      // A lenient scheme's credentials checked here, refused with 401 or 403 (`HTTPBasic(auto_error=False)`
      // read by a function that raises when they are missing or wrong).
      else if (refusesCaller(fn) && dependenciesOf(fn).some((inner) => lenientSchemes.has(dependencyName(inner)) || SECURITY_SCHEME.test(inner.trim()))) {
        access = higher(access, 'user');
      }
      if (access === 'superuser' || depth >= MAX_DEPTH) continue;
      for (const inner of dependenciesOf(fn)) access = higher(access, accessOfWritten(inner, depth + 1));
    }
    if (depth === 0) memo.set(name, access);
    return access;
  };

  return (dependency) => accessOfWritten(dependency, 0);
}

/** Raises 401 or 403 somewhere in its body. */
function refusesCaller(fn: FunctionFact): boolean {
  return fn.raisedStatusCodes.some((code) => /\b40[13]\b|UNAUTHORIZED|FORBIDDEN/.test(code));
}

/** Annotated to give `X | None` and returns `None` somewhere: a caller without a token gets through. */
function letsAnonymousThrough(fn: FunctionFact): boolean {
  const annotation = fn.returnAnnotation?.trim();
  return annotation !== undefined && ADMITS_NONE.test(annotation) && fn.returnedValues.includes('None');
}

const RANK: Readonly<Record<RouteAccess, number>> = { public: 0, user: 1, superuser: 2 };

function higher(a: RouteAccess, b: RouteAccess): RouteAccess {
  return RANK[b] > RANK[a] ? b : a;
}

function listUnder(map: Map<string, FunctionFact[]>, name: string, fn: FunctionFact): void {
  const same = map.get(name);
  if (same === undefined) map.set(name, [fn]);
  else same.push(fn);
}

/** A function that returns a security scheme it builds (`return OAuth2PasswordBearer(...)`). */
function buildsScheme(fn: FunctionFact): boolean {
  return fn.returnedValues.some((value) => SECURITY_SCHEME.test(value) && !LENIENT_SCHEME.test(value));
}

/**
 * The name a dependency is looked up by: `deps.get_current_user` → `get_current_user`, and a
 * call by its callee and `()`: `checks.RoleChecker(["admin"])` → `RoleChecker()`.
 */
function dependencyName(text: string): string {
  const trimmed = text.trim();
  const open = trimmed.indexOf('(');
  if (open <= 0 || !trimmed.endsWith(')')) return lastName(trimmed);
  return `${lastName(trimmed.slice(0, open).trim())}()`;
}

/** `deps.get_current_user` → `get_current_user`. */
function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
