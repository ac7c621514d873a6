/**
 * Facts read from one Python file. Plain, serialisable data: everything the project index,
 * the generators and the agent need to know about a file, without its syntax tree.
 *
 * Expressions are kept as their source text (`raw`) unless a literal value could be read.
 */

/**
 * A fact being filled in key by key, in the order its keys are written: optional keys are set
 * only when they have a value, as the serialised facts (caches, golden files) expect.
 */
export type UnderConstruction<T> = { -readonly [K in keyof T]?: T[K] };

/** Zero-based lines and columns; `startIndex`/`endIndex` are offsets into the normalised text. */
export interface SourceRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly startIndex: number;
  readonly endIndex: number;
}

export interface Diagnostic {
  readonly message: string;
  readonly range: SourceRange;
  readonly severity: 'error' | 'warning';
}

/** `import a.b as c` (kind 'import') or `from ..a import b as c` (kind 'from'). */
export interface ImportFact {
  readonly kind: 'import' | 'from';
  /** Module path without leading dots: `a.b`; empty for `from . import x`. */
  readonly module: string;
  /** Number of leading dots of a relative import (0 = absolute). */
  readonly level: number;
  /** Imported names for `from` imports; `*` for a star import. */
  readonly names: readonly { readonly name: string; readonly alias?: string }[];
  /** Alias of an `import a.b as c`. */
  readonly alias?: string;
  readonly typeCheckingOnly: boolean;
  readonly range: SourceRange;
}

/** Arguments of a call: positional raw texts and keyword raw texts. */
export interface CallArguments {
  readonly positional: readonly string[];
  readonly keywords: Readonly<Record<string, string>>;
}

export interface FieldFact {
  readonly name: string;
  /** Annotation text as written, quotes of forward references removed: `int | None`. */
  readonly annotation: string;
  /** True when the annotation admits None (`X | None`, `Optional[X]`, `Union[X, None]`). */
  readonly optional: boolean;
  /** The annotation with None removed: `int` for `int | None`. */
  readonly baseType: string;
  /** Raw text of the value assigned in the class body, if any (`Field(...)` included). */
  readonly value?: string;
  /** Default value text: a plain value, or `Field(default=...)` / `Field(<positional>)`. */
  readonly default?: string;
  readonly defaultFactory?: string;
  /** The value of the default when it is a string literal: `/api/v1` for `= "/api/v1"`. */
  readonly stringValue?: string;
  /** True when the field has a default or default_factory (so it is not required). */
  readonly hasDefault: boolean;
  /** Every keyword of a `Field(...)` call: `{ primary_key: 'True', foreign_key: '"user.id"' }`. */
  readonly fieldArgs: Readonly<Record<string, string>>;
  readonly isClassVar: boolean;
  readonly range: SourceRange;
}

export interface RelationshipFact {
  readonly name: string;
  readonly annotation: string;
  /** Target class name with list / Optional / quotes removed: `Hero` for `list["Hero"]`. */
  readonly target: string;
  readonly many: boolean;
  readonly backPopulates?: string;
  readonly linkModel?: string;
  readonly cascadeDelete?: boolean;
  /** Every keyword of the `Relationship(...)` call. */
  readonly args: Readonly<Record<string, string>>;
  readonly range: SourceRange;
}

export interface ClassFact {
  readonly name: string;
  /** Positional base expressions as written: `SQLModel`, `models.Base`, `Generic[T]`. */
  readonly bases: readonly string[];
  /** Class keywords: `{ table: 'True' }`. */
  readonly keywords: Readonly<Record<string, string>>;
  /** `table=True` written on this class. */
  readonly table: boolean;
  readonly tableName?: string;
  readonly docstring?: string;
  /** Raw text of a `model_config = ...` value. */
  readonly modelConfig?: string;
  /** Raw text of a `__table_args__ = ...` value (unique constraints, indexes). */
  readonly tableArgs?: string;
  readonly fields: readonly FieldFact[];
  readonly relationships: readonly RelationshipFact[];
  readonly methods: readonly string[];
  /** `__call__`: what an instance used as a dependency runs (`Depends(RoleChecker(["admin"]))`). */
  readonly callMethod?: FunctionFact;
  readonly decorators: readonly string[];
  /** Defined under `if TYPE_CHECKING:`. */
  readonly typeCheckingOnly: boolean;
  readonly range: SourceRange;
  readonly nameRange: SourceRange;
}

