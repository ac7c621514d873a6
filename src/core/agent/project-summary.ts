/**
 * A compact, deterministic description of the project from its facts: the part of the context
 * that costs few tokens and tells the model where everything is.
 */
import type { Conventions, Observed, ProjectFacts } from '../project/facts';

function observed<T>(value: Observed<T>, show: (inner: T) => string): string {
  const evidence = value.evidence === undefined ? '' : `, seen in ${value.evidence}`;
  return `${show(value.value)} (${value.source}${evidence})`;
}

function conventionLines(conventions: Conventions): string[] {
  const { layout } = conventions;
  const dependency = (ref: { function: string; alias?: string; file: string } | null): string =>
    ref === null ? 'none' : `${ref.alias ?? ref.function} from ${ref.file}`;
  return [
    `- routers folder: ${observed(layout.routersDir, (v) => v)}`,
    `- schemas: ${observed(layout.schemas, (v) => `${v.path} (${v.kind})`)}`,
    `- service layer: ${observed(layout.services, (v) => (v === null ? 'none' : `${v.path} (${v.kind})`))}`,
    `- tests folder: ${observed(layout.testsDir, (v) => v)}; conftest: ${observed(layout.conftest, (v) => v ?? 'none')}`,
    `- id type: ${observed(conventions.idType, (v) => v)}`,
    `- update method: ${observed(conventions.updateMethod, (v) => v.toUpperCase())}`,
    `- list shape: ${observed(conventions.listShape, (v) => v)}`,
    `- status codes: create ${observed(conventions.createStatus, String)}, delete ${observed(conventions.deleteStatus, String)}`,
    `- session dependency: ${observed(conventions.sessionDependency, dependency)}`,
    `- current-user dependency: ${observed(conventions.currentUserDependency, dependency)}`,
    `- superuser dependency: ${observed(conventions.superuserDependency, dependency)}`,
    `- async routes: ${observed(conventions.async, (v) => (v ? 'yes' : 'no'))}`,
    `- API prefix: ${observed(conventions.apiPrefix, (v) => v || '(none)')}`,
    `- routers included at: ${observed(conventions.includePoint, (v) => (v === null ? 'unknown' : `${v.target} in ${v.file}`))}`,
    `- route function naming: ${observed(conventions.routeNaming, (v) => v)}; router file naming: ${observed(conventions.routerFileNaming, (v) => v)}`,
  ];
}

export function summariseProject(facts: ProjectFacts): string {
  const lines: string[] = ['## Project summary', ''];
  lines.push(`${facts.pythonFileCount} Python files; ${facts.parsedFiles.length} with FastAPI/SQLModel code.`, '');

  lines.push('### Models');
  if (facts.models.length === 0) {
    lines.push('(none found)');
  }
  for (const model of facts.models) {
    const kind = model.table ? `table "${model.tableName}"` : model.role;
    const fields = model.fields.map((field) => `${field.name}: ${field.annotation}${field.primaryKey ? ' (pk)' : ''}`);
    lines.push(`- ${model.name} [${kind}] in ${model.file}: ${fields.join(', ') || 'no fields'}`);
  }

  lines.push('', '### Routes');
  if (facts.routes.length === 0) {
    lines.push('(none found)');
  }
  for (const route of facts.routes) {
    const status = route.statusCode === undefined ? '' : ` ${route.statusCode}`;
    const response = route.responseModel ?? route.returnAnnotation;
    const dependencies = route.dependencies.length === 0 ? '' : `; depends on ${route.dependencies.join(', ')}`;
    lines.push(
      `- ${route.method.toUpperCase()} ${route.path}${status} → ${route.functionName}${response === undefined ? '' : ` -> ${response}`} (${route.file}${dependencies})`,
    );
  }

  if (facts.apps.length > 0) {
    lines.push('', '### Apps');
    for (const app of facts.apps) {
      lines.push(`- ${app.variable} in ${app.file}`);
    }
  }

  lines.push('', '### Conventions', ...conventionLines(facts.conventions));
  return lines.join('\n');
}
