/**
 * The session and current-user dependencies generated routes use: the project's own `Annotated`
 * aliases when it has them, else aliases the router module defines over its functions.
 */
import type { DependencyRef, ModelFact, ProjectFacts } from '../../project/facts';
import { CrudRefusal } from './refusals';
import type { AuthPlan, DependencyUse, SignInGuard } from './plan-types';

function aliasType(facts: ProjectFacts, ref: DependencyRef): string | undefined {
  if (ref.alias === undefined || ref.aliasFile === undefined) {
    return undefined;
  }
  return facts.files.get(ref.aliasFile)?.aliases.find((alias) => alias.name === ref.alias)?.type;
}

function returnType(facts: ProjectFacts, ref: DependencyRef): string | undefined {
  const fn = facts.files.get(ref.file)?.functions.find((candidate) => candidate.name === ref.function);
  const annotation = fn?.returnAnnotation;
  if (annotation === undefined) {
    return undefined;
  }
  // Generator[Session, None, None] / Iterator[Session] / AsyncGenerator[AsyncSession, None] → the first type.
  const inner = /^(?:[\w.]*(?:Generator|Iterator|Iterable))\[\s*([\w.]+)/.exec(annotation);
  return inner?.[1] ?? annotation;
}

function use(facts: ProjectFacts, ref: DependencyRef, fallbackType: string, fallbackAlias: string): DependencyUse {
  const type = aliasType(facts, ref) ?? returnType(facts, ref) ?? fallbackType;
  if (ref.alias !== undefined && ref.aliasModule !== undefined) {
    return { alias: ref.alias, aliasModule: ref.aliasModule, function: ref.function, functionModule: ref.module, type };
  }
  return { alias: fallbackAlias, function: ref.function, functionModule: ref.module, type };
}

export function planSession(facts: ProjectFacts): DependencyUse {
  const ref = facts.conventions.sessionDependency.value ?? facts.dependencies.session;
  if (ref === undefined || ref === null) {
    throw new CrudRefusal(
      'The project has no session dependency (a function yielding a sqlmodel Session); ' +
        'add one (e.g. get_session with SessionDep) so generated routes can reach the database.',
    );
  }
  // Unannotated, an `async def` provider yields an AsyncSession.
  const provider = facts.files.get(ref.file)?.functions.find((candidate) => candidate.name === ref.function);
  const session = use(facts, ref, provider?.isAsync === true ? 'AsyncSession' : 'Session', 'SessionDep');
  if (sessionLibrary(facts, ref, session.type) === 'sqlalchemy') {
    const sqlmodelClass = /AsyncSession/.test(session.type) ? 'from sqlmodel.ext.asyncio.session import AsyncSession' : 'from sqlmodel import Session';
    throw new CrudRefusal(
      `${ref.function} (${ref.file}) gives SQLAlchemy's ${lastName(session.type)}, which has no exec(): generated routes query through ` +
        `SQLModel's. Make the session SQLModel's (${sqlmodelClass}, a subclass of SQLAlchemy's), or write these routes by hand.`,
    );
  }
  return session;
}

function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Whose session class the provider gives, by where its module (or its alias's) imports the type
 * from: `sqlalchemy.ext.asyncio` / `sqlalchemy.orm`, or SQLModel; undefined when not imported there.
 */
function sessionLibrary(facts: ProjectFacts, ref: DependencyRef, type: string): 'sqlalchemy' | 'sqlmodel' | undefined {
  if (/^sqlalchemy\./.test(type)) return 'sqlalchemy';
  const name = lastName(type);
  // The class handed to the session maker, where the module makes its sessions so.
  for (const file of [ref.aliasFile, ref.file]) {
    for (const fact of (file === undefined ? undefined : facts.files.get(file))?.imports ?? []) {
      if (fact.kind !== 'from' || !fact.names.some((imported) => (imported.alias ?? imported.name) === name)) continue;
      return fact.module.startsWith('sqlalchemy') ? 'sqlalchemy' : 'sqlmodel';
    }
  }
  return undefined;
}

export function planAuth(facts: ProjectFacts, model: ModelFact): AuthPlan | undefined {
  const ref = facts.conventions.currentUserDependency.value ?? facts.dependencies.currentUser;
  if (ref === undefined || ref === null) {
    return undefined;
  }
  const userModelName = facts.dependencies.currentUser?.userModel;
  const currentUser = use(facts, ref, userModelName ?? 'User', 'CurrentUser');
  const userModel =
    facts.models.find((candidate) => candidate.table && candidate.name === (userModelName ?? currentUser.type)) ??
    facts.models.find((candidate) => candidate.table && candidate.name === 'User');
  if (userModel === undefined) {
    return undefined;
  }
  const superuserField = userModel.fields.find((field) => /^is_(super_?user|admin)$/.test(field.name))?.name;
  const guardRef = facts.conventions.superuserDependency.value ?? facts.dependencies.superuser;
  const superuserGuard = guardRef ? { function: guardRef.function, module: guardRef.module } : undefined;
  return {
    currentUser: { ...currentUser, type: userModel.name },
    userModel,
    ...(superuserField === undefined ? {} : { superuserField }),
    ...(superuserGuard === undefined ? {} : { superuserGuard }),
    // Managing accounts is an administrator's job where the project has administrators.
    superuserOnly: model.name === userModel.name && superuserGuard !== undefined,
  };
}

/**
 * The current-user dependency of a project whose current user is no user model (it returns the
 * token's claims): routes can still require it. Undefined when the project has none.
 */
export function planSignInGuard(facts: ProjectFacts): SignInGuard | undefined {
  const ref = facts.conventions.currentUserDependency.value ?? facts.dependencies.currentUser;
  if (ref === undefined || ref === null) {
    return undefined;
  }
  const returns = returnType(facts, ref) ?? '';
  // Tests stand in for a signed-in caller with a value of the type the routes would get.
  const testValue = /^(?:str|Optional\[str\]|str \| None)$/.test(returns) ? '"test-user"' : '{"sub": "test-user"}';
  const fn = facts.files.get(ref.file)?.functions.find((candidate) => candidate.name === ref.function);
  const returnsNone = fn?.returnedValues.includes('None') ?? false;
  return { function: ref.function, module: ref.module, testValue, returnsNone };
}
