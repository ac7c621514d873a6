/**
 * The CRUD plan: every decision the engine takes about one model, computed once from the facts
 * and then rendered by the emitters (schemas, router, service, registration, tests).
 */
import type { ModelFact, ResolvedField } from '../../project/facts';
import type { DocstringStyle } from '../../project/docstring-style';
import type { AnnotationStyle } from '../python/annotation-style';
import type { OwnerPath } from './model-analysis';
import type { Reexport } from './reexport';

export type CrudOperation = 'list' | 'read' | 'create' | 'update' | 'delete';
export const ALL_OPERATIONS: readonly CrudOperation[] = ['list', 'read', 'create', 'update', 'delete'];

/** A class the generated code uses: where it lives and whether this change set adds it. */
export interface ClassRef {
  readonly name: string;
  /** Module generated code imports it from. */
  readonly module: string;
  readonly isNew: boolean;
}

export interface SchemaPlan {
  readonly create: ClassRef;
  readonly update: ClassRef;
  readonly public: ClassRef;
  /** The list envelope, when the project returns lists in one. */
  readonly list?: ClassRef;
  /** The detail response with relations (`TeamPublicWithHeroes`), where sibling detail routes use one. */
  readonly detail?: ClassRef;
  /** Base class the new Create / Public inherit from, when the family has one. */
  readonly base?: ClassRef;
  /** Fields a client sends on create (and may send on update). */
  readonly inputFields: readonly ResolvedField[];
  /** Fields of the Create and Update classes, existing or new: what tests send. */
  readonly createFields: readonly ResolvedField[];
  readonly updateFields: readonly ResolvedField[];
  /** Fields a response carries. */
  readonly publicFieldNames: ReadonlySet<string>;
  /** Fields only the server sets: id, owner, timestamps. */
  readonly readOnlyFields: readonly ResolvedField[];
  /** File the new classes are appended to, or created. */
  readonly targetFile: string;
  readonly targetModule: string;
  /** The package that re-exports the target module through `__all__`. */
  readonly reexport?: Reexport;
}

export interface DependencyUse {
  /** The `Annotated` alias generated code annotates with: `SessionDep`. */
  readonly alias: string;
  /** Module to import the alias from; undefined when the router module defines it. */
  readonly aliasModule?: string;
  /** The dependency function and its module (for an alias defined here, and for tests). */
  readonly function: string;
  readonly functionModule: string;
  /** The annotated type: `Session`, `AsyncSession`, `User`. */
  readonly type: string;
}

export interface AuthPlan {
  readonly currentUser: DependencyUse;
  readonly userModel: ModelFact;
  /** The user model has `is_superuser`: superusers see every row. */
  readonly superuserField?: string;
  /** A guard dependency for superuser-only routes (used for the user model's own routes). */
  readonly superuserGuard?: { readonly function: string; readonly module: string };
  /** Routes of this model require the superuser guard instead of plain sign-in. */
  readonly superuserOnly: boolean;
}

/**
 * The project's current-user dependency when it returns no user model (a token's claims as a
 * dict): generated routes require it, but rows cannot be scoped to an owner.
 */
export interface SignInGuard {
  readonly function: string;
  readonly module: string;
  /** What tests hand the routes in its place (`{"sub": "test-user"}`), by its return type. */
  readonly testValue: string;
  /** It returns None for some token instead of raising: requiring it then lets that token through. */
  readonly returnsNone: boolean;
}

export interface ParentRef {
  readonly field: ResolvedField;
  readonly model: ModelFact;
}

export interface RouterPlan {
  readonly mode: 'new' | 'append';
  readonly file: string;
  readonly module: string;
  /** Object the decorators are called on: `router` or `app`. */
  readonly variable: string;
  /** Prefix on `APIRouter(prefix=...)` of a new router (empty when it goes on the include). */
  readonly routerPrefix: string;
  /** Prefix written on `include_router(..., prefix=...)` of a new router. */
  readonly includePrefix: string;
  readonly tags: readonly string[];
  /** Decorator path of the collection (`/`, `/heroes/`) and of one row (`/{hero_id}`). */
  readonly collectionPath: string;
  readonly itemPath: string;
  /** Path parameters of the router prefix (`shop_id` in `/shops/{shop_id}/products`). */
  readonly parentParams: readonly { readonly name: string; readonly type: string; readonly field?: string }[];
  /** Full URL of the collection as a client calls it: `/api/v1/heroes/`. */
  readonly collectionUrl: string;
}

export interface RegistrationPlan {
  readonly file: string;
  readonly target: string;
  /** `from <importModule> import <importName>` (with `as <alias>` when set). */
  readonly importModule: string;
  readonly importName: string;
  readonly importAlias?: string;
  /** The router expression passed to include_router: `heroes.router`. */
  readonly routerExpression: string;
}

export interface ServicePlan {
  readonly style: 'module' | 'crud-file';
  readonly file: string;
  readonly module: string;
  readonly mode: 'new' | 'append';
  /** How the router refers to the functions: `hero_service.` or `crud.`. */
  readonly qualifier: string;
  readonly importModule: string;
  readonly importName: string;
  readonly importAlias?: string;
  /** Functions the service module already has, by operation. */
  readonly existing: ReadonlySet<string>;
}

