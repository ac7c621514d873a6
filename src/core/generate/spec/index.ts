/**
 * The offline spec engine: project facts and a read OpenAPI document → one ChangeSet with the
 * schemas module, a router per tag registered under the spec's base path, security
 * dependencies, and tests. Run again on a changed spec it proposes only the difference: new
 * operations are added, the decorator and signature of a changed one are updated, a body is
 * never replaced, and operations gone from the spec are listed, not deleted.
 */
import { sourceFileReader } from '../../changes/source-reader';
import { readingEachFileOnce } from '../python/workspace-text';
import { declareNewImports } from '../python/dependency-declarations';
import type { ChangeSet } from '../../changes/change-set';
import type { ProjectFacts } from '../../project/facts';
import type { SpecDocument, SpecOperation } from '../../spec/model';
import { firstPartyModules } from '../python/imports';
import { splitLines } from '../python/line-edits';
import { includePlacement } from '../python/include-placement';
import { moduleForPath, type ReadText } from '../crud/modules';
import type { RegistrationPlan } from '../crud/plan-types';
import { ChangeWorkspace } from '../crud/workspace';
import { readHandlers, type ExistingHandler } from './existing-code';
import { planInclude, planLayout, routerFile, routerKey } from './layout';
import { fieldName, NameSpace, pythonName } from './names';
import { renderSignature, stubBody, type SecurityDependency } from './operation-code';
import { SchemaCatalog, type TypeUse } from './python-types';
import { renderSchemaClasses } from './schema-classes';
import { planSecurity } from './security';
import { type OperationTest } from './spec-tests';
import { emitSchemaModule, reusableClass } from './schema-module';
import { handlerBody, within64Bits } from './collections';
import { handlerErrors } from './handler-errors';
import { projectErrorModel } from '../python/route-docs';
import { emitTests } from './spec-test-module';
import { emitTables, planImplementations, sessionParameter, type Implementation } from './implementations';

export interface GenerateFromSpecOptions {
  readonly readText?: ReadText;
}

export interface SpecGenerationReport {
  /** `file:line operationId` of every handler that still answers 501. */
  readonly toImplement: readonly string[];
  /** Operations already served by the project under another function (skipped). */
  readonly skipped: readonly string[];
  /** Generated handlers whose operation is no longer in the spec (kept). */
  readonly removed: readonly string[];
  /** Handlers whose decorator or signature changed with the spec (body kept). */
  readonly updated: readonly string[];
  readonly added: readonly string[];
}

export interface ImplementedOperation extends OperationTest {
  readonly implementation: Implementation;
  readonly group: { readonly key: string; readonly file: string };
}

/** An operation whose handler exists and whose signature changed: its tests are rewritten. */
export interface ChangedOperation extends OperationTest {
  readonly group: RouterGroup;
  /** The handler still has its generated 501 body. */
  readonly stub: boolean;
  readonly implementation?: Implementation;
}

