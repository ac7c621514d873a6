import assert from 'node:assert/strict';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { parsePythonFile } from '../../../src/core/python/parse';
import { classNamed } from './fact-lookup';

const MODELS = `import uuid
from typing import TYPE_CHECKING, ClassVar, Optional

from pydantic import EmailStr
from sqlmodel import Field, Relationship, SQLModel

if TYPE_CHECKING:
    from .team import Team


class UserBase(SQLModel):
    """Shared properties of a user."""

    email: EmailStr = Field(unique=True, index=True, max_length=255)
    is_active: bool = True
    is_superuser: bool = False
    full_name: str | None = Field(default=None, max_length=255)


class User(UserBase, table=True):
    __tablename__ = "users"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    hashed_password: str
    items: list["Item"] = Relationship(back_populates="owner", cascade_delete=True)
    team: Optional["Team"] = Relationship(back_populates="members")


class ItemBase(SQLModel):
    title: str = Field(min_length=1, max_length=255)
    description: Optional[str] = Field(None, max_length=255)


class Item(ItemBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(
        foreign_key="user.id", nullable=False, ondelete="CASCADE"
    )
    owner: "User | None" = Relationship(back_populates="items")
    score: Union[int, None] = Field(default=..., ge=0)
    registry: ClassVar[dict[str, int]] = {}


class HeroTeamLink(SQLModel, table=True):
    hero_id: int | None = Field(default=None, foreign_key="hero.id", primary_key=True)


class Hero(SQLModel, table=True):
    model_config = ConfigDict(from_attributes=True)

    teams: list["Team"] = Relationship(back_populates="heroes", link_model=HeroTeamLink)
    kind: Literal["a", "b"] = "a"
    nickname: None | str = None
    code: Annotated[str, Field(max_length=8, pattern=r"^[A-Z]+$")] = "HERO"
    rank: Annotated[int, Field(ge=1)]

    def display(self) -> str:
        return self.nickname or ""

    @property
    def label(self) -> str:
        return "hero"
`;

