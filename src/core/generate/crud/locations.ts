/**
 * Where the router, its registration and the service functions go, in the project's layout.
 */
import type { ProjectFacts, ProjectRouter } from '../../project/facts';
import type { ExistingResource } from './existing-routes';
import { scanDefinedNames } from '../python/module-scan';
import { snakeCase, urlSegment } from '../../python/naming';
import { joinPath, moduleForPath, parentModule, stem, type ReadText } from './modules';
import type { CrudNames, RegistrationPlan, RouterPlan, ServicePlan } from './plan-types';

const PATH_PARAMETER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/g;

function joinUrl(...parts: string[]): string {
  const joined = parts.filter((part) => part !== '').join('/').replace(/\/{2,}/g, '/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

function routerOf(facts: ProjectFacts, file: string, variable: string): ProjectRouter | undefined {
  return facts.routers.find((router) => router.file === file && router.variable === variable);
}

/** `/heroes/` + `{hero_id}` → `/heroes/{hero_id}`. */
function itemPathOf(collection: string, idParam: string): string {
  return `${collection.endsWith('/') ? collection : `${collection}/`}{${idParam}}`;
}

/** Path parameters above the resource (`shop_id` in `/shops/{shop_id}/products/`), typed as the routes type them. */
function parentParams(
  fullCollection: string,
  existing: ExistingResource | undefined,
  modelFields: ReadonlySet<string>,
): RouterPlan['parentParams'] {
  return [...fullCollection.matchAll(PATH_PARAMETER)].map((match) => {
    const name = match[1] ?? '';
    const typed = existing?.routes
      .flatMap((route) => route.parameters)
      .find((parameter) => parameter.name === name)?.annotation;
    return { name, type: typed ?? 'int', ...(modelFields.has(name) ? { field: name } : {}) };
  });
}

export function planAppendRouter(
  facts: ProjectFacts,
  existing: ExistingResource,
  names: CrudNames,
  modelFields: ReadonlySet<string>,
): RouterPlan {
  const router = routerOf(facts, existing.file, existing.variable);
  const fullPrefix = router?.fullPrefix ?? '';
  const collectionUrl = joinUrl(fullPrefix, existing.collectionPath);
  return {
    mode: 'append',
    file: existing.file,
    module: moduleForPath(facts, existing.file),
    variable: existing.variable,
    routerPrefix: '',
    includePrefix: '',
    tags: [],
    collectionPath: existing.collectionPath,
    itemPath: existing.itemPath ?? itemPathOf(existing.collectionPath, names.idParam),
    parentParams: parentParams(collectionUrl, existing, modelFields),
    collectionUrl: collectionUrl.endsWith('/') || existing.collectionPath.endsWith('/') ? ensureSlash(collectionUrl) : collectionUrl,
  };
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Routes declared straight on the app object in one module (a single-file project). */
export function planAppRoutes(facts: ProjectFacts, names: CrudNames): RouterPlan | undefined {
  const app = facts.apps[0];
  if (app === undefined || facts.routers.length > 0) {
    return undefined;
  }
  const segment = urlSegment(names.plural);
  const collectionPath = `/${segment}/`;
  return {
    mode: 'append',
    file: app.file,
    module: app.module,
    variable: app.variable,
    routerPrefix: '',
    includePrefix: '',
    tags: [],
    collectionPath,
    itemPath: itemPathOf(collectionPath, names.idParam),
    parentParams: [],
    collectionUrl: collectionPath,
  };
}

export function planNewRouter(
  facts: ProjectFacts,
  names: CrudNames,
  fileExists: (path: string) => boolean,
): { router: RouterPlan; registration: RegistrationPlan | undefined } {
  const conventions = facts.conventions;
  const segment = urlSegment(names.plural);
  const fileStem = conventions.routerFileNaming.value === 'singular' ? names.snake : names.plural;
  const routersDir = conventions.layout.routersDir.value;
  let file = joinPath(routersDir, `${fileStem}.py`);
  if (fileExists(file)) {
    file = joinPath(routersDir, `${fileStem}_routes.py`);
  }
  const module = moduleForPath(facts, file);
  const onInclude = conventions.prefixPlacement.value === 'include';
  const includePoint = conventions.includePoint.value ?? defaultIncludePoint(facts);
  const targetPrefix = includePoint ? (routerOf(facts, includePoint.file, includePoint.target)?.fullPrefix ?? '') : '';
  const router: RouterPlan = {
    mode: 'new',
    file,
    module,
    variable: 'router',
    routerPrefix: onInclude ? '' : `/${segment}`,
    includePrefix: onInclude ? `/${segment}` : '',
    tags: [segment],
    collectionPath: '/',
    itemPath: `/{${names.idParam}}`,
    parentParams: [],
    collectionUrl: ensureSlash(joinUrl(targetPrefix, `/${segment}`)),
  };
  return { router, registration: includePoint ? planRegistration(facts, includePoint, module) : undefined };
}

function defaultIncludePoint(facts: ProjectFacts): { file: string; target: string } | undefined {
  const app = facts.apps[0];
  return app === undefined ? undefined : { file: app.file, target: app.variable };
}

/** Imports the new router the way the include file imports its other routers. */
export function planRegistration(
  facts: ProjectFacts,
  includePoint: { file: string; target: string },
  routerModule: string,
): RegistrationPlan {
  const includes = facts.files.get(includePoint.file)?.includes ?? [];
  const moduleStyle = includes.length === 0 || includes.some((include) => /^\w+\.router$/.test(include.router));
  const name = stem(routerModule.replace(/\./g, '/'));
  if (moduleStyle) {
    return {
      file: includePoint.file,
      target: includePoint.target,
      importModule: parentModule(routerModule),
      importName: name,
      routerExpression: `${name}.router`,
    };
  }
  return {
    file: includePoint.file,
    target: includePoint.target,
    importModule: routerModule,
    importName: 'router',
    importAlias: `${name}_router`,
    routerExpression: `${name}_router`,
  };
}

/** The service module of the model in the project's service layer, if it has one. */
export function planService(
  facts: ProjectFacts,
  names: CrudNames,
  readText: ReadText,
): ServicePlan | undefined {
  const services = facts.conventions.layout.services.value;
  if (services === null || facts.conventions.layout.services.source !== 'observed') {
    return undefined;
  }
  if (services.kind === 'file') {
    const module = moduleForPath(facts, services.path);
    const crudText = readText(services.path);
    const defined = new Set([
      ...(facts.files.get(services.path)?.functions ?? []).map((fn) => fn.name),
      ...(crudText === undefined ? [] : scanDefinedNames(crudText)),
    ]);
    return {
      style: 'crud-file',
      file: services.path,
      module,
      mode: 'append',
      qualifier: `${stem(services.path)}.`,
      importModule: parentModule(module),
      importName: stem(services.path),
      existing: defined,
    };
  }
  // `<model>_service.py` unless the folder's modules are named `<model>_crud.py` or `<model>.py`.
  const sibling = (name: string): boolean =>
    facts.models.some((model) => model.table && readText(joinPath(services.path, `${snakeCase(model.name)}${name}.py`)) !== undefined);
  const suffix = sibling('_service') ? '_service' : sibling('_crud') ? '_crud' : sibling('') ? '' : '_service';
  const file = joinPath(services.path, `${names.snake}${suffix}.py`);
  const module = moduleForPath(facts, file);
  const text = readText(file);
  const existing = new Set([
    ...(facts.files.get(file)?.functions ?? []).map((fn) => fn.name),
    ...(text === undefined ? [] : scanDefinedNames(text)),
  ]);
  // `from app.services import note as note_service` when the module name is also the row variable.
  const clashes = stem(file) === names.snake || stem(file) === names.rowVar;
  const alias = clashes ? `${stem(file)}_service` : undefined;
  return {
    style: 'module',
    file,
    module,
    mode: text === undefined ? 'new' : 'append',
    qualifier: `${alias ?? stem(file)}.`,
    importModule: parentModule(module),
    importName: stem(file),
    ...(alias === undefined ? {} : { importAlias: alias }),
    existing,
  };
}
