/**
 * What an existing route answers, read from its decorator and from what its function returns:
 * the status (`status_code=` on the decorator, or a returned `Response(status_code=204)`), and
 * for deletes the body (nothing, a message, the row, or a constant such as `{"ok": True}`).
 */
import type { ProjectRoute } from './facts';

export type DeleteAnswer = 'none' | 'message' | 'model' | 'literal';

/** A constant dict a route returns, and the annotation that types it for mypy. */
export interface ReturnedLiteral {
  readonly expression: string;
  readonly annotation: string;
}

const RESPONSE_STATUS = /^(?:\w+\.)*\w*Response\((?:.*,\s*)?status_code\s*=\s*(?:status\.HTTP_)?([1-5]\d\d)(?!\d)/;

/** The status code the route answers with when nothing goes wrong. */
export function statusOf(route: ProjectRoute): number {
  if (route.statusCode !== undefined) return route.statusCode;
  for (const value of route.returnedValues) {
    const code = RESPONSE_STATUS.exec(value)?.[1];
    if (code !== undefined) return Number(code);
  }
  return 200;
}

function valueType(value: string): string | undefined {
  if (value === 'True' || value === 'False') return 'bool';
  if (/^-?\d+$/.test(value)) return 'int';
  if (/^-?\d+\.\d+$/.test(value)) return 'float';
  if (/^(["'])[^"'\\{}]*\1$/.test(value)) return 'str';
  return undefined;
}

/**
 * `{"ok": True}` → typed `dict[str, bool]`. Only dicts of constants qualify: a value naming a
 * variable (`{"deleted": hero_id}`) cannot be copied into another route.
 */
export function constantDict(expression: string): ReturnedLiteral | undefined {
  const inner = /^\{(.*)\}$/.exec(expression.trim())?.[1];
  if (inner === undefined) return undefined;
  const entries = inner.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  const types = new Set<string>();
  for (const entry of entries) {
    const match = /^(["'])(\w+)\1\s*:\s*(.+)$/.exec(entry);
    const type = match?.[3] === undefined ? undefined : valueType(match[3].trim());
    if (type === undefined) return undefined;
    types.add(type);
  }
  const [only] = types;
  return { expression: expression.trim(), annotation: types.size === 1 && only !== undefined ? `dict[str, ${only}]` : 'dict[str, object]' };
}

/** What a delete route answers with. */
const NOTHING_ANNOTATION = /^(?:None|(?:typing\.)?Any|object)$/;

export function deleteAnswerOf(route: ProjectRoute, isFamilyMember: (name: string | undefined) => boolean): DeleteAnswer {
  if (statusOf(route) === 204) return 'none';
  const returned = route.returnedValues.at(-1);
  if (returned !== undefined && constantDict(returned) !== undefined) return 'literal';
  const shape = route.responseModel ?? route.returnAnnotation;
  if (isFamilyMember(shape)) return 'model';
  // Nothing returned, whatever the annotation allows (`-> Any` included), answers null.
  if ((shape === undefined || NOTHING_ANNOTATION.test(shape)) && returned === undefined) return 'none';
  return 'message';
}

/** `TeamPublicWithHeroes`, `HeroReadWithTeam`: a detail schema carrying related rows. */
export const WITH_RELATIONS = /^(\w+?)(?:Public|Read)With[A-Z]\w*$/;
