/**
 * The project's facts as compact text for another assistant: routes with full paths and who may
 * call them, models with their keys, the dependencies and conventions — within a character
 * limit. Sections come in order of use; a section that does not fit is cut at a whole line and
 * says how much was left out, so the reader knows the list is not complete.
 */
import type { Observed, ProjectFacts, ResolvedField } from '../project/facts';
import { routeAccessOf } from '../project/route-access';
import { compareRoutes } from '../explorer/route-rows';

export const DEFAULT_FACTS_CHARS = 12_000;
export const MIN_FACTS_CHARS = 1_000;
export const MAX_FACTS_CHARS = 200_000;

interface Section {
  readonly title: string;
  readonly lines: readonly string[];
  /** What one line is, for the "left out" remark: `routes`. */
  readonly unit: string;
}

function fieldText(field: ResolvedField): string {
  const flags = [...(field.primaryKey ? ['pk'] : []), ...(field.foreignKey === undefined ? [] : [`fk ${field.foreignKey}`])];
  return `${field.name}: ${field.annotation}${flags.length === 0 ? '' : ` (${flags.join(', ')})`}`;
}

function observedText<T>(value: Observed<T>, show: (inner: T) => string): string {
  return `${show(value.value)}${value.source === 'default' ? ' (default)' : ''}`;
}

function routeLines(facts: ProjectFacts): string[] {
  const accessOf = routeAccessOf(facts);
  return [...facts.routes].sort(compareRoutes).map((route) => {
    const response = route.responseModel ?? route.returnAnnotation;
    const status = route.statusCode === undefined ? '' : ` ${route.statusCode}`;
    const conditions = route.conditions === undefined || route.conditions.length === 0 ? '' : ` only if ${route.conditions.join(' and ')}`;
    return `${route.method.toUpperCase()} ${route.path} → ${route.functionName} [${accessOf(route)}]${response === undefined ? '' : ` -> ${response}`}${status} (${route.file}:${route.range.startLine + 1})${conditions}`;
  });
}

function modelLines(facts: ProjectFacts, table: boolean): string[] {
  return facts.models
    .filter((model) => model.table === table)
    .map((model) => {
      const kind = table ? `table "${model.tableName}"` : model.role === 'other' ? 'schema' : `${model.role} of ${model.family}`;
      const relationships = model.relationships.map((relationship) => `${relationship.name} → ${relationship.many ? `list[${relationship.target}]` : relationship.target}`);
      const members = [...model.fields.map(fieldText), ...relationships].join('; ');
      return `${model.name} [${kind}] ${model.file}:${model.range.startLine + 1}: ${members === '' ? 'no fields' : members}`;
    });
}

function dependencyLines(facts: ProjectFacts): string[] {
  const { session, currentUser, superuser } = facts.dependencies;
  const ref = (label: string, value: { function: string; alias?: string; file: string } | undefined): string =>
    `${label}: ${value === undefined ? 'none found' : `${value.function}${value.alias === undefined ? '' : ` (alias ${value.alias})`} in ${value.file}`}`;
  return [ref('session', session), ref('current user', currentUser), ref('superuser', superuser)];
}

function conventionLines(facts: ProjectFacts): string[] {
  const c = facts.conventions;
  const place = (value: { path: string; kind: string } | null): string => (value === null ? 'none' : value.path);
  return [
    `routers in ${observedText(c.layout.routersDir, (v) => v || '(root)')}; schemas in ${observedText(c.layout.schemas, place)}; services ${observedText(c.layout.services, place)}; tests in ${observedText(c.layout.testsDir, (v) => v || '(root)')}`,
    `id ${observedText(c.idType, (v) => v)}; update ${observedText(c.updateMethod, (v) => v.toUpperCase())}; list ${observedText(c.listShape, (v) => v)}; create status ${observedText(c.createStatus, String)}; delete status ${observedText(c.deleteStatus, String)}`,
    `async ${observedText(c.async, (v) => (v ? 'yes' : 'no'))}; API prefix ${observedText(c.apiPrefix, (v) => v || '(none)')}; routers included at ${observedText(c.includePoint, (v) => (v === null ? 'unknown' : `${v.target} in ${v.file}`))}`,
  ];
}

/** The facts as text of at most `maxChars` characters (clamped to a sensible range). */
export function compactFacts(facts: ProjectFacts, maxChars = DEFAULT_FACTS_CHARS): string {
  const limit = Math.min(MAX_FACTS_CHARS, Math.max(MIN_FACTS_CHARS, Math.floor(maxChars)));
  const apps = facts.apps.map((app) => `${app.variable} in ${app.file}`).join(', ');
  const header = [
    `FastAPI project: ${facts.pythonFileCount} Python files; ${facts.models.filter((model) => model.table).length} table models; ${facts.routes.length} routes.`,
    `Apps: ${apps === '' ? 'none found' : apps}.`,
  ];
  const sections: Section[] = [
    { title: 'Routes (method, full path → handler [access] -> response)', lines: routeLines(facts), unit: 'routes' },
    { title: 'Table models', lines: modelLines(facts, true), unit: 'models' },
    { title: 'Dependencies', lines: dependencyLines(facts), unit: 'lines' },
    { title: 'Conventions', lines: conventionLines(facts), unit: 'lines' },
    { title: 'Schemas', lines: modelLines(facts, false), unit: 'schemas' },
    { title: 'Problems', lines: facts.notes.map((note) => `${note.file}${note.line === undefined ? '' : `:${note.line + 1}`}: ${note.message}`), unit: 'notes' },
  ];
  const out = [...header];
  let used = header.join('\n').length;
  const omitted: string[] = [];
  for (const section of sections) {
    if (section.lines.length === 0) continue;
    // Room kept for the closing remark about what was left out.
    const budget = limit - 240;
    const title = `\n## ${section.title}`;
    let shown = 0;
    if (used + title.length + 1 <= budget) {
      out.push(title);
      used += title.length + 1;
      for (const line of section.lines) {
        if (used + line.length + 1 > budget) break;
        out.push(line);
        used += line.length + 1;
        shown++;
      }
    }
    if (shown < section.lines.length) omitted.push(`${section.lines.length - shown} ${section.unit}`);
  }
  if (omitted.length > 0) out.push('', `(Left out to stay within ${limit} characters: ${omitted.join(', ')}. Ask with a larger maxChars for more.)`);
  return `${out.join('\n')}\n`;
}
