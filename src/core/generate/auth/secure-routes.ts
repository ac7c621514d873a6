/**
 * Puts the current-user dependency on every route that has none: on the `APIRouter(...)` when
 * none of a router's routes is protected or public, on each route's decorator otherwise.
 * Sign-in, refresh, sign-up, health and docs routes stay public (PUBLIC_PATH), and so do routes
 * the index already sees guarded by some other check (a role checker, a token-reading dependency).
 */
import type { ProjectFacts, ProjectRoute } from '../../project/facts';
import type { CallArguments } from '../../python/facts';
import { splitLines } from '../python/line-edits';
import { bracketed } from '../python/text';
import type { ChangeWorkspace } from '../crud/workspace';
import { routeAccessOf } from '../../project/route-access';
import { moduleForPath } from '../crud/modules';

/**
 * Paths a caller reaches without being signed in, or could not be: signing in and up, the health
 * probes and docs, and what someone who cannot sign in needs (a password reset, an email to
 * verify, an account to activate) or what another service calls (webhooks, sign-in callbacks).
 */
export const PUBLIC_PATH =
  /(^|\/)(login|logout|token|refresh|signup|sign-up|register|health|healthz|ping|ready|readiness|live|liveness|docs|redoc|openapi\.json|password-recovery|reset-password|password-reset|forgot-password|verify-email|email-verification|confirm-email|resend-verification|activate|webhooks?|callback)(\/|$|\{)/i;

export interface GuardRef {
  readonly function: string;
  readonly module: string;
  /** Names that mean "a signed-in user" on a parameter: `CurrentUser`, `get_current_user`. */
  readonly names: readonly string[];
}

export interface SecureReport {
  readonly protectedRoutes: string[];
  /** The routes behind `protectedRoutes`: they answer 401 without a token from now on. */
  readonly secured: ProjectRoute[];
  readonly publicRoutes: string[];
  readonly alreadyProtected: string[];
}

function label(route: ProjectRoute): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

function isProtected(route: ProjectRoute, guards: ReadonlySet<string>): boolean {
  if (route.dependencies.some((name) => guards.has(name.split('.').at(-1) ?? name))) return true;
  return route.parameters.some((parameter) => {
    const annotation = parameter.annotation ?? '';
    const words = annotation.match(/[A-Za-z_]\w*/g) ?? [];
    return words.some((word) => guards.has(word)) || (parameter.dependency !== undefined && guards.has(parameter.dependency));
  });
}

/** The zero-based line range of a call starting on `start`, up to its closing parenthesis. */
function callEnd(lines: readonly string[], start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = start; index < lines.length; index++) {
    const line = lines[index] ?? '';
    for (let column = 0; column < line.length; column++) {
      const char = line[column] ?? '';
      if (quote !== undefined) {
        if (char === '\\') column++;
        else if (char === quote) quote = undefined;
        continue;
      }
      if (char === '"' || char === "'") quote = char;
      else if (char === '#') break;
      else if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') {
        depth--;
        if (depth === 0) return index;
      }
    }
  }
  return -1;
}

function withGuard(args: CallArguments, guard: string): string[] {
  const items = [...args.positional];
  let added = false;
  for (const [name, value] of Object.entries(args.keywords)) {
    if (name === 'dependencies') {
      const inner = value.trim().replace(/^\[/, '').replace(/,?\s*\]$/, '').trim();
      items.push(`dependencies=[${inner === '' ? '' : `${inner}, `}Depends(${guard})]`);
      added = true;
    } else {
      items.push(`${name}=${value}`);
    }
  }
  if (!added) items.push(`dependencies=[Depends(${guard})]`);
  return items;
}