export type DependencyStyle = 'plain' | 'annotated-depends' | 'default-depends';

export interface ParameterFact {
  readonly name: string;
  readonly annotation?: string;
  readonly default?: string;
  /** How the parameter gets its value: `Annotated[T, Depends(f)]`, `= Depends(f)`, or plain. */
  readonly style: DependencyStyle;
  /** Callee of `Depends(...)` / `Security(...)` when written inline: `get_session`. */
  readonly dependency?: string;
  /** `*args` / `**kwargs` marker. */
  readonly variadic?: '*' | '**';
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'trace';

export interface RouteFact {
  readonly functionName: string;
  /** Object the decorator is called on: `router`, `app`, `api.router`. */
  readonly owner: string;
  readonly method: HttpMethod;
  /** Literal path of the decorator; the raw expression when it is not a string literal. */
  readonly path: string;
  readonly statusCode?: string;
  readonly responseModel?: string;
  /** Callees of `dependencies=[Depends(f), ...]` on the decorator. */
  readonly dependencies: readonly string[];
  readonly decoratorArgs: CallArguments;
  readonly parameters: readonly ParameterFact[];
  readonly returnAnnotation?: string;
  readonly isAsync: boolean;
  readonly docstring?: string;
  /** Expressions of the route function's `return` statements: `{"ok": True}`, `Response(status_code=204)`. */
  readonly returnedValues: readonly string[];
  /**
   * Set for `<owner>.add_api_route(path, endpoint, ...)`: the endpoint as written (`ping`,
   * `handlers.ping`). The range is then the call's, and the parameters are those of a handler
   * defined in the same file (empty when it is defined elsewhere).
   */
  readonly endpoint?: string;
  readonly range: SourceRange;
}

export interface FunctionFact {
  readonly name: string;
  readonly isAsync: boolean;
  readonly parameters: readonly ParameterFact[];
  readonly returnAnnotation?: string;
  readonly docstring?: string;
  readonly decorators: readonly string[];
  /** Yields (or returns a generator of, or returns) a `Session` / `AsyncSession`: a session provider. */
  readonly yieldsSession: boolean;
  /** Decodes a token (calls `jwt.decode`, `decode_token`, ...): a current-user candidate. */
  readonly decodesToken: boolean;
  /**
   * Tests `is_superuser` (or `is_admin`, a role) in an `if` and raises: a superuser-guard
   * candidate. False for route functions, which may check the same thing for other reasons.
   */
  readonly checksSuperuser: boolean;
  /** Status codes of `HTTPException(...)` raised in the body, as written. */
  readonly raisedStatusCodes: readonly string[];
  /** Expressions of the body's `return` statements, as written (whitespace collapsed). */
  readonly returnedValues: readonly string[];
  readonly range: SourceRange;
  /**
   * A function defined in the body and returned by name: what a dependency factory gives
   * FastAPI to call (`Depends(get_current_user())` runs this one, not the factory).
   */
  readonly returnedFunction?: FunctionFact;
}

/** `app = FastAPI(...)`. */
export interface AppFact {
  readonly variable: string;
  readonly args: CallArguments;
  /** The module-level function whose body creates it (an app factory such as `create_app`). */
  readonly inFunction?: string;
  readonly range: SourceRange;
}

/** `router = APIRouter(prefix=..., tags=[...], dependencies=[...])`. */
export interface RouterFact {
  readonly variable: string;
  /** Literal prefix when it is a string literal. */
  readonly prefix?: string;
  /** Raw prefix expression when it is not a literal (`settings.API_V1_STR`). */
  readonly prefixExpression?: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly string[];
  readonly args: CallArguments;
  /** The module-level function whose body creates it. */
  readonly inFunction?: string;
  readonly range: SourceRange;
}

/** `router = VersionedRouter(prefix="/v1")`: a call assigned at module level, read like `APIRouter(...)`. */
export interface ConstructionFact extends RouterFact {
  /** The callee as written: `R`, `VersionedRouter`, `f.APIRouter`, `make_router`. */
  readonly callee: string;
}

/** `app.include_router(items.router, prefix="/items", ...)`. */
export interface IncludeRouterFact {
  /** Object `include_router` is called on: `app`, `api_router`. */
  readonly target: string;
  /** The router argument as written: `items.router`, `users_router`. */
  readonly router: string;
  readonly prefix?: string;
  readonly prefixExpression?: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly string[];
  /** Conditions of the `if` blocks around the call, outermost first (`settings.ENVIRONMENT == "local"`). */
  readonly conditions?: readonly string[];
  /** The module-level function the call is in: `router` / `target` may be its parameters. */
  readonly inFunction?: string;
  readonly range: SourceRange;
}

/**
 * A module-level call that passes arguments or whose result is assigned:
 * `app = create_application(api_router)`, `register_routers(app)`, `app = get_application()`.
 * Lets the index follow routers and apps passed to functions, and name the apps factories make.
 */
export interface CallFact {
  readonly callee: string;
  readonly args: CallArguments;
  /** The name the result is assigned to, if any. */
  readonly assignedTo?: string;
  readonly range: SourceRange;
}

/** `app.mount("/v2", subapp)`: an application (or any ASGI app) served under a path. */
export interface MountFact {
  /** Object `mount` is called on: `app`. */
  readonly target: string;
  /** The mounted object as written: `subapp`, `v2.app`, `StaticFiles(directory="static")`. */
  readonly app: string;
  readonly path?: string;
  readonly pathExpression?: string;
  readonly range: SourceRange;
}

/**
 * A statement that declares or registers routes but cannot be read without running the code
 * (`api_route(methods=METHODS)`, an `include_router` in a loop over a computed list): kept with
 * the reason so the index can report it instead of losing the routes silently.
 */
export interface UnresolvedRouteSite {
  readonly kind: 'route' | 'include' | 'mount';
  /** The statement's source text, whitespace collapsed (shortened when long). */
  readonly expression: string;
  readonly reason: string;
  readonly range: SourceRange;
}

/**
 * `client.get("/heroes/")` in a test module: a request to the app through a test client. The
 * URL is a template: computed parts are `{expression}` as written (`{HEROES_URL}{hero.id}`).
 */
export interface ClientRequestFact {
  /** The object the method is called on: `client`, `self.client`. */
  readonly receiver: string;
  readonly method: HttpMethod;
  readonly url: string;
  /** The function the call is in: the test, or a helper. */
  readonly inFunction?: string;
  /** The `headers=` / `auth=` / `cookies=` arguments as written, when the call passes any. */
  readonly credentials?: string;
  readonly range: SourceRange;
}

/** `SessionDep = Annotated[Session, Depends(get_session)]`. */
export interface DependencyAliasFact {
  readonly name: string;
  /** The annotated type: `Session`, `User`, `str`. */
  readonly type: string;
  /** Callee of the `Depends(...)`: `get_session`. */
  readonly dependency: string;
  readonly range: SourceRange;
}

/** A module-level `NAME = value` or `NAME: T = value`. */
export interface AssignmentFact {
  readonly name: string;
  readonly value: string;
  readonly annotation?: string;
  /** The value of a string literal, when the value is one. */
  readonly stringValue?: string;
  readonly range: SourceRange;
}

export interface PythonFileFacts {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  readonly imports: readonly ImportFact[];
  readonly classes: readonly ClassFact[];
  /** Module-level functions, routes included. */
  readonly functions: readonly FunctionFact[];
  readonly routes: readonly RouteFact[];
  readonly apps: readonly AppFact[];
  readonly routers: readonly RouterFact[];
  readonly includes: readonly IncludeRouterFact[];
  readonly mounts: readonly MountFact[];
  /**
   * Module-level `name = callee(...)` whose callee is not `APIRouter` / `FastAPI` by name: the
   * project layer keeps those whose callee resolves to one (an alias, a subclass, a factory).
   */
  readonly constructions: readonly ConstructionFact[];
  readonly unresolvedRoutes: readonly UnresolvedRouteSite[];
  readonly aliases: readonly DependencyAliasFact[];
  readonly assignments: readonly AssignmentFact[];
  /** Module-level calls that pass arguments or are assigned (see CallFact). */
  readonly calls: readonly CallFact[];
  /** Requests sent through a test client; read in test modules only. */
  readonly clientRequests?: readonly ClientRequestFact[];
  readonly diagnostics: readonly Diagnostic[];
  readonly hasSyntaxErrors: boolean;
}
