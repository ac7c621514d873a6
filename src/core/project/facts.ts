/**
 * What the project index knows about a whole FastAPI + SQLModel project: the facts every engine
 * (offline generators, the agent's context) and every front end (CLI, VS Code) read.
 */
import type {
  FieldFact,
  HttpMethod,
  ParameterFact,
  PythonFileFacts,
  RelationshipFact,
  SourceRange,
} from '../python/facts';
import type { PythonProjectFact } from './python-projects';

export type { PythonProjectFact } from './python-projects';

/** A field of a model after its bases were resolved, with the class that declared it. */
export interface ResolvedField extends FieldFact {
  readonly declaredIn: string;
  readonly declaredInFile: string;
  readonly primaryKey: boolean;
  /** `"user.id"` from `foreign_key="user.id"`, unquoted. */
  readonly foreignKey?: string;
}

/** The role a class plays in its schema family. */
export type SchemaRole = 'table' | 'base' | 'create' | 'update' | 'public' | 'list' | 'other';

export interface ModelFact {
  readonly name: string;
  /** Workspace-relative POSIX path of the defining file. */
  readonly file: string;
  /** Dotted module name of that file: `app.models`. */
  readonly module: string;
  readonly range: SourceRange;
  readonly nameRange: SourceRange;
  readonly table: boolean;
  /** `__tablename__` or SQLModel's default (the class name lowercased). */
  readonly tableName: string;
  readonly docstring?: string;
  /** Raw text of the class's `__table_args__` value, when it sets one. */
  readonly tableArgs?: string;
  /**
   * Base names resolved to classes of the project where possible, in MRO order (C3, as Python
   * computes it), the class itself left out; bases from outside the project (`SQLModel`) by name.
   */
  readonly mro: readonly string[];
  /**
   * All fields in MRO order as pydantic collects them: the most basic class's fields first; a
   * redefinition in a subclass replaces the inherited field in its place.
   */
  readonly fields: readonly ResolvedField[];
  readonly relationships: readonly RelationshipFact[];
  readonly primaryKey: readonly string[];
  readonly role: SchemaRole;
  /** Name of the family's root (`Item` for `ItemCreate`). */
  readonly family: string;
  /** What the class derives from: SQLModel, or a plain pydantic BaseModel (schemas of some projects). */
  readonly kind?: 'sqlmodel' | 'pydantic';
}

/** One entity's schema classes: `Item`, `ItemBase`, `ItemCreate`, `ItemUpdate`, `ItemPublic`, `ItemsPublic`. */
export interface SchemaFamily {
  readonly root: string;
  readonly table?: string;
  readonly base?: string;
  readonly create?: string;
  readonly update?: string;
  readonly public?: string;
  /** A list envelope such as `ItemsPublic { data: list[ItemPublic], count: int }`. */
  readonly list?: string;
}

export interface ProjectRoute {
  readonly method: HttpMethod;
  /** Full path after every router and app prefix: `/api/v1/items/{id}`. */
  readonly path: string;
  /** The path as written on the decorator. */
  readonly localPath: string;
  readonly functionName: string;
  readonly file: string;
  readonly router: string;
  readonly statusCode?: number;
  readonly responseModel?: string;
  readonly returnAnnotation?: string;
  /** Names of dependency functions that apply: route, router and include level. */
  readonly dependencies: readonly string[];
  /**
   * Conditions under which the route is served at this path, outermost first: the `if` around
   * an `include_router` on the way (`settings.ENVIRONMENT == "local"`). Absent when always served.
   */
  readonly conditions?: readonly string[];
  readonly parameters: readonly ParameterFact[];
  readonly isAsync: boolean;
  /** Expressions the route function returns, as written: `{"ok": True}`, `Response(status_code=204)`. */
  readonly returnedValues: readonly string[];
  readonly range: SourceRange;
  /**
   * Set when the route belongs to a sub-application reached through `app.mount(path, subapp)`:
   * the full path it is mounted at (`/v2`) and the sub-application. Such routes appear in the
   * sub-application's own OpenAPI document, not the parent's, and no dependency of the parent
   * applies to them.
   */
  readonly mount?: { readonly path: string; readonly app: string; readonly file: string };
  /**
   * Set for `add_api_route(path, endpoint)`: where the route is registered. `file` and `range`
   * are then the handler's own place when the index found it, else the registration's.
   */
  readonly registeredAt?: { readonly file: string; readonly range: SourceRange };
}

