/**
 * Finds the table model that holds the project's users and reads what sign-in needs from it:
 * the login field (email or username), the password hash, the active and superuser flags.
 */
import type { ModelFact, ProjectFacts, ResolvedField } from '../../project/facts';
import { AuthRefusal } from './refusals';

export interface UserModelFacts {
  readonly model: ModelFact;
  readonly loginField: string;
  /** True when the login field is missing and is added. */
  readonly addsLoginField: boolean;
  readonly passwordField: string;
  readonly addsPasswordField: boolean;
  readonly activeField: string;
  readonly addsActiveField: boolean;
  readonly superuserField?: string;
  readonly idType: 'int' | 'uuid.UUID' | 'str';
  /** Fields a new user may set at sign-up: none of id, hash, active, superuser or a foreign key. */
  readonly profileFields: readonly ResolvedField[];
}

const USER_NAME = /^(user|account|member|customer)s?$/i;
const PASSWORD_FIELDS = ['hashed_password', 'password_hash', 'hashed_pw', 'password'];
const PRIVILEGED = /^(id|is_superuser|is_admin|is_staff|is_active|role|roles|scopes|permissions)$/;

function userTables(facts: ProjectFacts): ModelFact[] {
  return facts.models.filter(
    (model) =>
      model.table &&
      (USER_NAME.test(model.name) ||
        model.fields.some((field) => PASSWORD_FIELDS.includes(field.name) && field.name !== 'password')),
  );
}

/** The user table model: the one named by the caller, the one the current user resolves to, or the only one. */
export function findUserModel(facts: ProjectFacts, wanted: string | undefined): ModelFact | undefined {
  if (wanted !== undefined) {
    const model = facts.models.find((candidate) => candidate.name === wanted && candidate.table);
    if (model === undefined) {
      const tables = facts.models.filter((candidate) => candidate.table).map((candidate) => candidate.name);
      throw new AuthRefusal(`There is no table model named "${wanted}". Table models: ${tables.join(', ') || 'none'}.`);
    }
    return model;
  }
  const fromDependency = facts.dependencies.currentUser?.userModel;
  if (fromDependency !== undefined) {
    return facts.models.find((candidate) => candidate.name === fromDependency && candidate.table);
  }
  const candidates = userTables(facts);
  if (candidates.length > 1) {
    throw new AmbiguousUserModel(candidates.map((candidate) => candidate.name));
  }
  return candidates[0];
}

/** Two or more tables could hold the users: the caller must choose (`--user-model`, a pick list). */
export class AmbiguousUserModel extends AuthRefusal {
  constructor(readonly candidates: readonly string[]) {
    super(
      `Several table models could hold the users (${candidates.join(', ')}); name one (--user-model on the command line).`,
    );
  }
}

export function readUserModel(model: ModelFact): UserModelFacts {
  const names = new Set(model.fields.map((field) => field.name));
  const login = ['email', 'username', 'login', 'user_name'].find((name) => names.has(name));
  const password = PASSWORD_FIELDS.find((name) => names.has(name));
  const active = ['is_active', 'active'].find((name) => names.has(name));
  const superuser = ['is_superuser', 'is_admin'].find((name) => names.has(name));
  const idField = model.fields.find((field) => field.primaryKey);
  const idBase = idField?.baseType ?? 'int';
  const idType = /uuid/i.test(idBase) ? 'uuid.UUID' : idBase === 'str' ? 'str' : 'int';
  const skipped = new Set([password, active, superuser].filter((name): name is string => name !== undefined));
  const profileFields = model.fields.filter(
    (field) =>
      !field.primaryKey &&
      !field.isClassVar &&
      !skipped.has(field.name) &&
      !PRIVILEGED.test(field.name) &&
      field.foreignKey === undefined &&
      !/_at$/.test(field.name),
  );
  return {
    model,
    loginField: login ?? 'email',
    addsLoginField: login === undefined,
    passwordField: password ?? 'hashed_password',
    addsPasswordField: password === undefined,
    activeField: active ?? 'is_active',
    addsActiveField: active === undefined,
    ...(superuser === undefined ? {} : { superuserField: superuser }),
    idType,
    profileFields,
  };
}
