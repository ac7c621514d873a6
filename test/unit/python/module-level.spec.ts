import assert from 'node:assert/strict';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { parsePythonFile } from '../../../src/core/python/parse';
import { functionNamed as fn } from './fact-lookup';

const DEPS = `from collections.abc import Generator
from typing import Annotated, TypeAlias

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from jwt.exceptions import InvalidTokenError
from sqlmodel import Session

from app.core import security
from app.core.config import settings
from app.core.db import engine
from app.models import TokenPayload, User

reusable_oauth2 = OAuth2PasswordBearer(
    tokenUrl=f"{settings.API_V1_STR}/login/access-token"
)


def get_db() -> Generator[Session, None, None]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]
TokenDep: TypeAlias = Annotated[str, Depends(reusable_oauth2)]


def get_current_user(session: SessionDep, token: TokenDep) -> User:
    try:
        payload = jwt.decode(
            token, settings.SECRET_KEY, algorithms=[security.ALGORITHM]
        )
        token_data = TokenPayload(**payload)
    except (InvalidTokenError, ValidationError):
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN,
            detail="Could not validate credentials",
        )
    user = session.get(User, token_data.sub)
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    if not user.is_active:
        raise HTTPException(status_code=400, detail="Inactive user")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_current_active_superuser(current_user: CurrentUser) -> User:
    if not current_user.is_superuser:
        raise HTTPException(
            status_code=403, detail="The user doesn't have enough privileges"
        )
    return current_user


async def get_async_session() -> AsyncGenerator[AsyncSession, None]:
    async with async_session_maker() as session:
        yield session


def get_legacy_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@asynccontextmanager
async def lifespan(app: FastAPI):
    with Session(engine) as session:
        init_db(session)
    yield


def session_scope() -> Iterator[None]:
    with Session(engine) as s:
        yield s


def client_fixture(session: Session):
    app.dependency_overrides[get_session] = lambda: session
    with TestClient(app) as client:
        yield client


async def current_user_from_helper(token: str = Depends(oauth2_scheme)) -> User:
    payload = decode_access_token(token)
    return await load(payload)


def read_bytes(blob: bytes) -> str:
    return blob.decode("utf-8")


def require_admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Admins only")
    return user


def user_summary(user: CurrentUser) -> dict[str, bool]:
    if user is None:
        raise HTTPException(status_code=401)
    return {"is_superuser": user.is_superuser}
`;