describe('python facts: SQLModel classes', () => {
  let facts: PythonFileFacts;
  before(async () => {
    facts = await parsePythonFile('app/models.py', MODELS);
  });

  it('reads every class with its bases, keywords and table flag', () => {
    assert.deepEqual(
      facts.classes.map((fact) => [fact.name, fact.bases, fact.table]),
      [
        ['UserBase', ['SQLModel'], false],
        ['User', ['UserBase'], true],
        ['ItemBase', ['SQLModel'], false],
        ['Item', ['ItemBase'], true],
        ['HeroTeamLink', ['SQLModel'], true],
        ['Hero', ['SQLModel'], true],
      ],
    );
    assert.deepEqual(classNamed(facts, 'User').keywords, { table: 'True' });
    assert.equal(facts.hasSyntaxErrors, false);
    assert.deepEqual(facts.diagnostics, []);
  });

  it('reads docstrings, __tablename__ and model_config', () => {
    assert.equal(classNamed(facts, 'UserBase').docstring, 'Shared properties of a user.');
    assert.equal(classNamed(facts, 'User').tableName, 'users');
    assert.equal(classNamed(facts, 'Item').tableName, undefined);
    assert.equal(classNamed(facts, 'Hero').modelConfig, 'ConfigDict(from_attributes=True)');
  });

  it('reads fields with annotations, optionality, defaults and Field keywords', () => {
    const [email, isActive, , fullName] = classNamed(facts, 'UserBase').fields;
    assert.deepEqual(email, {
      name: 'email',
      annotation: 'EmailStr',
      optional: false,
      baseType: 'EmailStr',
      value: 'Field(unique=True, index=True, max_length=255)',
      hasDefault: false,
      fieldArgs: { unique: 'True', index: 'True', max_length: '255' },
      isClassVar: false,
      range: { startLine: 13, startColumn: 4, endLine: 13, endColumn: 68, startIndex: email?.range.startIndex, endIndex: email?.range.endIndex },
    });
    assert.equal(MODELS.slice(email?.range.startIndex, email?.range.endIndex), 'email: EmailStr = Field(unique=True, index=True, max_length=255)');
    assert.equal(isActive?.default, 'True');
    assert.equal(isActive?.hasDefault, true);
    assert.equal(fullName?.optional, true);
    assert.equal(fullName?.baseType, 'str');
    assert.equal(fullName?.default, 'None');
  });

  it('reads primary keys, default factories and foreign keys with ondelete', () => {
    const user = classNamed(facts, 'User');
    assert.deepEqual(
      user.fields.map((field) => field.name),
      ['id', 'hashed_password'],
    );
    const [id, password] = user.fields;
    assert.equal(id?.defaultFactory, 'uuid.uuid4');
    assert.equal(id?.hasDefault, true);
    assert.equal(id?.fieldArgs.primary_key, 'True');
    assert.equal(password?.hasDefault, false);
    assert.equal(password?.value, undefined);
    const ownerId = classNamed(facts, 'Item').fields.find((field) => field.name === 'owner_id');
    assert.deepEqual(ownerId?.fieldArgs, { foreign_key: '"user.id"', nullable: 'False', ondelete: '"CASCADE"' });
    assert.equal(ownerId?.optional, false);
  });

  it('understands Optional, Union, None-first unions, Ellipsis defaults and ClassVar', () => {
    const description = classNamed(facts, 'ItemBase').fields[1];
    assert.equal(description?.optional, true);
    assert.equal(description?.baseType, 'str');
    assert.equal(description?.default, 'None');
    const item = classNamed(facts, 'Item');
    const score = item.fields.find((field) => field.name === 'score');
    assert.equal(score?.optional, true);
    assert.equal(score?.baseType, 'int');
    assert.equal(score?.default, undefined);
    assert.equal(score?.hasDefault, false);
    const registry = item.fields.find((field) => field.name === 'registry');
    assert.equal(registry?.isClassVar, true);
    const nickname = classNamed(facts, 'Hero').fields.find((field) => field.name === 'nickname');
    assert.deepEqual([nickname?.optional, nickname?.baseType], [true, 'str']);
    const kind = classNamed(facts, 'Hero').fields.find((field) => field.name === 'kind');
    assert.equal(kind?.annotation, 'Literal["a", "b"]');
    assert.equal(kind?.stringValue, 'a');
  });

  it('reads Field(...) written inside Annotated', () => {
    const [code, rank] = classNamed(facts, 'Hero').fields.filter((field) => field.name === 'code' || field.name === 'rank');
    assert.deepEqual(
      [code?.baseType, code?.fieldArgs, code?.default, code?.stringValue, code?.hasDefault],
      ['str', { max_length: '8', pattern: 'r"^[A-Z]+$"' }, '"HERO"', 'HERO', true],
    );
    assert.deepEqual([rank?.baseType, rank?.fieldArgs, rank?.default, rank?.hasDefault], ['int', { ge: '1' }, undefined, false]);
  });

  it('reads relationships with targets, cardinality, back_populates, link_model and cascade_delete', () => {
    assert.deepEqual(
      classNamed(facts, 'User').relationships.map(({ range: _range, ...rest }) => rest),
      [
        {
          name: 'items',
          annotation: 'list[Item]',
          target: 'Item',
          many: true,
          backPopulates: 'owner',
          cascadeDelete: true,
          args: { back_populates: '"owner"', cascade_delete: 'True' },
        },
        {
          name: 'team',
          annotation: 'Optional[Team]',
          target: 'Team',
          many: false,
          backPopulates: 'members',
          args: { back_populates: '"members"' },
        },
      ],
    );
    const owner = classNamed(facts, 'Item').relationships[0];
    assert.deepEqual([owner?.annotation, owner?.target, owner?.many], ['User | None', 'User', false]);
    const teams = classNamed(facts, 'Hero').relationships[0];
    assert.deepEqual([teams?.target, teams?.many, teams?.linkModel], ['Team', true, 'HeroTeamLink']);
  });

  it('lists methods and marks nothing as TYPE_CHECKING-only outside such blocks', () => {
    assert.deepEqual(classNamed(facts, 'Hero').methods, ['display', 'label']);
    assert.ok(facts.classes.every((fact) => !fact.typeCheckingOnly));
    assert.equal(classNamed(facts, 'Hero').nameRange.startLine, 47);
  });

  it('reads BaseSettings classes as classes with literal defaults', async () => {
    const settings = await parsePythonFile(
      'app/core/config.py',
      [
        'class Settings(BaseSettings):',
        '    model_config = SettingsConfigDict(env_file="../.env", env_ignore_empty=True, extra="ignore")',
        '    API_V1_STR: str = "/api/v1"',
        '    SECRET_KEY: str = secrets.token_urlsafe(32)',
        '    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8',
        '',
        '    @computed_field  # type: ignore[prop-decorator]',
        '    @property',
        '    def SQLALCHEMY_DATABASE_URI(self) -> PostgresDsn:',
        '        return PostgresDsn.build(scheme="postgresql+psycopg")',
        '',
        'settings = Settings()  # type: ignore',
        '',
      ].join('\n'),
    );
    const [fact] = settings.classes;
    assert.deepEqual(fact?.bases, ['BaseSettings']);
    assert.equal(fact?.modelConfig, 'SettingsConfigDict(env_file="../.env", env_ignore_empty=True, extra="ignore")');
    assert.deepEqual(
      fact?.fields.map((field) => [field.name, field.annotation, field.default]),
      [
        ['API_V1_STR', 'str', '"/api/v1"'],
        ['SECRET_KEY', 'str', 'secrets.token_urlsafe(32)'],
        ['ACCESS_TOKEN_EXPIRE_MINUTES', 'int', '60 * 24 * 8'],
      ],
    );
    assert.equal(fact?.fields[0]?.stringValue, '/api/v1');
    assert.equal(fact?.fields[1]?.stringValue, undefined);
    assert.deepEqual(fact?.methods, ['SQLALCHEMY_DATABASE_URI']);
    assert.deepEqual(settings.assignments.map((assignment) => [assignment.name, assignment.value]), [['settings', 'Settings()']]);
  });
});
