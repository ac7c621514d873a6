/**
 * Which existing routers are most like a new resource router: one serving a table owned by the
 * signed-in user first, then any table's router, then the users' own router, then the rest.
 * Where routers disagree (PATCH in users, PUT in tasks), conventions follow the closest kind.
 */
import type { ConventionModel } from './conventions';
import type { ProjectRoute, ProjectRouter } from './facts';

export type RouterKind = 'owned' | 'resource' | 'users' | 'other';

const KIND_ORDER: readonly RouterKind[] = ['owned', 'resource', 'users', 'other'];

const KIND_LABEL: Readonly<Record<RouterKind, string>> = {
  owned: 'router of rows owned by a user',
  resource: 'resource router',
  users: 'users router',
  other: 'router',
};

export interface TieredVote<T> {
  readonly value: T;
  readonly evidence: string;
  readonly kind: RouterKind;
}

export interface RouterKinds {
  /** The kind of the router a route is declared on. */
  kindOf(route: ProjectRoute): RouterKind;
  kindOfRouter(file: string, variable: string): RouterKind;
}

function routerKey(file: string, variable: string): string {
  return `${file}#${variable}`;
}

/** The table a route answers with: its response model or return annotation, through its family. */
function servedTable(route: ProjectRoute, modelByName: ReadonlyMap<string, ConventionModel>): ConventionModel | undefined {
  for (const shape of [route.responseModel, route.returnAnnotation]) {
    const name = shape?.replace(/^(?:list|List|Sequence|typing\.List)\[(.*)\]$/, '$1').trim();
    const model = name === undefined ? undefined : modelByName.get(name);
    const table = model === undefined ? undefined : modelByName.get(model.family);
    if (table?.table) return table;
  }
  return undefined;
}

function ownedByUser(table: ConventionModel, userTable: string | undefined): boolean {
  if (userTable === undefined) return false;
  return table.fields.some((field) => field.foreignKey !== undefined && field.foreignKey.split('.')[0] === userTable);
}

export function classifyRouters(
  routers: readonly ProjectRouter[],
  routes: readonly ProjectRoute[],
  models: readonly ConventionModel[],
  userModelName: string | undefined,
): RouterKinds {
  const modelByName = new Map<string, ConventionModel>();
  for (const model of models) if (!modelByName.has(model.name) || model.table) modelByName.set(model.name, model);
  const userModel = userModelName === undefined ? undefined : modelByName.get(userModelName);
  const userTable = userModel?.tableName;
  const served = new Map<string, ConventionModel[]>();
  // A router's routes are mostly the very routes of the list: each counts once (a table served twice counts the same).
  const listed = new Set(routes);
  const routersOwn = routers.flatMap((router) => router.routes.filter((route) => !listed.has(route)));
  for (const route of [...routes, ...routersOwn]) {
    const table = servedTable(route, modelByName);
    if (table === undefined) continue;
    const key = routerKey(route.file, route.router);
    const tables = served.get(key);
    if (tables) tables.push(table);
    else served.set(key, [table]);
  }
  const kinds = new Map<string, RouterKind>();
  const kindOfKey = (key: string): RouterKind => {
    const known = kinds.get(key);
    if (known !== undefined) return known;
    const tables = served.get(key) ?? [];
    let kind: RouterKind = 'other';
    if (tables.some((table) => table.name === userModel?.name)) kind = 'users';
    else if (tables.some((table) => ownedByUser(table, userTable))) kind = 'owned';
    else if (tables.length > 0) kind = 'resource';
    kinds.set(key, kind);
    return kind;
  };
  return {
    kindOf: (route) => kindOfKey(routerKey(route.file, route.router)),
    kindOfRouter: (file, variable) => kindOfKey(routerKey(file, variable)),
  };
}

export interface TieredChoice<T> {
  readonly value: T;
  /** The file that shows the value, and why it was preferred over disagreeing routers. */
  readonly evidence: string;
}

/**
 * The most frequent value among the closest kind of router that voted (first seen wins a tie);
 * when routers of other kinds disagree, the evidence says which was followed and which not.
 */
export function closestAnalogue<T>(
  votes: readonly TieredVote<T>[],
  key: (value: T) => string = String,
): TieredChoice<T> | undefined {
  for (const kind of KIND_ORDER) {
    const tier = votes.filter((vote) => vote.kind === kind);
    const winner = mostFrequent(tier, key);
    if (winner === undefined) continue;
    const disagreeing = votes.filter((vote) => vote.kind !== kind && key(vote.value) !== key(winner.value));
    const first = disagreeing[0];
    if (first === undefined) return { value: winner.value, evidence: winner.evidence };
    return {
      value: winner.value,
      evidence:
        `${winner.evidence} (closest analogue: ${KIND_LABEL[kind]}; ` +
        `not ${key(first.value)} as in ${first.evidence}, a ${KIND_LABEL[first.kind]})`,
    };
  }
  return undefined;
}

function mostFrequent<T>(votes: readonly TieredVote<T>[], key: (value: T) => string): TieredVote<T> | undefined {
  const counts = new Map<string, { vote: TieredVote<T>; count: number }>();
  for (const vote of votes) {
    const entry = counts.get(key(vote.value));
    if (entry) entry.count++;
    else counts.set(key(vote.value), { vote, count: 1 });
  }
  let best: { vote: TieredVote<T>; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.vote;
}
