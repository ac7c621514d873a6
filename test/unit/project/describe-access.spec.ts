import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { describeProject, factsForJson } from '../../../src/core/project/describe';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { indexFixture, indexTemporaryProject, temporaryProject } from './fixture-index';

interface JsonRoute {
  readonly method: string;
  readonly path: string;
  readonly access: string;
}

/** `METHOD path access` of every route in the JSON, and of every router's routes. */
function jsonAccess(facts: ProjectFacts): { routes: string[]; routerRoutes: string[] } {
  const json = factsForJson(facts) as { routes: JsonRoute[]; routers: { routes: JsonRoute[] }[] };
  const row = (route: JsonRoute): string => `${route.method.toUpperCase()} ${route.path} ${route.access}`;
  return { routes: json.routes.map(row), routerRoutes: json.routers.flatMap((router) => router.routes.map(row)).sort() };
}

/** `METHOD path access` read back from the text the editor and `context` show. */
function textAccess(facts: ProjectFacts): string[] {
  const section = describeProject(facts).split('\nRoutes (')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .slice(1)
    .map((line) => /^ {2}(\w+) +(\S+) +(public|user|superuser) +→/.exec(line)?.slice(1, 4).join(' ') ?? `unreadable: ${line}`);
}

const GUARDED_PROJECT = {
  'app/__init__.py': '',
  'app/deps.py': [
    'from typing import Annotated',
    '',
    'from fastapi import Depends, HTTPException',
    'from fastapi.security import OAuth2PasswordBearer',
    'from sqlmodel import Session',
    '',
    'from app.models import User',
    '',
    'oauth2 = OAuth2PasswordBearer(tokenUrl="/login")',
    '',
    '',
    'def get_session() -> Session: ...',
    '',
    '',
    'def get_current_user(token: Annotated[str, Depends(oauth2)]) -> User: ...',
    '',
    '',
    'CurrentUser = Annotated[User, Depends(get_current_user)]',
    '',
    '',
    'def get_current_active_superuser(user: CurrentUser) -> User:',
    '    if not user.is_superuser:',
    '        raise HTTPException(status_code=403, detail="Not enough privileges")',
    '    return user',
    '',
  ].join('\n'),
  'app/models.py': [
    'from sqlmodel import Field, SQLModel',
    '',
    '',
    'class User(SQLModel, table=True):',
    '    id: int | None = Field(default=None, primary_key=True)',
    '    email: str',
    '    is_superuser: bool = False',
    '',
  ].join('\n'),
  'app/routes.py': [
    'from fastapi import APIRouter, Depends',
    '',
    'from app.deps import CurrentUser, get_current_active_superuser, get_current_user',
    '',
    'open_router = APIRouter(prefix="/open")',
    'members = APIRouter(prefix="/members", dependencies=[Depends(get_current_user)])',
    'admin = APIRouter(prefix="/admin")',
    '',
    '',
    '@open_router.get("/health")',
    'def health() -> str:',
    '    return "ok"',
    '',
    '',
    '@open_router.get("/me")',
    'def me(user: CurrentUser) -> str:',
    '    return user.email',
    '',
    '',
    '@members.get("/")',
    'def list_members() -> list[str]:',
    '    return []',
    '',
    '',
    '@members.delete("/{id}", dependencies=[Depends(get_current_active_superuser)])',
    'def remove_member(id: int) -> None:',
    '    return None',
    '',
    '',
    '@admin.get("/stats")',
    'def stats() -> dict[str, int]:',
    '    return {}',
    '',
  ].join('\n'),
  'app/main.py': [
    'from fastapi import Depends, FastAPI',
    '',
    'from app.deps import get_current_active_superuser',
    'from app.routes import admin, members, open_router',
    '',
    'app = FastAPI()',
    'app.include_router(open_router)',
    'app.include_router(members)',
    'app.include_router(admin, dependencies=[Depends(get_current_active_superuser)])',
    '',
  ].join('\n'),
};

