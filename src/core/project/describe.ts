/**
 * ProjectFacts as a person reads them: the CLI's `context` command and the editor's "what the
 * assistant sees" document render the same text. Also the JSON shape of the facts.
 */
import type {
  Conventions,
  DependencyRef,
  ModelFact,
  Observed,
  ProjectFacts,
  ProjectRoute,
  ResolvedField,
  SchemaFamily,
  SettingField,
} from './facts';
import type { SourceRange } from '../python/facts';
import { type RouteAccess, routeAccessOf } from './route-access';

const FAMILY_ROLES = ['table', 'base', 'create', 'update', 'public', 'list'] as const;

/**
 * The facts as JSON data, without the per-file facts. Source ranges become `line` / `endLine`
 * counted from 1, like the text output and editors (columns from 1 too). Every route carries
 * `access`: who may call it (`public`, `user`, `superuser`), read from its dependencies.
 */
export function factsForJson(facts: ProjectFacts): unknown {
  const { files: _files, ...rest } = facts;
  const accessOf = routeAccessOf(facts);
  const withAccess = (route: ProjectRoute): ProjectRoute & { readonly access: RouteAccess } => ({ ...route, access: accessOf(route) });
  const routers = facts.routers.map((router) => ({ ...router, routes: router.routes.map(withAccess) }));
  return jsonData({ ...rest, routes: facts.routes.map(withAccess), routers });
}

function jsonData(rest: object): unknown {
  return JSON.parse(JSON.stringify(rest, (_key, value: unknown) => (isSourceRange(value) ? oneBased(value) : value))) as unknown;
}

function isSourceRange(value: unknown): value is SourceRange {
  return typeof value === 'object' && value !== null && 'startLine' in value && 'endLine' in value && 'startIndex' in value;
}

function oneBased(range: SourceRange): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: range.startLine + 1, column: range.startColumn + 1, endLine: range.endLine + 1, endColumn: range.endColumn + 1 };
}

function at(file: string, line: number): string {
  return `${file}:${line + 1}`;
}

function describeField(field: ResolvedField, model: ModelFact): string {
  const value =
    field.defaultFactory !== undefined
      ? ` = <${field.defaultFactory}()>`
      : field.default !== undefined
        ? ` = ${field.default}`
        : '';
  const flags: string[] = [];
  if (field.primaryKey) flags.push('primary key');
  if (field.foreignKey !== undefined) flags.push(`→ ${field.foreignKey}`);
  for (const [key, raw] of Object.entries(field.fieldArgs)) {
    if (['primary_key', 'foreign_key', 'default', 'default_factory'].includes(key)) continue;
    flags.push(raw === 'True' ? key : `${key}=${raw}`);
  }
  const origin = field.declaredIn === model.name ? '' : `  (from ${field.declaredIn}, ${field.declaredInFile})`;
  return `    ${field.name}: ${field.annotation}${value}${flags.length > 0 ? `  [${flags.join(', ')}]` : ''}${origin}`;
}

function describeModel(model: ModelFact): string[] {
  const kind = model.table ? `table "${model.tableName}"` : model.role === 'other' ? 'schema' : `${model.role} of ${model.family}`;
  const lines = [`  ${model.name} (${kind}) — ${at(model.file, model.range.startLine)}`];
  if (model.mro.length > 0) lines.push(`    bases: ${model.mro.join(' → ')}`);
  if (model.docstring !== undefined) lines.push(`    "${model.docstring.split('\n')[0] ?? ''}"`);
  for (const field of model.fields) lines.push(describeField(field, model));
  for (const relationship of model.relationships) {
    const back = relationship.backPopulates === undefined ? '' : ` (back_populates ${relationship.backPopulates})`;
    lines.push(`    ${relationship.name}: ${relationship.annotation}  [relationship${back}]`);
  }
  return lines;
}

