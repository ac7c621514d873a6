/**
 * Fixes of what a project's sign-in answers: 401s gain `WWW-Authenticate: Bearer`; the
 * current-user dependency answers 401 for an unknown subject and 403 for an inactive one
 * instead of 404 / 400; a registration route reads a body model without privileged fields.
 */
import type { ModelFact, ProjectRoute } from '../../project/facts';
import { renderStatement, type ImportSet } from '../python/imports';
import { scanImports } from '../python/module-scan';
import { fits } from '../python/text';
import { bracketSpan, callOffsets, definitionLines, lineOffsets, rewriteBracket } from './fix-text';
import type { FileFix } from './fix-token';

const WWW_AUTHENTICATE = 'headers={"WWW-Authenticate": "Bearer"}';

function statusOf(args: readonly string[]): { readonly index: number; readonly value: string } | undefined {
  const index = args.findIndex((arg) => /^status_code\s*=/.test(arg));
  if (index !== -1) return { index, value: (args[index] ?? '').replace(/^status_code\s*=\s*/, '') };
  const first = args[0];
  return first !== undefined && !/^\w+\s*=/.test(first) ? { index: 0, value: first } : undefined;
}

const is401 = (status: string): boolean => /^(401|status\.HTTP_401_UNAUTHORIZED)$/.test(status);

/** The arguments of each `HTTPException(...)` in [from, to) of the text. */
export function httpExceptions(text: string, from = 0, to = text.length): string[][] {
  return callOffsets(text, 'HTTPException', from, to).map((at) => [...(bracketSpan(text, text.indexOf('(', at))?.args ?? [])]);
}

export function lacksChallenge(args: readonly string[]): boolean {
  const status = statusOf(args);
  return status !== undefined && is401(status.value) && !args.some((arg) => /^headers\s*=/.test(arg));
}

/** Rewrites each `HTTPException(...)` in the range that `change` alters. */
function rewriteExceptions(text: string, change: (args: readonly string[]) => string[] | undefined, within?: string): string | undefined {
  let current = text;
  const range = (body: string): { from: number; to: number } | undefined => {
    if (within === undefined) return { from: 0, to: body.length };
    const lines = definitionLines(body, within);
    return lines === undefined ? undefined : lineOffsets(body, lines.start, lines.end);
  };
  const initial = range(current);
  if (initial === undefined) return undefined;
  for (const at of callOffsets(current, 'HTTPException', initial.from, initial.to).reverse()) {
    const open = current.indexOf('(', at);
    const args = bracketSpan(current, open)?.args;
    const next = args === undefined ? undefined : change(args);
    if (next === undefined) continue;
    const rewritten = rewriteBracket(current, open, next);
    if (rewritten === undefined) return undefined;
    current = rewritten;
  }
  return current;
}

export const challengeOn401: FileFix = (text) => rewriteExceptions(text, (args) => (lacksChallenge(args) ? [...args, WWW_AUTHENTICATE] : undefined));

const SUBJECT_STATUS: Readonly<Record<string, string>> = {
  '404': '401',
  'status.HTTP_404_NOT_FOUND': 'status.HTTP_401_UNAUTHORIZED',
  '400': '403',
  'status.HTTP_400_BAD_REQUEST': 'status.HTTP_403_FORBIDDEN',
};

/** In the current-user dependency `name`: 404 → 401 with the challenge, 400 → 403. */
export function subjectStatus(name: string): FileFix {
  return (text) =>
    rewriteExceptions(
      text,
      (args) => {
        const status = statusOf(args);
        const replacement = status === undefined ? undefined : SUBJECT_STATUS[status.value];
        if (status === undefined || replacement === undefined) return undefined;
        const next = args.map((arg, index) => (index === status.index ? arg.replace(status.value, replacement) : arg));
        return is401(replacement) && !next.some((arg) => /^headers\s*=/.test(arg)) ? [...next, WWW_AUTHENTICATE] : next;
      },
      name,
    );
}