/** Dependencies that read a token when one is sent and let anonymous callers through otherwise. */
const OPTIONAL_USER_PROJECT = {
  'app/__init__.py': '',
  'app/deps.py': [
    'from typing import Annotated, Optional',
    '',
    'import jwt',
    'from fastapi import Depends, HTTPException, Request',
    'from fastapi.security import HTTPBasic, HTTPBasicCredentials, OAuth2PasswordBearer',
    '',
    'from app.models import User',
    '',
    'oauth2 = OAuth2PasswordBearer(tokenUrl="/login")',
    'maybe_oauth2 = OAuth2PasswordBearer(tokenUrl="/login", auto_error=False)',
    '',
    '',
    'def get_current_user(token: Annotated[str, Depends(oauth2)]) -> User:',
    '    claims = jwt.decode(token, "secret", algorithms=["HS256"])',
    '    if claims is None:',
    '        raise HTTPException(status_code=401, detail="Not authenticated")',
    '    return User(id=claims["sub"])',
    '',
    '',
    'async def get_optional_user(request: Request) -> User | None:',
    '    token = request.headers.get("Authorization")',
    '    if not token:',
    '        return None',
    '    try:',
    '        claims = jwt.decode(token.partition(" ")[2], "secret", algorithms=["HS256"])',
    '    except jwt.PyJWTError:',
    '        return None',
    '    return User(id=claims["sub"])',
    '',
    '',
    'def get_viewer(token: Annotated[Optional[str], Depends(maybe_oauth2)]) -> Optional[User]:',
    '    if token is None:',
    '        return None',
    '    return User(id=jwt.decode(token, "secret", algorithms=["HS256"])["sub"])',
    '',
    '',
    'basic = HTTPBasic(auto_error=False)',
    '',
    '',
    'def authent(credentials: HTTPBasicCredentials | None = Depends(basic)) -> bool:',
    '    if credentials is None or credentials.password != "secret":',
    '        raise HTTPException(status_code=403, detail="invalid user/password")',
    '    return True',
    '',
    '',
    'def get_token_user(token: Annotated[str, Depends(oauth2)]) -> User | None:',
    '    claims = jwt.decode(token, "secret", algorithms=["HS256"])',
    '    return None if claims is None else User(id=claims["sub"])',
    '',
    '',
    'async def rate_limiter(user: User | None = Depends(get_optional_user)) -> None:',
    '    return None',
    '',
  ].join('\n'),
  'app/models.py': [
    'from sqlmodel import Field, SQLModel',
    '',
    '',
    'class User(SQLModel, table=True):',
    '    id: int | None = Field(default=None, primary_key=True)',
    '',
  ].join('\n'),
  'app/main.py': [
    'from fastapi import Depends, FastAPI',
    '',
    'from app.deps import authent, get_current_user, get_token_user, get_viewer, rate_limiter',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.post("/login", dependencies=[Depends(rate_limiter)])',
    'def login() -> str:',
    '    return "token"',
    '',
    '',
    '@app.get("/feed")',
    'def feed(viewer=Depends(get_viewer)) -> list[str]:',
    '    return []',
    '',
    '',
    '@app.get("/me", dependencies=[Depends(rate_limiter)])',
    'def me(user=Depends(get_current_user)) -> str:',
    '    return "me"',
    '',
    '',
    '@app.get("/basic", dependencies=[Depends(authent)])',
    'def basic_only() -> str:',
    '    return "ok"',
    '',
    '',
    '@app.get("/inbox")',
    'def inbox(user=Depends(get_token_user)) -> list[str]:',
    '    return []',
    '',
  ].join('\n'),
};

/** Dependencies written as calls: a factory returning its checker, a class instance, a scheme built in place. */
const CALLED_DEPENDENCY_PROJECT = {
  'app/__init__.py': '',
  'app/security.py': [
    'from typing import Callable',
    '',
    'import jwt',
    'from fastapi import Depends, HTTPException',
    'from fastapi.security import OAuth2PasswordBearer',
    '',
    'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/login")',
    '',
    '',
    'def get_current_user() -> Callable[[str], dict]:',
    '    def current_user(access_token: str = Depends(oauth2_scheme)) -> dict:',
    '        return jwt.decode(access_token, "secret", algorithms=["HS256"])',
    '',
    '    return current_user',
    '',
    '',
    'def api_key_scheme():',
    '    return OAuth2PasswordBearer(tokenUrl="/token")',
    '',
    '',
    'class RoleChecker:',
    '    def __init__(self, roles: list[str]) -> None:',
    '        self.roles = roles',
    '',
    '    def __call__(self, user: dict = Depends(get_current_user())) -> dict:',
    '        if user["role"] not in self.roles:',
    '            raise HTTPException(status_code=403, detail="Not allowed")',
    '        return user',
    '',
    '',
    'class Greeting:',
    '    def __call__(self, name: str = "world") -> str:',
    '        return name',
    '',
  ].join('\n'),
  'app/main.py': [
    'from fastapi import Depends, FastAPI',
    'from fastapi.security import HTTPBearer',
    '',
    'from app import security',
    'from app.security import Greeting, RoleChecker, api_key_scheme, get_current_user',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/me")',
    'def me(user: dict = Depends(get_current_user())) -> dict:',
    '    return user',
    '',
    '',
    '@app.get("/admin", dependencies=[Depends(security.RoleChecker(["admin"]))])',
    'def admin() -> str:',
    '    return "admin"',
    '',
    '',
    '@app.get("/bearer", dependencies=[Depends(HTTPBearer())])',
    'def bearer() -> str:',
    '    return "bearer"',
    '',
    '',
    '@app.get("/keyed")',
    'def keyed(token: str = Depends(api_key_scheme())) -> str:',
    '    return token',
    '',
    '',
    '@app.get("/hello")',
    'def hello(greeting: str = Depends(Greeting())) -> str:',
    '    return greeting',
    '',
  ].join('\n'),
};