function describeFamily(family: SchemaFamily): string {
  const present = FAMILY_ROLES.flatMap((role) => (family[role] === undefined ? [] : [`${role} ${family[role]}`]));
  const missing = FAMILY_ROLES.filter((role) => role !== 'list' && family[role] === undefined);
  return `  ${family.root}: ${present.join(', ')}${missing.length > 0 ? `  (missing: ${missing.join(', ')})` : ''}`;
}

function describeRoute(route: ProjectRoute, width: number, access: RouteAccess): string {
  const status = route.statusCode === undefined ? '' : ` ${route.statusCode}`;
  const shape = route.responseModel ?? route.returnAnnotation;
  const returns = shape === undefined ? '' : ` -> ${shape}`;
  const dependencies = route.dependencies.length > 0 ? `  [${route.dependencies.join(', ')}]` : '';
  const method = route.method.toUpperCase().padEnd(7);
  const who = `${access.padEnd(9)} `;
  const conditional = route.conditions === undefined ? '' : `  only if ${route.conditions.join(' and ')}`;
  const mounted = route.mount === undefined ? '' : `  (sub-application ${route.mount.app} of ${route.mount.file}, mounted at ${route.mount.path})`;
  return `  ${method}${route.path.padEnd(width)} ${who}→ ${route.functionName}${returns}${status} (${route.file})${dependencies}${conditional}${mounted}`;
}