describe('python facts: dependencies, aliases, apps and includes', () => {
  let deps: PythonFileFacts;
  before(async () => {
    deps = await parsePythonFile('app/api/deps.py', DEPS);
  });

  it('reads dependency aliases written as assignments and TypeAlias annotations', () => {
    assert.deepEqual(
      deps.aliases.map(({ range: _range, ...rest }) => rest),
      [
        { name: 'SessionDep', type: 'Session', dependency: 'get_db' },
        { name: 'TokenDep', type: 'str', dependency: 'reusable_oauth2' },
        { name: 'CurrentUser', type: 'User', dependency: 'get_current_user' },
      ],
    );
  });

  it('recognises session providers', () => {
    assert.equal(fn(deps, 'get_db').yieldsSession, true);
    assert.equal(fn(deps, 'get_db').returnAnnotation, 'Generator[Session, None, None]');
    assert.equal(fn(deps, 'get_async_session').yieldsSession, true);
    assert.equal(fn(deps, 'get_async_session').isAsync, true);
    assert.equal(fn(deps, 'get_legacy_db').yieldsSession, true);
    assert.equal(fn(deps, 'lifespan').yieldsSession, false, 'a bare yield provides nothing');
    assert.equal(fn(deps, 'get_current_user').yieldsSession, false);
    assert.equal(fn(deps, 'session_scope').yieldsSession, true, 'yields the name a Session is bound to');
    assert.equal(fn(deps, 'client_fixture').yieldsSession, false, 'a test client is no session');
  });

  it('recognises token decoding', () => {
    assert.equal(fn(deps, 'get_current_user').decodesToken, true);
    assert.equal(fn(deps, 'current_user_from_helper').decodesToken, true);
    assert.equal(fn(deps, 'read_bytes').decodesToken, false, 'bytes.decode is not a token');
    assert.equal(fn(deps, 'get_db').decodesToken, false);
  });

  it('recognises superuser guards and raised status codes', () => {
    assert.equal(fn(deps, 'get_current_active_superuser').checksSuperuser, true);
    assert.deepEqual(fn(deps, 'get_current_active_superuser').raisedStatusCodes, ['403']);
    assert.equal(fn(deps, 'require_admin').checksSuperuser, true);
    assert.deepEqual(fn(deps, 'require_admin').raisedStatusCodes, ['status.HTTP_403_FORBIDDEN']);
    assert.equal(fn(deps, 'get_current_user').checksSuperuser, false);
    assert.equal(fn(deps, 'user_summary').checksSuperuser, false, 'mentioning is_superuser outside a test is no guard');
    assert.deepEqual(fn(deps, 'get_current_user').raisedStatusCodes, ['status.HTTP_403_FORBIDDEN', '404', '400']);
    assert.deepEqual(fn(deps, 'get_current_active_superuser').parameters, [
      { name: 'current_user', annotation: 'CurrentUser', style: 'plain' },
    ]);
    assert.deepEqual(fn(deps, 'lifespan').decorators, ['asynccontextmanager']);
  });

  it('reads module-level assignments', () => {
    assert.deepEqual(
      deps.assignments.map((assignment) => [assignment.name, assignment.annotation, assignment.stringValue]),
      [
        ['reusable_oauth2', undefined, undefined],
        ['SessionDep', undefined, undefined],
        ['TokenDep', 'TypeAlias', undefined],
        ['CurrentUser', undefined, undefined],
      ],
    );
  });

  it('reads imports with modules, names and aliases', async () => {
    const facts = await parsePythonFile(
      'app/main.py',
      [
        'from __future__ import annotations',
        'import os, sys as system',
        'import app.core.config as config',
        'from . import deps',
        'from ..models import (',
        '    Item as ItemModel,',
        '    User,',
        ')',
        'from .routes import *',
        'from typing import TYPE_CHECKING',
        'if TYPE_CHECKING:',
        '    from app.models import Team',
        'else:',
        '    from app.other import Team',
        'if typing_extensions.TYPE_CHECKING:',
        '    import a_stub',
        'try:',
        '    import ujson as json',
        'except ImportError:',
        '    import json',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      facts.imports.map(({ range: _range, ...rest }) => rest),
      [
        { kind: 'from', module: '__future__', level: 0, names: [{ name: 'annotations' }], typeCheckingOnly: false },
        { kind: 'import', module: 'os', level: 0, names: [], typeCheckingOnly: false },
        { kind: 'import', module: 'sys', level: 0, names: [], alias: 'system', typeCheckingOnly: false },
        { kind: 'import', module: 'app.core.config', level: 0, names: [], alias: 'config', typeCheckingOnly: false },
        { kind: 'from', module: '', level: 1, names: [{ name: 'deps' }], typeCheckingOnly: false },
        { kind: 'from', module: 'models', level: 2, names: [{ name: 'Item', alias: 'ItemModel' }, { name: 'User' }], typeCheckingOnly: false },
        { kind: 'from', module: 'routes', level: 1, names: [{ name: '*' }], typeCheckingOnly: false },
        { kind: 'from', module: 'typing', level: 0, names: [{ name: 'TYPE_CHECKING' }], typeCheckingOnly: false },
        { kind: 'from', module: 'app.models', level: 0, names: [{ name: 'Team' }], typeCheckingOnly: true },
        { kind: 'from', module: 'app.other', level: 0, names: [{ name: 'Team' }], typeCheckingOnly: false },
        { kind: 'import', module: 'a_stub', level: 0, names: [], typeCheckingOnly: true },
        { kind: 'import', module: 'ujson', level: 0, names: [], alias: 'json', typeCheckingOnly: false },
        { kind: 'import', module: 'json', level: 0, names: [], typeCheckingOnly: false },
      ],
    );
  });

  it('reads apps and include_router calls, at module level and inside an app factory', async () => {
    const facts = await parsePythonFile(
      'app/main.py',
      [
        'from fastapi import FastAPI',
        'from app.api.main import api_router',
        'from app.api.routes import items, login',
        '',
        'API_PREFIX = "/api" "/v2"',
        'VERSION: str = ("1." "0")',
        'NAME = f"app-{VERSION}"',
        '',
        'app = FastAPI(',
        '    title=settings.PROJECT_NAME,',
        '    openapi_url=f"{settings.API_V1_STR}/openapi.json",',
        ')',
        'app.include_router(api_router, prefix=settings.API_V1_STR)',
        'api_router.include_router(items.router, prefix="/items", tags=["items"])',
        'api_router.include_router(router=login.router, dependencies=[Depends(verify_key)])',
        'app.include_router(legacy.router, prefix=f"{API_PREFIX}/legacy")',
        '',
        'def create_app() -> FastAPI:',
        '    application = FastAPI()',
        '    admin = APIRouter(prefix="/admin")',
        '    application.include_router(admin, prefix=API_PREFIX)',
        '',
        '    @application.get("/health")',
        '    def health() -> dict[str, str]:',
        '        return {"status": "ok"}',
        '',
        '    return application',
        '',
        '# app.include_router(commented.router)',
        'text = "app.include_router(not_a_call)"',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      facts.apps.map((app) => [app.variable, app.args.keywords.title]),
      [
        ['app', 'settings.PROJECT_NAME'],
        ['application', undefined],
      ],
    );
    assert.deepEqual(
      facts.includes.map(({ range: _range, ...rest }) => rest),
      [
        { target: 'app', router: 'api_router', prefixExpression: 'settings.API_V1_STR', tags: [], dependencies: [] },
        { target: 'api_router', router: 'items.router', prefix: '/items', tags: ['items'], dependencies: [] },
        { target: 'api_router', router: 'login.router', tags: [], dependencies: ['verify_key'] },
        { target: 'app', router: 'legacy.router', prefixExpression: 'f"{API_PREFIX}/legacy"', tags: [], dependencies: [] },
        { target: 'application', router: 'admin', prefixExpression: 'API_PREFIX', tags: [], dependencies: [], inFunction: 'create_app' },
      ],
    );
    assert.deepEqual(
      facts.routers.map((router) => [router.variable, router.prefix]),
      [['admin', '/admin']],
    );
    assert.deepEqual(
      facts.routes.map((route) => [route.owner, route.method, route.path, route.functionName]),
      [['application', 'get', '/health', 'health']],
    );
    assert.deepEqual(
      facts.assignments.map((assignment) => [assignment.name, assignment.stringValue]),
      [
        ['API_PREFIX', '/api/v2'],
        ['VERSION', '1.0'],
        ['NAME', undefined],
        ['app', undefined],
        ['text', 'app.include_router(not_a_call)'],
      ],
    );
    assert.equal(facts.assignments[1]?.annotation, 'str');
  });
});