export interface SignupBodyPlan {
  readonly route: ProjectRoute;
  readonly parameter: string;
  readonly model: ModelFact;
  readonly privileged: readonly string[];
  readonly newName: string;
  /** Source lines of the fields the new model keeps, as written in the model's file. */
  readonly fieldLines: readonly string[];
}

/** Why the route's body cannot be swapped for a model without the privileged fields, or undefined. */
export function signupBlocker(routeText: string, plan: Omit<SignupBodyPlan, 'newName' | 'fieldLines'>, fieldLinesFound: boolean): string | undefined {
  if (!fieldLinesFound) return `${plan.model.name}'s fields are not all one-line declarations in ${plan.model.file}`;
  const fn = definitionLines(routeText, plan.route.functionName);
  if (fn === undefined) return `${plan.route.functionName} was not found`;
  const body = routeText.split('\n').slice(fn.start + 1, fn.end + 1).join('\n');
  const uses = [...body.matchAll(new RegExp(`(?<![\\w.])${plan.parameter}\\b(\\.\\w+)?`, 'g'))];
  for (const use of uses) {
    const attribute = use[1]?.slice(1);
    if (attribute !== undefined && plan.privileged.includes(attribute)) return `${plan.route.functionName} reads ${plan.parameter}.${attribute}`;
    if (attribute === undefined) {
      const before = body.slice(0, use.index);
      if (!/\.model_validate\(\s*$/.test(before)) return `${plan.route.functionName} passes ${plan.parameter} on, typed as ${plan.model.name}`;
    }
  }
  return undefined;
}

/** The new body model, placed after the model it copies. */
export function addSignupModel(plan: SignupBodyPlan): FileFix {
  return (text, imports: ImportSet) => {
    const lines = definitionLines(text, plan.model.name);
    if (lines === undefined) return undefined;
    const base = plan.model.kind === 'pydantic' ? 'BaseModel' : 'SQLModel';
    imports.from(base === 'BaseModel' ? 'pydantic' : 'sqlmodel', base);
    const summary = `    """A sign-up body: ${plan.model.name} without ${plan.privileged.join(', ')}, set by the server."""`;
    const block = [
      '',
      '',
      `class ${plan.newName}(${base}):`,
      ...(fits(summary) ? [summary, ''] : []),
      ...plan.fieldLines.map((line) => `    ${line.trim()}`),
    ];
    const all = text.split('\n');
    all.splice(lines.end + 1, 0, ...block);
    return all.join('\n');
  };
}

/** The route's body parameter annotated with the new model; the old import dropped when unused. */
export function useSignupModel(plan: SignupBodyPlan, sameFile: boolean): FileFix {
  return (text, imports) => {
    const fn = definitionLines(text, plan.route.functionName);
    if (fn === undefined) return undefined;
    const all = text.split('\n');
    const annotation = new RegExp(`(?<![\\w.])(${plan.parameter}\\s*:\\s*)${plan.model.name}\\b`);
    const at = all.findIndex((line, index) => index >= fn.start && index <= fn.end && annotation.test(line));
    if (at === -1) return undefined;
    all[at] = (all[at] ?? '').replace(annotation, `$1${plan.newName}`);
    if (!sameFile) imports.from(plan.model.module, plan.newName);
    return dropUnusedImport(all.join('\n'), plan.model.name);
  };
}

/** Removes `name` from the file's `from ... import` when nothing else in the file uses it. */
function dropUnusedImport(text: string, name: string): string {
  const uses = [...text.matchAll(new RegExp(`(?<![\\w.])${name}\\b`, 'g'))].length;
  const statement = scanImports(text).find((fact) => fact.kind === 'from' && fact.range.startColumn === 0 && fact.names.some((entry) => entry.name === name && entry.alias === undefined));
  if (statement === undefined || uses > 1) return text;
  const lines = text.split('\n');
  const names = statement.names.filter((entry) => entry.name !== name);
  const replacement = names.length === 0 ? [] : renderStatement({ ...statement, names }).split('\n');
  lines.splice(statement.range.startLine, statement.range.endLine - statement.range.startLine + 1, ...replacement);
  return lines.join('\n');
}