/**
 * A place in the route graph the index could not follow without running the code. Routes
 * behind it are either missing from `routes` (an include or mount of something unknown, a
 * route whose methods are computed, a loop over a computed list) or listed with a partial path
 * (a `{expression}` prefix, no prefix at all for a route on an object the index cannot follow).
 */
export interface UnresolvedRoute {
  readonly kind: 'route' | 'include' | 'mount' | 'prefix';
  readonly file: string;
  /** One-based line, as `file:line` reads. */
  readonly line: number;
  readonly range: SourceRange;
  /** The code as written (shortened when long). */
  readonly expression: string;
  readonly reason: string;
}

export interface ProjectRouter {
  readonly file: string;
  readonly module: string;
  readonly variable: string;
  /** Prefix of the `APIRouter(...)` itself. */
  readonly prefix: string;
  /** Prefix from the app down to this router, the router's own included. */
  readonly fullPrefix: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly string[];
  /** Where it is included: the file and the object whose `include_router` takes it. */
  readonly includedBy: readonly {
    readonly file: string;
    readonly target: string;
    /** The `prefix=` of that `include_router` call, evaluated (`/shops`). */
    readonly prefix?: string;
    /** The `if` conditions around that call, outermost first; absent when it always runs. */
    readonly conditions?: readonly string[];
    /** The `dependencies=[Depends(...)]` of that call, when it has any. */
    readonly dependencies?: readonly string[];
  }[];
  readonly routes: readonly ProjectRoute[];
}

export interface ProjectApp {
  readonly file: string;
  readonly module: string;
  readonly variable: string;
  /** Where this app is mounted as a sub-application (`app.mount("/v2", subapp)`), if anywhere. */
  readonly mountedBy?: readonly { readonly file: string; readonly target: string; readonly path: string }[];
}

/** A dependency function together with the `Annotated` alias that wraps it, if any. */
export interface DependencyRef {
  readonly function: string;
  readonly file: string;
  readonly module: string;
  readonly alias?: string;
  readonly aliasFile?: string;
  readonly aliasModule?: string;
}

export interface DependencyFacts {
  readonly session?: DependencyRef;
  readonly currentUser?: DependencyRef & { readonly userModel?: string };
  readonly superuser?: DependencyRef;
}

export interface SettingsFact {
  readonly className: string;
  readonly file: string;
  readonly module: string;
  /** Module-level instance: `settings = Settings()`. */
  readonly instance?: string;
  /**
   * Fields whose default is a literal or constant arithmetic, as text: `{ API_V1_STR: '/api/v1',
   * ACCESS_TOKEN_EXPIRE_MINUTES: '11520' }` (None defaults are left out: they have no text value).
   */
  readonly literals: Readonly<Record<string, string>>;
  /** Every field of the class and its settings bases, required ones included, in declaration order. */
  readonly fields: readonly SettingField[];
}

/** One setting: `ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8`. */
export interface SettingField {
  readonly name: string;
  readonly annotation: string;
  /** No default: the value must come from the environment. */
  readonly required: boolean;
  /** The default as written (`60 * 24 * 8`, `None`, `[]`), or `factory()` for a default_factory. */
  readonly default?: string;
  /** The default's value when it is a literal or constant arithmetic (`11520`); null for None. */
  readonly value?: string | number | boolean | null;
  /** The class that declares it (a settings base, or the class itself), and its file. */
  readonly declaredIn: string;
  readonly file: string;
  readonly range: SourceRange;
}

/** A convention value and whether it was seen in the project or is the product's default. */
export interface Observed<T> {
  readonly value: T;
  readonly source: 'observed' | 'default';
  /** Where it was seen, for "Show what the assistant sees": `app/api/routes/items.py`. */
  readonly evidence?: string;
}

