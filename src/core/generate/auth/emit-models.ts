/**
 * The user table (new, or the existing one with the fields sign-in needs added), the table of
 * issued refresh tokens, and the request and response schemas of the auth routes.
 */
import type { ProjectFacts, ResolvedField } from '../../project/facts';
import { type ChangeWorkspace } from '../crud/workspace';
import type { AuthPlan } from './plan';

function idLine(plan: AuthPlan): string {
  const idType = plan.user?.idType ?? 'int';
  if (idType === 'uuid.UUID') return 'id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)';
  return `id: ${idType} | None = Field(default=None, primary_key=True)`;
}

function newUser(plan: AuthPlan): string {
  return [
    `class ${plan.userName}(SQLModel, table=True):`,
    '    """Someone who signs in; only a hash of the password is stored."""',
    '',
    `    ${idLine(plan)}`,
    '    email: str = Field(unique=True, index=True, max_length=255)',
    '    hashed_password: str',
    '    is_active: bool = True',
    '    is_superuser: bool = False',
  ].join('\n');
}

export function refreshTable(plan: AuthPlan): string {
  const idType = plan.user?.idType ?? 'int';
  return [
    `class ${plan.names.refreshModel}(SQLModel, table=True):`,
    '    """A refresh token that was issued, by its jti; each sign-in is one family."""',
    '',
    '    id: uuid.UUID = Field(primary_key=True)',
    '    family_id: uuid.UUID = Field(index=True)',
    `    user_id: ${idType} = Field(foreign_key="${plan.userTable}.id", index=True, ondelete="CASCADE")`,
    '    revoked: bool = False',
  ].join('\n');
}

/** A field of the user as the sign-up schema takes it: the same type and limits. */
function registerField(field: ResolvedField): string {
  const limits = ['max_length', 'min_length']
    .filter((name) => field.fieldArgs[name] !== undefined)
    .map((name) => `${name}=${field.fieldArgs[name] ?? ''}`);
  const defaultText = field.hasDefault && field.defaultFactory === undefined ? field.default : undefined;
  if (limits.length === 0) {
    return defaultText === undefined ? `    ${field.name}: ${field.annotation}` : `    ${field.name}: ${field.annotation} = ${defaultText}`;
  }
  const args = [...(defaultText === undefined ? [] : [`default=${defaultText}`]), ...limits];
  return `    ${field.name}: ${field.annotation} = Field(${args.join(', ')})`;
}

function schemas(plan: AuthPlan): string[] {
  const login = plan.user?.loginField ?? 'email';
  const loginField = plan.user?.model.fields.find((field) => field.name === login);
  const profile = (plan.user?.profileFields ?? []).filter((field) => field.name !== login);
  const loginLine = loginField ? registerField(loginField) : `    ${login}: str = Field(max_length=255)`;
  const idType = plan.user?.idType ?? 'int';
  const blocks = [
    [
      `class ${plan.names.register}(SQLModel):`,
      '    """What a new user sends to sign up: never a role, a state, an id or a hash."""',
      '',
      loginLine,
      '    password: str = Field(min_length=8, max_length=128)',
      ...profile.filter((field) => field.hasDefault || !field.optional).map(registerField),
    ].join('\n'),
  ];
  if (!plan.names.publicExists) {
    blocks.push(
      [
        `class ${plan.names.public}(SQLModel):`,
        `    id: ${idType}`,
        `    ${login}: str`,
        ...profile.map((field) => `    ${field.name}: ${field.annotation}`),
      ].join('\n'),
    );
  }
  blocks.push(
    [
      `class ${plan.names.token}(SQLModel):`,
      '    access_token: str',
      '    refresh_token: str',
      '    token_type: str = "bearer"',
    ].join('\n'),
    [`class ${plan.names.refreshRequest}(SQLModel):`, '    refresh_token: str'].join('\n'),
  );
  return blocks;
}

/** Fields sign-in needs that the existing user table lacks, inserted after its last field. */
function addUserFields(plan: AuthPlan, facts: ProjectFacts, workspace: ChangeWorkspace): string[] {
  const user = plan.user;
  if (user === undefined) return [];
  const added: string[] = [];
  if (user.addsLoginField) added.push(`${user.loginField}: str = Field(unique=True, index=True, max_length=255)`);
  if (user.addsPasswordField) added.push(`${user.passwordField}: str`);
  if (user.addsActiveField) added.push(`${user.activeField}: bool = True`);
  if (added.length === 0) return [];
  const fileFacts = facts.files.get(user.model.file);
  const cls = fileFacts?.classes.find((candidate) => candidate.name === user.model.name);
  const last = cls ? [...cls.fields].sort((a, b) => a.range.endLine - b.range.endLine).at(-1) : undefined;
  const line = last ? last.range.endLine + 1 : (cls?.range.endLine ?? 0) + 1;
  const indent = ' '.repeat(last?.range.startColumn ?? 4);
  const draft = workspace.file(user.model.file, user.model.module);
  draft.imports.from('sqlmodel', 'Field');
  draft.edits.push({ start: line, end: line, lines: added.map((text) => `${indent}${text}`) });
  return added.map((text) => text.slice(0, text.indexOf(':')));
}

export function emitModels(plan: AuthPlan, facts: ProjectFacts, workspace: ChangeWorkspace): string[] {
  const draft = workspace.file(plan.models.file, plan.models.module);
  draft.imports.module('uuid');
  draft.imports.from('sqlmodel', 'Field', 'SQLModel');
  if (plan.user === undefined) {
    draft.blocks.push(newUser(plan));
    draft.descriptions.push(`new ${plan.userName} table model with a hashed password`);
  }
  const addedFields = addUserFields(plan, facts, workspace);
  if (addedFields.length > 0) {
    workspace.file(plan.user?.model.file ?? plan.models.file, plan.user?.model.module ?? plan.models.module).descriptions.push(
      `adds ${addedFields.join(', ')} to ${plan.userName}`,
    );
  }
  draft.blocks.push(refreshTable(plan), ...schemas(plan));
  draft.descriptions.push(`${plan.names.refreshModel} table (issued refresh tokens by jti) and the auth schemas`);
  return addedFields;
}