function describeSetting(field: SettingField): string {
  if (field.required) return `    ${field.name}: ${field.annotation}  (required)`;
  const written = field.default ?? '';
  const value = field.value === undefined ? '' : JSON.stringify(field.value);
  const shown = value === '' || value === written || field.value === null || (typeof field.value === 'string' && /^[rRuU]?['"]/.test(written)) ? written : `${written}  (= ${value})`;
  return `    ${field.name}: ${field.annotation} = ${shown}`;
}

function describeUnresolved(facts: ProjectFacts): string[] {
  const unresolved = facts.unresolvedRoutes ?? [];
  if (unresolved.length === 0) return [];
  const lines = ['', `Unresolved routes (${unresolved.length}): registrations the index cannot follow without running the code`];
  for (const entry of unresolved) {
    lines.push(`  ${entry.file}:${entry.line} ${entry.kind}: ${entry.expression}`, `    ${entry.reason}`);
  }
  return lines;
}

function describeRef(label: string, ref: (DependencyRef & { readonly userModel?: string }) | undefined): string {
  if (!ref) return `  ${label}: none found`;
  const user = ref.userModel === undefined ? '' : ` → ${ref.userModel}`;
  const alias = ref.alias === undefined ? '' : `, alias ${ref.alias} (${ref.aliasFile ?? ref.file})`;
  return `  ${label}: ${ref.function}${user} (${ref.file})${alias}`;
}

function conventionValue(value: unknown): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return value === '' ? '(root)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'function' in value) return String((value as DependencyRef).alias ?? (value as DependencyRef).function);
  if (typeof value === 'object' && 'path' in value && 'kind' in value) {
    const place = value as { path: string; kind: string };
    return `${place.path} (${place.kind})`;
  }
  if (typeof value === 'object' && 'target' in value) {
    const point = value as { file: string; target: string };
    return `${point.target} in ${point.file}`;
  }
  if (typeof value === 'object' && 'expression' in value && 'annotation' in value) {
    const literal = value as { expression: string; annotation: string };
    return `${literal.expression} (${literal.annotation})`;
  }
  if (typeof value === 'object' && 'items' in value) {
    const envelope = value as { items: string; count: string };
    return `{${envelope.items}, ${envelope.count}}`;
  }
  return JSON.stringify(value);
}

function conventionRows(conventions: Conventions): [string, Observed<unknown>][] {
  const { layout } = conventions;
  return [
    ['routers folder', layout.routersDir],
    ['schemas', layout.schemas],
    ['services', layout.services],
    ['tests folder', layout.testsDir],
    ['conftest', layout.conftest],
    ['id type', conventions.idType],
    ['update method', conventions.updateMethod],
    ['list shape', conventions.listShape],
    ['envelope fields', conventions.envelope],
    ['create status', conventions.createStatus],
    ['delete status', conventions.deleteStatus],
    ['delete returns', conventions.deleteReturns],
    ['delete literal', conventions.deleteLiteral],
    ['detail response', conventions.detailResponse],
    ['session', conventions.sessionDependency],
    ['current user', conventions.currentUserDependency],
    ['superuser', conventions.superuserDependency],
    ['async routes', conventions.async],
    ['API prefix', conventions.apiPrefix],
    ['include point', conventions.includePoint],
    ['route naming', conventions.routeNaming],
    ['router files', conventions.routerFileNaming],
    ['prefix placement', conventions.prefixPlacement],
  ];
}

export function describeProject(facts: ProjectFacts): string {
  const lines: string[] = [
    `Project ${facts.root}`,
    `${facts.pythonFileCount} Python files, ${facts.parsedFiles.length} read in detail`,
    '',
  ];
  const tables = facts.models.filter((model) => model.table);
  lines.push(`Table models (${tables.length})`);
  for (const model of tables) lines.push(...describeModel(model));
  const others = facts.models.filter((model) => !model.table);
  if (others.length > 0) {
    lines.push('', `Other models (${others.length})`);
    for (const model of others) lines.push(...describeModel(model));
  }
  lines.push('', 'Schema families');
  for (const family of facts.families) lines.push(describeFamily(family));

  lines.push('', 'Apps and routers');
  for (const app of facts.apps) {
    const mounted = (app.mountedBy ?? []).map((mount) => `, mounted at ${mount.path} by ${mount.target} in ${mount.file}`).join('');
    lines.push(`  ${app.variable} = FastAPI() (${app.file})${mounted}`);
  }
  for (const router of facts.routers) {
    const included = router.includedBy
      .map((include) => `${include.target} in ${include.file}${include.conditions ? ` if ${include.conditions.join(' and ')}` : ''}`)
      .join('; ');
    lines.push(
      `  ${router.variable} (${router.file}) prefix "${router.prefix}", full "${router.fullPrefix}", ` +
        `${router.routes.length} routes${included === '' ? ', not included anywhere' : `, included by ${included}`}`,
    );
  }
  const width = Math.max(0, ...facts.routes.map((route) => route.path.length));
  const accessOf = routeAccessOf(facts);
  lines.push('', `Routes (${facts.routes.length}), each with who may call it: public, user (signed in) or superuser`);
  for (const route of facts.routes) lines.push(describeRoute(route, width, accessOf(route)));
  lines.push(...describeUnresolved(facts));

  lines.push('', 'Dependencies');
  lines.push(describeRef('session', facts.dependencies.session));
  lines.push(describeRef('current user', facts.dependencies.currentUser));
  lines.push(describeRef('superuser', facts.dependencies.superuser));

  if (facts.settings.length > 0) {
    lines.push('', 'Settings');
    for (const settings of facts.settings) {
      const instance = settings.instance === undefined ? '' : `, instance ${settings.instance}`;
      lines.push(`  ${settings.className} (${settings.file}${instance})`);
      for (const field of settings.fields) lines.push(describeSetting(field));
    }
  }

  lines.push('', 'Conventions (observed: seen in the project; default: not decided by the project yet)');
  for (const [label, convention] of conventionRows(facts.conventions)) {
    const evidence = convention.evidence === undefined ? '' : `  ${convention.evidence}`;
    lines.push(`  ${label.padEnd(17)} ${conventionValue(convention.value).padEnd(28)} ${convention.source}${evidence}`);
  }
  if (facts.notes.length > 0) {
    lines.push('', 'Notes');
    for (const note of facts.notes) lines.push(`  ${note.file}: ${note.message}`);
  }
  return `${lines.join('\n')}\n`;
}
