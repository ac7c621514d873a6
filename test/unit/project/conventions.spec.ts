import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { convention, indexTemporaryProject, temporaryProject } from './fixture-index';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** An async project with its own habits: every convention differs from the product's defaults. */
const files: Record<string, string> = {
  'svc/models/book.py': lines(
    'import uuid',
    'from sqlmodel import Field, SQLModel',
    'class BookBase(SQLModel):',
    '    title: str',
    'class Book(BookBase, table=True):',
    '    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)',
    '    owner_id: uuid.UUID = Field(foreign_key="user.id")',
  ),
  'svc/models/user.py': lines(
    'import uuid',
    'from sqlmodel import Field, SQLModel',
    'class User(SQLModel, table=True):',
    '    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)',
    '    is_active: bool = True',
  ),
  'svc/schemas/book.py': lines(
    'from svc.models.book import BookBase',
    'class BookIn(BookBase):',
    '    pass',
    'class BookOut(BookBase):',
    '    id: str',
  ),
  'svc/auth.py': lines(
    'from typing import Annotated',
    'import jwt',
    'from fastapi import Depends, HTTPException',
    'from svc.models.user import User',
    'async def get_current_user(token: str) -> User:',
    '    payload = jwt.decode(token, "k", algorithms=["HS256"])',
    '    return User(id=payload["sub"])',
    'async def get_current_active_user(user: Annotated[User, Depends(get_current_user)]) -> User:',
    '    if not user.is_active:',
    '        raise HTTPException(status_code=400, detail="Inactive user")',
    '    return user',
    'ActiveUser = Annotated[User, Depends(get_current_active_user)]',
  ),
  'svc/db.py': lines(
    'from collections.abc import AsyncIterator',
    'from typing import Annotated',
    'from fastapi import Depends',
    'from sqlmodel.ext.asyncio.session import AsyncSession',
    'async def session() -> AsyncIterator[AsyncSession]:',
    '    async with AsyncSession() as db:',
    '        yield db',
    'Db = Annotated[AsyncSession, Depends(session)]',
  ),
  'svc/endpoints/book.py': lines(
    'from fastapi import APIRouter',
    'from svc.auth import ActiveUser',
    'from svc.db import Db',
    'from svc.schemas.book import BookIn, BookOut',
    'router = APIRouter(tags=["books"])',
    '@router.post("/", status_code=202)',
    'async def book_create(data: BookIn, db: Db, user: ActiveUser) -> BookOut:',
    '    ...',
    '@router.put("/{book_id}")',
    'async def book_update(book_id: str, data: BookIn, db: Db, user: ActiveUser) -> BookOut:',
    '    ...',
    '@router.delete("/{book_id}")',
    'async def book_delete(book_id: str, db: Db, user: ActiveUser) -> BookOut:',
    '    ...',
  ),
  'svc/app.py': lines(
    'from fastapi import FastAPI',
    'from svc.endpoints import book',
    'application = FastAPI()',
    'application.include_router(book.router, prefix="/books")',
  ),
  'checks/test_book.py': lines('from fastapi.testclient import TestClient', 'def test_nothing() -> None:', '    assert TestClient'),
};

describe('project index: conventions of an async project with its own habits', () => {
  let root: string;
  let facts: ProjectFacts;
  before(async () => {
    root = temporaryProject(files);
    facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads every convention from the project', () => {
    const c = facts.conventions;
    assert.deepEqual(convention(c.layout.routersDir), ['svc/endpoints', 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.layout.schemas), [{ path: 'svc/schemas/book.py', kind: 'file' }, 'observed', 'svc/schemas/book.py']);
    assert.deepEqual(convention(c.layout.testsDir), ['checks', 'observed', 'checks/test_book.py']);
    assert.deepEqual(convention(c.idType), ['uuid.UUID', 'observed', 'svc/models/book.py']);
    assert.deepEqual(convention(c.updateMethod), ['put', 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.createStatus), [202, 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.deleteStatus), [200, 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.deleteReturns), ['model', 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.async), [true, 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.routeNaming), ['noun_verb', 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.routerFileNaming), ['singular', 'observed', 'svc/endpoints/book.py']);
    assert.deepEqual(convention(c.prefixPlacement), ['include', 'observed', 'svc/app.py']);
    assert.deepEqual(convention(c.includePoint), [{ file: 'svc/app.py', target: 'application' }, 'observed', 'svc/app.py']);
  });

  it('takes the current-user wrapper the routes use, and an async session provider', () => {
    assert.deepEqual(facts.dependencies.currentUser, {
      function: 'get_current_active_user',
      file: 'svc/auth.py',
      module: 'svc.auth',
      alias: 'ActiveUser',
      aliasFile: 'svc/auth.py',
      aliasModule: 'svc.auth',
      userModel: 'User',
    });
    assert.equal(facts.dependencies.session?.function, 'session');
    assert.equal(facts.dependencies.session?.alias, 'Db');
    assert.deepEqual(facts.families, [
      { root: 'Book', base: 'BookBase', table: 'Book', create: 'BookIn', public: 'BookOut' },
      { root: 'User', table: 'User' },
    ]);
  });
});