export interface TestFixtures {
  readonly client: string;
  readonly session: string;
  /** Fixture giving the headers of a signed-in user, and the fixture of that user. */
  readonly headers?: string;
  readonly user?: string;
  /** Another user, whose rows the first must not see. */
  readonly otherUser?: string;
  /** Headers of a superuser, when the project has one. */
  readonly superuserHeaders?: string;
  /** Fixtures the test module must define itself, by role. */
  readonly local: ReadonlySet<'session' | 'client' | 'user' | 'otherUser' | 'headers'>;
  /** The session fixture outlives one test: counts are lower bounds. */
  readonly sharedDatabase: boolean;
  /**
   * The client fixture is an httpx `AsyncClient` over an `AsyncSession`: tests are coroutines
   * run by anyio's pytest plugin, awaiting requests and the rows they store.
   */
  readonly asyncClient: boolean;
}

export interface TestPlan {
  readonly file: string;
  readonly module: string;
  /** The project's tests import its own modules relatively (`from .main import app`). */
  readonly relativeImports: boolean;
  readonly fixtures: TestFixtures;
  /** For self-contained tests: the app and the session function to override. */
  readonly appRef?: { readonly module: string; readonly variable: string };
  /** For headers made here: the project's token function and what it encodes. */
  readonly token?: { readonly function: string; readonly module: string; readonly call: (user: string) => string };
}

export interface CrudNames {
  readonly model: string;
  readonly snake: string;
  readonly plural: string;
  readonly human: string;
  readonly humanPlural: string;
  readonly idParam: string;
  /** Body parameter of create / update: `hero_in`, `data`, `hero`. */
  readonly bodyParam: string;
  /** Local variable for a row: `hero` or `db_hero`. */
  readonly rowVar: string;
  readonly functions: Readonly<Record<CrudOperation, string>>;
  readonly notFound: string;
  readonly pageParams: { readonly skip: string; readonly limit: string; readonly max: number };
}

export interface CrudPlan {
  readonly model: ModelFact;
  /** Module generated code imports the model from (its package when that re-exports it). */
  readonly modelModule: string;
  readonly names: CrudNames;
  readonly primaryKey: ResolvedField;
  /** Type of the id path parameter: `int`, `uuid.UUID`. */
  readonly idType: string;
  readonly operations: readonly CrudOperation[];
  readonly existingOperations: readonly CrudOperation[];
  readonly schemas: SchemaPlan;
  readonly session: DependencyUse;
  readonly auth?: AuthPlan;
  /** Set instead of `auth` when the project's current user has no user model. */
  readonly signInGuard?: SignInGuard;
  /** Owner foreign-key field set from the current user. */
  readonly ownerField?: ResolvedField;
  /** Owned through a parent instead (`Comment.task_id → Task.owner_id`): scoped through a join. */
  readonly ownerPath?: OwnerPath;
  /** Fields an update never writes, whatever its schema holds: the key and the ownership. */
  readonly updateExcluded: readonly string[];
  /** Columns that may not be null: an explicit null in an update is refused with 422. */
  readonly notNullUpdates: readonly string[];
  /** Decisions worth showing in the review summary (the analogue followed, unscoped rows). */
  readonly notes: readonly string[];
  /** Required foreign keys to other tables (tests create these rows first). */
  readonly parents: readonly ParentRef[];
  readonly router: RouterPlan;
  readonly registration?: RegistrationPlan;
  readonly service?: ServicePlan;
  readonly tests?: TestPlan;
  readonly updateMethod: 'patch' | 'put';
  readonly createStatus: number;
  readonly deleteStatus: number;
  readonly deleteReturns: 'none' | 'message' | 'model' | 'literal';
  /** The constant delete returns (`{"ok": True}`) and its annotation, for `deleteReturns: 'literal'`. */
  readonly deleteLiteral?: { readonly expression: string; readonly annotation: string };
  /** Field names of the list envelope. */
  readonly envelope: { readonly items: string; readonly count: string };
  /** Class of the message object a delete returns, when the project has one. */
  readonly messageClass?: ClassRef;
  readonly isAsync: boolean;
  /** The session is an `AsyncSession`: calls are awaited. */
  readonly asyncSession: boolean;
  /** Status codes written as `status.HTTP_201_CREATED` rather than `201`. */
  readonly statusConstants: boolean;
  readonly firstParty: ReadonlySet<string>;
  /** `X | None` or `Optional[X]` in generated classes: what the project's Python target allows. */
  readonly annotationStyle: AnnotationStyle;
  readonly warnings: string[];
  /** Columns of the model whose values must be unique: a duplicate is answered 409. */
  readonly uniqueFields: readonly ResolvedField[];
  /** The class error answers are documented with: the project's own, or `ErrorDetail` added once. */
  readonly errorModel: ClassRef;
  /** How the project writes docstrings (Google, NumPy, plain). */
  readonly docstringStyle: DocstringStyle;
  /** The model stores a password hash: `hashed_password = hasher(body.password)`. */
  readonly passwordHash?: { readonly field: string; readonly function: string; readonly module: string };
}