describe('what the assistant sees: who may call each route', () => {
  it('reads public, user and superuser from route, router and include dependencies', async () => {
    const root = temporaryProject(GUARDED_PROJECT);
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      const expected = [
        'GET /open/health public',
        'GET /open/me user',
        'GET /members/ user',
        'DELETE /members/{id} superuser',
        'GET /admin/stats superuser',
      ];
      assert.deepEqual(textAccess(facts), expected);
      const json = jsonAccess(facts);
      assert.deepEqual(json.routes, expected);
      assert.deepEqual(json.routerRoutes, [...expected].sort());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('marks the full-stack template: login public, items user, user admin superuser', async () => {
    const facts = await indexFixture('fullstack-template');
    assert.deepEqual(textAccess(facts), [
      'GET /api/v1/items/ user',
      'GET /api/v1/items/{id} user',
      'POST /api/v1/items/ user',
      'PUT /api/v1/items/{id} user',
      'DELETE /api/v1/items/{id} user',
      'POST /api/v1/login/access-token public',
      'GET /api/v1/users/ superuser',
      'POST /api/v1/users/ superuser',
      'GET /api/v1/users/me user',
    ]);
  });

  it('counts a token check that returns the claims as a dict as a signed-in user', async () => {
    const facts = await indexFixture('token-dict-auth');
    assert.deepEqual(jsonAccess(facts).routes, ['GET /projects/ user', 'POST /projects/ user']);
  });

  it('leaves routes public whose dependencies check no credentials', async () => {
    // Header readers and an audit hook: dependencies, but none of them decides who may call.
    const facts = await indexFixture('routes-dependencies');
    assert.deepEqual(textAccess(facts), ['GET /v1/secure/data public', 'GET /v1/secure/reports/ public']);
  });
  it('leaves a route public whose user dependency lets anonymous callers through', async () => {
    // An optional user (annotated `| None`, returning None without a token) and a scheme with
    // `auto_error=False` decide nothing; a scheme that refuses a missing token still does, and so
    // does a function reading a lenient scheme that raises 403 itself.
    const facts = await indexTemporaryProject(OPTIONAL_USER_PROJECT);
    assert.deepEqual(jsonAccess(facts).routes, ['POST /login public', 'GET /feed public', 'GET /me user', 'GET /basic user', 'GET /inbox user']);
  });
  it('follows a dependency written as a call to what the call gives', async () => {
    // The role checker's roles come from the call: it requires a signed-in caller, whatever else it asks.
    const facts = await indexTemporaryProject(CALLED_DEPENDENCY_PROJECT);
    assert.deepEqual(jsonAccess(facts).routes, ['GET /me user', 'GET /admin user', 'GET /bearer user', 'GET /keyed user', 'GET /hello public']);
  });
  it("counts the app's own dependencies (FastAPI(dependencies=[Security(check)])) on every route", async () => {
    const facts = await indexTemporaryProject({
      'app/__init__.py': '',
      'app/checks.py': [
        'from fastapi import HTTPException, Security',
        'from fastapi.security import APIKeyHeader',
        '',
        '',
        'def auth_api_key(api_key: str = Security(APIKeyHeader(name="Authorization"))) -> None:',
        '    if api_key != "secret":',
        '        raise HTTPException(status_code=403)',
        '',
      ].join('\n'),
      'app/items.py': ['from fastapi import APIRouter', '', 'router = APIRouter(prefix="/items")', '', '', '@router.get("/")', 'def list_items() -> list[str]:', '    return []', ''].join('\n'),
      'app/main.py': [
        'from fastapi import FastAPI, Security',
        '',
        'from app.checks import auth_api_key',
        'from app.items import router',
        '',
        'app = FastAPI(dependencies=[Security(auth_api_key)])',
        'app.include_router(router)',
        '',
        '',
        '@app.get("/")',
        'def root() -> str:',
        '    return "ok"',
        '',
      ].join('\n'),
    });
    assert.deepEqual(jsonAccess(facts).routes.sort(), ['GET / user', 'GET /items/ user']);
  });
});
