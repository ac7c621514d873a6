/**
 * The project's own dependencies for the three things generated endpoints need: a database
 * session, the current user, and a superuser guard — each with the `Annotated` alias the
 * project already uses for it.
 */
import type { FunctionFact, PythonFileFacts } from '../python/facts';
import type { DependencyFacts, DependencyRef, ModelFact, ProjectRoute } from './facts';
import type { ModuleTable } from './module-names';
import { compareText } from './resolve-models';
import type { SymbolResolver } from './symbols';
import { isTestPath } from './test-paths';

interface Candidate {
  readonly file: string;
  readonly fn: FunctionFact;
}

export function buildDependencies(
  files: ReadonlyMap<string, PythonFileFacts>,
  routes: readonly ProjectRoute[],
  models: readonly ModelFact[],
  resolver: SymbolResolver,
  modules: ModuleTable,
): DependencyFacts {
  // Fixtures and helpers of the test suite are not the project's dependencies.
  const sorted = [...files.values()].filter((facts) => !isTestPath(facts.path)).sort((a, b) => compareText(a.path, b.path));
  const all: Candidate[] = sorted.flatMap((facts) => facts.functions.map((fn) => ({ file: facts.path, fn })));
  const uses = new Map<string, number>();
  for (const route of routes) {
    for (const name of route.dependencies) {
      // `deps.get_current_active_user`: counted for the function by its own name.
      const own = name.slice(name.lastIndexOf('.') + 1);
      uses.set(own, (uses.get(own) ?? 0) + 1);
      // A dependency's module may name none of the prefilter's words (a database module that
      // imports SQLAlchemy only): looking the name up has the index read it, and derive again.
      if (DOTTED_NAME.test(name)) resolver.resolve(route.file, name);
    }
  }
  const mostUsed = (candidates: readonly Candidate[]): Candidate | undefined =>
    [...candidates].sort((a, b) => (uses.get(b.fn.name) ?? 0) - (uses.get(a.fn.name) ?? 0))[0];

  const refOf = (candidate: Candidate): DependencyRef => {
    const alias = findAlias(candidate, sorted, resolver);
    return {
      function: candidate.fn.name,
      file: candidate.file,
      module: modules.moduleOf(candidate.file),
      ...(alias
        ? { alias: alias.name, aliasFile: alias.file, aliasModule: modules.moduleOf(alias.file) }
        : {}),
    };
  };

  const session = mostUsed(all.filter((candidate) => candidate.fn.yieldsSession));
  const userModels = new Set(models.filter((model) => model.table).map((model) => model.name));
  const returnsUser = (candidate: Candidate): string | undefined => {
    const annotation = candidate.fn.returnAnnotation?.replace(/\s*\|\s*None$/, '').trim();
    if (annotation === undefined) return undefined;
    const cls = resolver.resolveClass(candidate.file, annotation);
    const name = cls?.cls.name ?? annotation;
    return userModels.has(name) ? name : undefined;
  };
  const decoders = all.filter((candidate) => candidate.fn.decodesToken && returnsUser(candidate) !== undefined);
  const decoderNames = new Set(decoders.map((candidate) => candidate.fn.name));
  // `get_current_active_user` wraps the decoder; routes often use the wrapper.
  const wrappers =
    decoderNames.size === 0
      ? []
      : all.filter(
          (candidate) =>
            !candidate.fn.decodesToken &&
            !candidate.fn.checksSuperuser &&
            // Routes are not wrappers; only plain functions are worth resolving.
            candidate.fn.decorators.length === 0 &&
            candidate.fn.parameters.some((parameter) => {
              const dependency = parameter.dependency ?? aliasDependency(candidate.file, parameter.annotation, resolver);
              return dependency !== undefined && decoderNames.has(dependency);
            }) &&
            returnsUser(candidate) !== undefined,
        );
  const usedWrapper = mostUsed(wrappers);
  // Without a user model: a guard that decodes a token or reads a bearer scheme, and that
  // existing routes use, is the current user all the same (`-> dict[str, Any] | None`).
  const tokenGuards = all.filter(
    (candidate) =>
      candidate.fn.decorators.length === 0 &&
      !candidate.fn.yieldsSession &&
      (uses.get(candidate.fn.name) ?? 0) > 0 &&
      (candidate.fn.decodesToken || readsBearerScheme(candidate, resolver)),
  );
  const currentUser =
    usedWrapper && (uses.get(usedWrapper.fn.name) ?? 0) > 0 ? usedWrapper : (mostUsed(decoders) ?? mostUsed(tokenGuards));
  const superuser = mostUsed(all.filter((candidate) => candidate.fn.checksSuperuser));

  const userModel = currentUser ? returnsUser(currentUser) : undefined;
  return {
    ...(session ? { session: refOf(session) } : {}),
    ...(currentUser
      ? { currentUser: { ...refOf(currentUser), ...(userModel === undefined ? {} : { userModel }) } }
      : {}),
    ...(superuser ? { superuser: refOf(superuser) } : {}),
  };
}

const DOTTED_NAME = /^[A-Za-z_][\w.]*$/;

const BEARER_SCHEMES = /^(?:[\w.]+\.)?(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|APIKeyHeader|APIKeyCookie)\(/;

/** A parameter fed by `Depends(oauth2_scheme)` / `Security(HTTPBearer())`: the function reads a token. */
function readsBearerScheme(candidate: Candidate, resolver: SymbolResolver): boolean {
  return candidate.fn.parameters.some((parameter) => {
    const dependency = parameter.dependency;
    if (dependency === undefined) return false;
    if (BEARER_SCHEMES.test(`${dependency}(`)) return true;
    const symbol = /^[\w.]+$/.test(dependency) ? resolver.resolve(candidate.file, dependency) : undefined;
    return symbol?.kind === 'assignment' && BEARER_SCHEMES.test(symbol.assignment.value.trim());
  });
}

function aliasDependency(file: string, annotation: string | undefined, resolver: SymbolResolver): string | undefined {
  if (annotation === undefined || !/^[\w.]+$/.test(annotation.trim())) return undefined;
  const symbol = resolver.resolve(file, annotation.trim());
  return symbol?.kind === 'alias' ? symbol.alias.dependency : undefined;
}

/** The `X = Annotated[T, Depends(fn)]` alias that names this function, preferring its own file. */
function findAlias(
  candidate: Candidate,
  files: readonly PythonFileFacts[],
  resolver: SymbolResolver,
): { name: string; file: string } | undefined {
  const ordered = [
    ...files.filter((facts) => facts.path === candidate.file),
    ...files.filter((facts) => facts.path !== candidate.file),
  ];
  for (const facts of ordered) {
    for (const alias of facts.aliases) {
      const target = resolver.resolve(facts.path, alias.dependency);
      if (target?.kind === 'function' && target.path === candidate.file && target.fn.name === candidate.fn.name) {
        return { name: alias.name, file: facts.path };
      }
    }
  }
  return undefined;
}