/** Adds the guard to the calls of one file; returns false when a call could not be found. */
function editCall(
  lines: readonly string[],
  startPattern: RegExp,
  from: number,
  head: (line: string) => string,
  args: CallArguments,
  guard: string,
): { start: number; end: number; lines: string[] } | undefined {
  let start = -1;
  for (let index = from; index >= 0 && index < lines.length; index--) {
    if (startPattern.test(lines[index] ?? '')) {
      start = index;
      break;
    }
  }
  if (start < 0) return undefined;
  const end = callEnd(lines, start);
  if (end < 0 || (lines[end] ?? '').replace(/\s*#.*$/, '').trimEnd().endsWith(')') === false) return undefined;
  const first = lines[start] ?? '';
  const indentation = /^\s*/.exec(first)?.[0] ?? '';
  const text = bracketed(indentation, head(first.trim()), withGuard(args, guard));
  return { start, end: end + 1, lines: text.split('\n') };
}

export function secureRoutes(
  facts: ProjectFacts,
  workspace: ChangeWorkspace,
  guard: GuardRef,
  skipFiles: ReadonlySet<string> = new Set(),
): SecureReport {
  const guards = new Set([guard.function, ...guard.names, ...(facts.dependencies.superuser ? [facts.dependencies.superuser.function] : [])]);
  const accessOf = routeAccessOf(facts);
  const guarded = (route: ProjectRoute): boolean => isProtected(route, guards) || accessOf(route) !== 'public';
  const report: SecureReport = { protectedRoutes: [], secured: [], publicRoutes: [], alreadyProtected: [] };
  const byOwner = new Map<string, ProjectRoute[]>();
  for (const route of facts.routes) {
    if (skipFiles.has(route.file)) continue;
    const key = `${route.file}\0${route.router}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), route]);
  }
  for (const [key, routes] of [...byOwner].sort(([a], [b]) => a.localeCompare(b))) {
    const [file = '', variable = ''] = key.split('\0');
    const fileFacts = facts.files.get(file);
    const text = workspace.textOf(file);
    if (fileFacts === undefined || text === undefined) continue;
    const lines = splitLines(text).lines;
    const open = routes.filter((route) => !guarded(route) && !PUBLIC_PATH.test(route.path));
    report.alreadyProtected.push(...routes.filter(guarded).map(label));
    report.publicRoutes.push(...routes.filter((route) => !guarded(route) && PUBLIC_PATH.test(route.path)).map(label));
    if (open.length === 0) continue;
    const draft = workspace.file(file, moduleForPath(facts, file));
    const routerFact = fileFacts.routers.find((router) => router.variable === variable);
    let edits: { start: number; end: number; lines: string[] }[] = [];
    let level = 'per route';
    if (routerFact !== undefined && open.length === routes.length) {
      const edit = editCall(
        lines,
        new RegExp(`^${variable}\\s*(:[^=]+)?=\\s*(\\w+\\.)?APIRouter\\(`),
        routerFact.range.startLine,
        (line) => line.slice(0, line.indexOf('(')),
        routerFact.args,
        guard.function,
      );
      if (edit) {
        edits = [edit];
        level = 'router level';
      }
    }
    if (edits.length === 0) {
      for (const route of open) {
        const routeFact = fileFacts.routes.find((candidate) => candidate.functionName === route.functionName);
        const defLine = lines.findIndex((line) => new RegExp(`^\\s*(async\\s+)?def\\s+${route.functionName}\\s*\\(`).test(line));
        if (routeFact === undefined || defLine < 0) continue;
        const owner = routeFact.owner.replace(/\./g, '\\.');
        const edit = editCall(
          lines,
          new RegExp(`^\\s*@${owner}\\.${routeFact.method}\\(`),
          defLine,
          (line) => line.slice(0, line.indexOf('(')),
          routeFact.decoratorArgs,
          guard.function,
        );
        if (edit) edits.push(edit);
      }
    }
    if (edits.length === 0) continue;
    draft.edits.push(...edits);
    draft.imports.from('fastapi', 'Depends');
    draft.imports.from(guard.module, guard.function);
    draft.descriptions.push(`requires a signed-in user (${level}): ${open.map(label).join(', ')}`);
    report.protectedRoutes.push(...open.map(label));
    report.secured.push(...open);
  }
  return report;
}
