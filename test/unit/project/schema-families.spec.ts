import assert from 'node:assert/strict';
import { indexTemporaryProject } from './fixture-index';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;


const ROLE_TABLE = lines(
  'from sqlmodel import Field, SQLModel',
  'class RoleBase(SQLModel):',
  '    name: str',
  'class Role(RoleBase, table=True):',
  '    id: int | None = Field(default=None, primary_key=True)',
);

describe('project index: schema families as real projects name and place them', () => {
  it('takes I-prefixed members (IRoleCreate, IRoleRead, IRoleUpdate) as the family they name', async () => {
    const facts = await indexTemporaryProject({
      'app/__init__.py': '',
      'app/models/__init__.py': '',
      'app/models/role.py': ROLE_TABLE,
      'app/schemas/__init__.py': '',
      'app/schemas/role.py': lines(
        'from app.models.role import RoleBase',
        'class IRoleCreate(RoleBase):',
        '    pass',
        'class IRoleRead(RoleBase):',
        '    id: int',
        'class IRoleUpdate(RoleBase):',
        '    pass',
      ),
      // The schemas module names no prefilter word: the routes importing it lead the index there.
      'app/api/roles.py': lines(
        'from fastapi import APIRouter',
        'from app.schemas.role import IRoleCreate, IRoleRead',
        'router = APIRouter()',
        '@router.post("/roles", response_model=IRoleRead)',
        'def create_role(role_in: IRoleCreate) -> IRoleRead:',
        '    raise NotImplementedError',
      ),
    });
    const family = facts.families.find((candidate) => candidate.root === 'Role');
    assert.deepEqual([family?.create, family?.update, family?.public], ['IRoleCreate', 'IRoleUpdate', 'IRoleRead']);
    assert.deepEqual(facts.conventions.layout.schemas.value, { path: 'app/schemas/role.py', kind: 'file' });
  });

  it('takes the member beside its table over a same-named schema elsewhere, and the file most schemas are in', async () => {
    const facts = await indexTemporaryProject({
      'app/__init__.py': '',
      'app/models.py': lines(ROLE_TABLE, 'class RoleRead(RoleBase):', '    id: int'),
      'app/clients/billing.py': lines('from pydantic import BaseModel', 'class RoleResponse(BaseModel):', '    label: str'),
      'app/schemas.py': lines(
        'from sqlmodel import SQLModel',
        'from app.models import RoleBase',
        'class Team(SQLModel, table=True):',
        '    id: int | None = None',
        'class TeamCreate(SQLModel):',
        '    name: str',
        'class TeamUpdate(SQLModel):',
        '    name: str | None = None',
        'class TeamPublic(SQLModel):',
        '    id: int',
        'class RoleUpdate(RoleBase):',
        '    pass',
      ),
      'app/routes/roles.py': lines('from fastapi import APIRouter', 'from app.models import RoleBase', 'router = APIRouter()', 'class RoleCreate(RoleBase):', '    pass'),
    });
    assert.equal(facts.families.find((candidate) => candidate.root === 'Role')?.public, 'RoleRead');
    assert.deepEqual(facts.conventions.layout.schemas.value, { path: 'app/schemas.py', kind: 'file' });
  });
  it('takes members named with the role first (BaseAuthor, CreateAuthor, UpdateAuthor)', async () => {
    const facts = await indexTemporaryProject({
      'models.py': lines(
        'from sqlmodel import Field, SQLModel',
        'class BaseAuthor(SQLModel):',
        '    full_name: str',
        'class Author(BaseAuthor, table=True):',
        '    id: int | None = Field(default=None, primary_key=True)',
        'class CreateAuthor(BaseAuthor):',
        '    pass',
        'class UpdateAuthor(SQLModel):',
        '    full_name: str | None = None',
      ),
    });
    const family = facts.families.find((candidate) => candidate.root === 'Author');
    assert.deepEqual([family?.base, family?.create, family?.update], ['BaseAuthor', 'CreateAuthor', 'UpdateAuthor']);
  });
});