describe('project index: list envelopes named with an inflected plural', () => {
  it('recognises HeroesPublic and PeopleRead by name, without a count field', async () => {
    const root = temporaryProject({
      'models.py': lines(
        'from sqlmodel import Field, SQLModel',
        'class Hero(SQLModel, table=True):',
        '    id: int | None = Field(default=None, primary_key=True)',
        'class HeroPublic(SQLModel):',
        '    id: int',
        'class HeroesPublic(SQLModel):',
        '    data: list[HeroPublic]',
        'class Person(SQLModel, table=True):',
        '    id: int | None = Field(default=None, primary_key=True)',
        'class PersonRead(SQLModel):',
        '    id: int',
        'class PeopleRead(SQLModel):',
        '    data: list[PersonRead]',
      ),
    });
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      const roles = facts.models.map((model) => [model.name, model.role]);
      assert.deepEqual(
        roles.filter(([name]) => name === 'HeroesPublic' || name === 'PeopleRead'),
        [['HeroesPublic', 'list'], ['PeopleRead', 'list']],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it('finds the session dependency the routes use in a module that names no prefilter word', async () => {
    // SQLAlchemy's AsyncSession, annotated as the value (not a generator), in a module that only
    // imports SQLAlchemy; and a dependency that returns its session instead of yielding it.
    const database = lines(
      'from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine',
      'from sqlalchemy.orm import sessionmaker',
      'engine = create_async_engine("sqlite+aiosqlite://")',
      'local_session = sessionmaker(bind=engine, class_=AsyncSession)',
      'async def async_get_db() -> AsyncSession:',
      '    async with local_session() as db:',
      '        yield db',
    );
    const routes = lines(
      'from fastapi import APIRouter, Depends',
      'from app.database import async_get_db',
      'router = APIRouter()',
      '@router.get("/items")',
      'async def list_items(db=Depends(async_get_db)) -> list[str]:',
      '    return []',
    );
    const returned = lines(
      'from sqlmodel import Session',
      'from app.engine import engine',
      'def get_session() -> Session:',
      '    return Session(engine)',
    );
    const main = 'from fastapi import FastAPI\nfrom app.routes import router\napp = FastAPI()\napp.include_router(router)\n';
    const facts = await indexTemporaryProject({ 'app/__init__.py': '', 'app/database.py': database, 'app/routes.py': routes, 'app/main.py': main });
    assert.deepEqual([facts.dependencies.session?.function, facts.dependencies.session?.file], ['async_get_db', 'app/database.py']);
    const returning = await indexTemporaryProject({ 'app/__init__.py': '', 'app/session.py': returned, 'app/routes.py': routes.replace(/async_get_db/g, 'get_session').replace('app.database', 'app.session') });
    assert.deepEqual([returning.dependencies.session?.function, returning.dependencies.session?.file], ['get_session', 'app/session.py']);
  });
  it('reads what deletes answer through a module-qualified response model, and nothing returned under -> Any', async () => {
    const models = lines(
      'from sqlmodel import Field, SQLModel',
      'class Item(SQLModel, table=True):',
      '    id: int | None = Field(default=None, primary_key=True)',
      'class ItemRead(SQLModel):',
      '    id: int',
    );
    const route = (decorator: string, body: string): string =>
      lines('from typing import Any', 'from fastapi import APIRouter', 'from app import schemas', 'router = APIRouter()', decorator, body, '    ...');
    const answering = (decorator: string, body: string) =>
      indexTemporaryProject({ 'app/__init__.py': '', 'app/schemas.py': models, 'app/items.py': route(decorator, 'def delete_item(item_id: int) -> Any:').replace('    ...', body) });
    const model = await answering('@router.delete("/{item_id}", response_model=schemas.ItemRead)', '    return item');
    assert.equal(model.conventions.deleteReturns.value, 'model');
    const none = await answering('@router.delete("/{item_id}")', '    remove(item_id)');
    assert.equal(none.conventions.deleteReturns.value, 'none');
  });
});