export interface Conventions {
  readonly layout: {
    /** Folder that holds router modules: `app/api/routes`. */
    readonly routersDir: Observed<string>;
    /** File or folder that holds schemas (Create/Update/Public): `app/models.py` or `app/schemas`. */
    readonly schemas: Observed<{ readonly path: string; readonly kind: 'file' | 'dir' }>;
    /** Service / crud layer: `app/crud.py`, `backend/services`; null when there is none. */
    readonly services: Observed<{ readonly path: string; readonly kind: 'file' | 'dir' } | null>;
    /** Folder of the test files; `''` is the project root. */
    readonly testsDir: Observed<string>;
    /** `conftest.py` that provides client / session / token fixtures, if any. */
    readonly conftest: Observed<string | null>;
  };
  readonly idType: Observed<'int' | 'uuid.UUID' | 'str'>;
  readonly updateMethod: Observed<'patch' | 'put'>;
  readonly listShape: Observed<'list' | 'envelope'>;
  /** Field names of the envelope when the list shape is one. */
  readonly envelope: Observed<{ readonly items: string; readonly count: string }>;
  readonly createStatus: Observed<number>;
  readonly deleteStatus: Observed<number>;
  /** What delete returns: nothing (204), a message object, or the deleted row. */
  readonly deleteReturns: Observed<'none' | 'message' | 'model' | 'literal'>;
  /** The constant a delete returns (`{"ok": True}`) when deletes answer with one. */
  readonly deleteLiteral: Observed<{ readonly expression: string; readonly annotation: string } | null>;
  /** Detail routes answer with a schema carrying relations (`TeamPublicWithHeroes`) or the plain public one. */
  readonly detailResponse: Observed<'with-relations' | 'public'>;
  readonly sessionDependency: Observed<DependencyRef | null>;
  readonly currentUserDependency: Observed<DependencyRef | null>;
  readonly superuserDependency: Observed<DependencyRef | null>;
  readonly async: Observed<boolean>;
  /** Prefix every API router hangs under: `/api/v1`. */
  readonly apiPrefix: Observed<string>;
  /** Where new routers are registered: the file and the object with `include_router`. */
  readonly includePoint: Observed<{ readonly file: string; readonly target: string } | null>;
  /** Route function names: `read_items` (verb_noun) or `items_list` (noun_verb). */
  readonly routeNaming: Observed<'verb_noun' | 'noun_verb'>;
  /** Router file names: `items.py` (plural) or `item.py` (singular). */
  readonly routerFileNaming: Observed<'plural' | 'singular'>;
  /** Where a router module declares its prefix: on `APIRouter(prefix=...)` or at `include_router`. */
  readonly prefixPlacement: Observed<'router' | 'include'>;
}

export interface ProjectNote {
  readonly file: string;
  readonly message: string;
  /** Zero-based line the note is about, when it is about one place (a syntax error, an unresolved route). */
  readonly line?: number;
}

export interface ProjectFacts {
  /** Absolute root the paths are relative to. */
  readonly root: string;
  readonly pythonFileCount: number;
  /**
   * The Python projects in the workspace (a folder with `pyproject.toml` / `setup.py` /
   * `setup.cfg`, or the workspace root): where module names start and which top-level modules
   * are the project's own. Generated imports, tests and paths are relative to these.
   */
  readonly pythonProjects: readonly PythonProjectFact[];
  /** Files parsed after the text prefilter. */
  readonly parsedFiles: readonly string[];
  readonly models: readonly ModelFact[];
  readonly families: readonly SchemaFamily[];
  readonly apps: readonly ProjectApp[];
  readonly routers: readonly ProjectRouter[];
  readonly routes: readonly ProjectRoute[];
  /**
   * Route registrations the index could not resolve statically, with the reason and place: the
   * routes in `routes` are complete only when this is empty. Optional for facts built by hand;
   * the index always sets it.
   */
  readonly unresolvedRoutes?: readonly UnresolvedRoute[];
  readonly dependencies: DependencyFacts;
  readonly settings: readonly SettingsFact[];
  readonly conventions: Conventions;
  /** Skipped files, syntax errors and other things the user may want to know. */
  readonly notes: readonly ProjectNote[];
  /** Per-file facts of every parsed file, by path: the raw material for generators. */
  readonly files: ReadonlyMap<string, PythonFileFacts>;
}
