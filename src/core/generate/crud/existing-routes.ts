/**
 * Finds the routes a project already serves for a model, so the engine adds only what is
 * missing and never a second route for the same method and path.
 */
import type { ModelFact, ProjectFacts, ProjectRoute, SchemaFamily } from '../../project/facts';
import type { CrudOperation } from './plan-types';

export interface ExistingResource {
  /** File and object (`router`, `app`) the model's routes are declared on. */
  readonly file: string;
  readonly variable: string;
  readonly routes: readonly ProjectRoute[];
  readonly operations: ReadonlyMap<CrudOperation, ProjectRoute>;
  /** Decorator path of the collection and of one row, as the project writes them. */
  readonly collectionPath: string;
  readonly itemPath?: string;
  /** Name of the id path parameter of the item routes. */
  readonly idParam?: string;
}

/** Every class name of the model's family: what its routes take and return. */
function familyNames(facts: ProjectFacts, model: ModelFact): Set<string> {
  const family: SchemaFamily | undefined = facts.families.find((candidate) => candidate.root === model.family);
  const names = new Set<string>([model.name]);
  for (const name of [family?.create, family?.update, family?.public, family?.list, family?.base]) {
    if (name !== undefined) {
      names.add(name);
    }
  }
  for (const candidate of facts.models) {
    if (candidate.family === model.family && candidate.role !== 'other') {
      names.add(candidate.name);
    }
  }
  return names;
}

function mentions(text: string | undefined, names: ReadonlySet<string>): boolean {
  if (text === undefined) {
    return false;
  }
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some((word) => names.has(word));
}

function routeMentionsFamily(route: ProjectRoute, names: ReadonlySet<string>): boolean {
  return (
    mentions(route.responseModel, names) ||
    mentions(route.returnAnnotation, names) ||
    route.parameters.some((parameter) => mentions(parameter.annotation, names))
  );
}

const TRAILING_PARAMETER = /\/\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}\/?$/;

/** `/heroes/{hero_id}` → `/heroes/`; `/{id}` → `/`. */
function collectionOf(path: string): string {
  return path.replace(TRAILING_PARAMETER, '/');
}

/** `/users/me` → `/users/`: the collection a fixed sub-path hangs under. */
function withoutFixedTail(path: string): string {
  return path.replace(/\/[A-Za-z_][\w-]*\/?$/, '/');
}

function sameCollection(a: string, b: string): boolean {
  const trim = (value: string): string => value.replace(/\/+$/, '');
  return trim(a) === trim(b);
}

/**
 * The router serving the model: the one whose routes take or return the family's classes at a
 * URL named after the resource (`/heroes/`, `/shops/{shop_id}/products/`).
 */
export function findExistingResource(
  facts: ProjectFacts,
  model: ModelFact,
  resourceNames: readonly string[],
): ExistingResource | undefined {
  const names = familyNames(facts, model);
  const owners = new Map<string, ProjectRoute[]>();
  for (const route of facts.routes) {
    if (routeMentionsFamily(route, names)) {
      const key = `${route.file}\u0000${route.router}`;
      owners.set(key, [...(owners.get(key) ?? []), route]);
    }
  }
  const endsWithResource = (path: string): boolean => {
    const full = path.replace(/\/+$/, '');
    return resourceNames.some((name) => full.endsWith(`/${name}`));
  };
  // `/users/me` belongs to the users collection too: new routes join that router, after it.
  const namedAfterResource = (route: ProjectRoute): boolean =>
    endsWithResource(collectionOf(route.path)) || endsWithResource(withoutFixedTail(route.path));
  const best = [...owners.values()]
    .map((routes) => routes.filter(namedAfterResource))
    .sort((a, b) => b.length - a.length)[0];
  const first = best?.[0];
  if (best === undefined || first === undefined) {
    return undefined;
  }
  const direct = best.find((route) => endsWithResource(collectionOf(route.path)));
  const collectionPath = direct
    ? collectionOf(best.find((route) => !TRAILING_PARAMETER.test(route.localPath) && endsWithResource(route.path))?.localPath ?? direct.localPath)
    : withoutFixedTail(first.localPath);

  const sameRouter = facts.routes.filter((route) => route.file === first.file && route.router === first.router);
  const resourceRoutes = sameRouter.filter(
    (route) =>
      sameCollection(route.localPath, collectionPath) ||
      (TRAILING_PARAMETER.test(route.localPath) && sameCollection(collectionOf(route.localPath), collectionPath)),
  );
  const operations = new Map<CrudOperation, ProjectRoute>();
  let itemPath: string | undefined;
  let idParam: string | undefined;
  for (const route of resourceRoutes) {
    const item = TRAILING_PARAMETER.exec(route.localPath);
    if (item !== null) {
      itemPath ??= route.localPath;
      idParam ??= item[1];
    }
    const operation = operationOf(route.method, item !== null);
    if (operation !== undefined && !operations.has(operation)) {
      operations.set(operation, route);
    }
  }
  return {
    file: first.file,
    variable: first.router,
    routes: sameRouter,
    operations,
    collectionPath,
    ...(itemPath === undefined ? {} : { itemPath }),
    ...(idParam === undefined ? {} : { idParam }),
  };
}

function operationOf(method: string, item: boolean): CrudOperation | undefined {
  switch (method) {
    case 'get':
      return item ? 'read' : 'list';
    case 'post':
      return item ? undefined : 'create';
    case 'put':
    case 'patch':
      return item ? 'update' : undefined;
    case 'delete':
      return item ? 'delete' : undefined;
    default:
      return undefined;
  }
}