export interface SpecChangeSet extends ChangeSet {
  readonly report: SpecGenerationReport;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export interface RouterGroup {
  readonly key: string;
  readonly file: string;
  readonly module: string;
  readonly operations: SpecOperation[];
}

function fullPath(basePath: string, path: string): string {
  return `${basePath}${path}`.replace(/\/{2,}/g, '/');
}

/** `{petId}` and `{pet_id}` are the same route: compare paths with their parameters blanked. */
function routeShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

export function generateFromSpec(facts: ProjectFacts, spec: SpecDocument, options: GenerateFromSpecOptions = {}): SpecChangeSet {
  const readText = readingEachFileOnce(options.readText ?? sourceFileReader(facts.root));
  const firstParty = firstPartyModules(facts.files.keys());
  const workspace = new ChangeWorkspace(facts, readText, firstParty);
  const layout = planLayout(facts, spec);
  const warnings: string[] = [...spec.notes];

  const catalog = new SchemaCatalog(
    spec.schemas,
    (component, schema) => reusableClass(facts, layout.schemas.path, spec.schemas, component, schema),
    facts.models.filter((model) => model.file !== layout.schemas.path).map((model) => model.name),
    (component, renamed) => warnings.push(`The project already has a class ${component} with other fields; the spec's ${component} is generated as ${renamed}.`),
  );

  // Group operations by router, and find what exists already.
  const handlersByFile = new Map<string, ExistingHandler[]>();
  const handlersOf = (path: string): ExistingHandler[] => {
    let handlers = handlersByFile.get(path);
    if (handlers === undefined) {
      const text = readText(path);
      handlers = text === undefined ? [] : readHandlers(text, facts.files.get(path));
      handlersByFile.set(path, handlers);
    }
    return handlers;
  };
  const specIds = new Set(spec.operations.map((operation) => operation.operationId));
  const isOurs = (path: string): boolean => handlersOf(path).some((handler) => handler.operationId !== undefined && specIds.has(handler.operationId));
  const groups = new Map<string, RouterGroup>();
  for (const operation of spec.operations) {
    const key = routerKey(operation);
    let group = groups.get(key);
    if (group === undefined) {
      const file = routerFile(facts, layout, key, readText, isOurs);
      group = { key, file, module: moduleForPath(facts, file), operations: [] };
      groups.set(key, group);
    }
    group.operations.push(operation);
  }

  const implementations = planImplementations(facts, catalog, spec.operations, layout, warnings);
  const security = planSecurity(facts, spec, spec.operations, layout.security);
  warnings.push(...security.notes);
  const errorModel = projectErrorModel(facts);
  const docs = errorModel === undefined ? {} : { errorModel: errorModel.name };
  const report = { toImplement: [] as string[], skipped: [] as string[], removed: [] as string[], updated: [] as string[], added: [] as string[] };
  const testsWanted = new Map<RouterGroup, OperationTest[]>();
  const ownFiles = new Set([...groups.values()].map((group) => group.file));
  const implemented: ImplementedOperation[] = [];
  const changed: ChangedOperation[] = [];
  const functionOf = new Map<string, string>();
  // Handlers follow the project: coroutines over an AsyncSession where its routes are async.
  const awaitSession = implementations.session !== undefined && /AsyncSession/.test(implementations.session.type);
  const isAsync = facts.conventions.async.value || awaitSession;

  for (const group of groups.values()) {
    const draft = workspace.file(group.file, group.module);
    const existing = handlersOf(group.file);
    const use: TypeUse = { imports: draft.imports, classes: new Set() };
    const functionNames = new NameSpace([...existing.map((handler) => handler.functionName), 'router', 'settings']);
    const isNew = draft.before === null;
    const tests: OperationTest[] = [];
    const blocks: string[] = [];
    for (const operation of group.operations) {
      const dependencies: readonly SecurityDependency[] = security.byOperation.get(operation.operationId) ?? [];
      const wantedName = pythonName(operation.operationId);
      const handler =
        existing.find((candidate) => candidate.operationId === operation.operationId) ??
        existing.find((candidate) => candidate.operationId === undefined && candidate.functionName === wantedName);
      const functionName = handler?.functionName ?? functionNames.claim(wantedName, '_endpoint');
      functionOf.set(operation.operationId, functionName);
      const implementation = implementations.session === undefined ? undefined : implementations.byOperation.get(operation.operationId);
      // An existing handler keeps the session it was written with; a new one gets it when implemented.
      const wantsSession = handler === undefined ? implementation !== undefined : /\bsession: /.test(handler.header);
      const extraParameters = wantsSession && implementations.session !== undefined ? [sessionParameter(implementations.session, draft)] : [];
      const raises = handlerErrors(implementation?.action, dependencies.length > 0);
      const context = { catalog, use, variable: 'router', routerTags: [group.key], isAsync, security: dependencies, extraParameters, raises, ...docs };
      const rendered = renderSignature(operation, functionName, context);
      if (errorModel !== undefined && rendered.header.includes(`"model": ${errorModel.name}`)) ChangeWorkspace.importFrom(draft, errorModel.module, errorModel.name);
      for (const dependency of dependencies) ChangeWorkspace.importFrom(draft, dependency.module, dependency.function);
      if (handler !== undefined) {
        if (handler.header !== rendered.header) {
          const end = handler.headerEnd;
          draft.edits.push({ start: handler.headerStart, end, lines: rendered.header.split('\n') });
          report.updated.push(`${operation.operationId} (${group.file})`);
          const stub = handler.body.some((line) => /status_code=501/.test(line));
          const kept = wantsSession && implementation !== undefined ? { implementation } : {};
          changed.push({ operation, functionName, security: dependencies, group, stub, ...kept });
        }
        continue;
      }
      const served = facts.routes.find(
        (route) => route.method === operation.method && routeShape(route.path) === routeShape(fullPath(spec.basePath, operation.path)) && !ownFiles.has(route.file),
      );
      if (served !== undefined) {
        report.skipped.push(`${operation.method.toUpperCase()} ${fullPath(spec.basePath, operation.path)} (${operation.operationId}) is already served by ${served.functionName} in ${served.file}`);
        continue;
      }
      draft.imports.from('fastapi', 'HTTPException');
      report.added.push(operation.operationId);
      if (implementation !== undefined) {
        const { collection, action } = implementation;
        ChangeWorkspace.importFrom(draft, implementations.tableModule(collection), collection.table.name);
        use.classes.add(collection.itemClass);
        const parameter = (test: (candidate: (typeof rendered.parameters)[number]) => boolean): string | undefined => rendered.parameters.find(test)?.name;
        const clamped = new Set(
          (['offset', 'limit'] as const).filter((kind) => {
            const pattern = kind === 'offset' ? /^(offset|skip)$/ : /^limit$/;
            const declared = operation.parameters.find((candidate) => candidate.location === 'query' && pattern.test(candidate.name));
            return declared !== undefined && !within64Bits(declared.schema.constraints);
          }),
        );
        const names = {
          session: 'session',
          awaitSession,
          clamped,
          ...optional('id', parameter((candidate) => candidate.location === 'path' && candidate.specName === collection.idParameter)),
          ...optional('body', parameter((candidate) => candidate.location === 'body')),
          ...optional('offset', parameter((candidate) => candidate.location === 'query' && /^(offset|skip)$/.test(candidate.specName))),
          ...optional('limit', parameter((candidate) => candidate.location === 'query' && candidate.specName === 'limit')),
          filters: rendered.parameters
            .filter((candidate) => candidate.location === 'query' && candidate.hasDefault && collection.table.columns.some((column) => column.name === fieldName(candidate.specName) && column.name !== 'id'))
            .map((candidate) => [candidate.name, fieldName(candidate.specName)] as const),
        };
        const body = handlerBody(collection, action, names, use, `${collection.itemClass} not found`);
        blocks.push([rendered.header, ...rendered.docstring, ...body].join('\n'));
        implemented.push({ operation, functionName, security: dependencies, implementation, group });
        continue;
      }
      blocks.push([rendered.header, ...rendered.docstring, ...stubBody(operation)].join('\n'));
      tests.push({ operation, functionName, security: dependencies });
    }
    for (const handler of existing) {
      if (handler.operationId !== undefined && !specIds.has(handler.operationId)) {
        report.removed.push(`${handler.operationId} (${handler.functionName} in ${group.file}) is no longer in the spec; it was kept`);
      }
    }
    if (blocks.length === 0 && isNew) continue;
    for (const name of [...use.classes].sort()) {
      const reused = catalog.classes().find((generated) => generated.name === name)?.reused;
      ChangeWorkspace.importFrom(draft, reused?.module ?? layout.schemas.module, name);
    }
    if (isNew) {
      draft.imports.from('fastapi', 'APIRouter');
      blocks.unshift(`router = APIRouter(tags=[${JSON.stringify(group.key)}])`);
      const include = planInclude(facts, group.file, spec.basePath);
      if (include === undefined) warnings.push(`${group.file} is not registered: the project has no FastAPI app to include it in.`);
      else registerRouter(workspace, facts, include.registration, include.prefix, group.key);
      draft.descriptions.push(`${group.key} router from ${spec.file}`);
    } else if (blocks.length > 0) {
      draft.descriptions.push(`adds ${blocks.length} operation${blocks.length === 1 ? '' : 's'} from ${spec.file}`);
    }
    draft.blocks.push(...blocks);
    testsWanted.set(group, tests);
  }

  emitSchemaModule(workspace, layout, catalog, facts, renderSchemaClasses);
  emitTables(workspace, facts, implementations, layout.schemas.module);
  emitSecurityModule(workspace, security);
  const asyncTests = implementations.session !== undefined && /AsyncSession/.test(implementations.session.type) && implementations.collections.length > 0;
  const regenerated = { changed, functionOf, operations: spec.operations, securityOf: (id: string) => security.byOperation.get(id) ?? [] };
  emitTests(workspace, facts, layout, catalog, testsWanted, implemented, implementations.session, spec.basePath, warnings, readText, asyncTests, regenerated);

  const written = workspace.toChanges();
  const anchorFile = facts.apps[0]?.file;
  const declaration = anchorFile === undefined ? { changes: [], warnings: [] } : declareNewImports(written, { anchorFile, projectRoots: facts.pythonProjects.map((project) => project.root), readText });
  const changes = [...written, ...declaration.changes];
  warnings.push(...declaration.warnings);
  report.toImplement.push(...locateStubs(changes, spec), ...security.toImplement.map((fn) => `${layout.security.path}: ${fn} (token verification)`));
  return {
    title: `Endpoints from ${spec.file}`,
    summary: summaryOf(spec, report),
    warnings: [...warnings, ...report.skipped.map((line) => `Skipped: ${line}.`), ...report.removed.map((line) => `Removed from the spec: ${line}.`)],
    changes,
    report,
  };
}

function registerRouter(workspace: ChangeWorkspace, facts: ProjectFacts, registration: RegistrationPlan, prefix: string, key: string): void {
  const draft = workspace.file(registration.file, moduleForPath(facts, registration.file));
  if (draft.before === null) return;
  draft.imports.add({
    kind: 'from',
    module: registration.importModule,
    level: 0,
    names: [{ name: registration.importName, ...(registration.importAlias ? { alias: registration.importAlias } : {}) }],
  });
  const args = [registration.routerExpression, ...(prefix === '' ? [] : [`prefix=${JSON.stringify(prefix)}`])];
  const statement = `${registration.target}.include_router(${args.join(', ')})`;
  const { line, indent } = includePlacement(facts.files.get(registration.file), draft.before, registration.target);
  draft.edits.push({ start: line, end: line, lines: [`${indent}${statement}`] });
  draft.descriptions.push(`registers the ${key} router`);
}

function emitSecurityModule(workspace: ChangeWorkspace, security: ReturnType<typeof planSecurity>): void {
  const module = security.module;
  if (module === undefined) return;
  const draft = workspace.file(module.path, module.module);
  if (draft.before !== null) return; // Kept as the user left it; new schemes are listed.
  draft.imports.addAll(module.imports);
  draft.blocks.push(...module.blocks);
  draft.descriptions.push('security dependencies');
}

/** `app/api/routes/pets.py:41 vaccinatePet` for every handler that still raises 501. */
function locateStubs(changes: ChangeSet['changes'], spec: SpecDocument): string[] {
  const located: string[] = [];
  for (const change of changes) {
    const lines = splitLines(change.after).lines;
    let operationId: string | undefined;
    lines.forEach((line, index) => {
      const id = /operation_id="([^"]+)"/.exec(line)?.[1];
      if (id !== undefined) operationId = id;
      if (operationId !== undefined && /status_code=501/.test(line) && /^\s{4}raise HTTPException|^\s{8}status_code=501/.test(line)) {
        const defLine = lines.slice(0, index).findLastIndex((candidate) => /^(async )?def /.test(candidate));
        if (spec.operations.some((operation) => operation.operationId === operationId)) located.push(`${change.path}:${defLine + 1} ${operationId}`);
        operationId = undefined;
      }
    });
  }
  return located;
}

function summaryOf(spec: SpecDocument, report: SpecGenerationReport): string {
  const parts = [`${report.added.length} of ${spec.operations.length} operations added from ${spec.file}`];
  if (report.updated.length > 0) parts.push(`${report.updated.length} updated (their bodies kept)`);
  if (report.skipped.length > 0) parts.push(`${report.skipped.length} already served, skipped`);
  if (report.removed.length > 0) parts.push(`${report.removed.length} no longer in the spec, kept`);
  const stubs = report.toImplement.length === 0 ? '' : `\n\nTo implement (they answer 501 until written):\n${report.toImplement.map((line) => `- ${line}`).join('\n')}`;
  return `${parts.join('; ')}.${stubs}`;
}


