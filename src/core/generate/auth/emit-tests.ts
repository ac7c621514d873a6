/**
 * Attack tests for the generated sign-in: each forged, expired, mistyped, spent or revoked
 * token is refused, a wrong password and an unknown user look alike, and sign-up takes no
 * privileged field. The module brings its own in-memory database and client.
 */
import type { ChangeWorkspace } from '../crud/workspace';
import { overridingWhileYielding } from '../python/dependency-overrides';
import { AUTH_PATHS } from './emit-router';
import type { AuthPlan } from './plan';
import { bracketed, signature } from '../python/text';
import { openApiDocumentsTest } from '../python/route-docs';
import { documentedAuthErrors } from './route-docs';

interface Style {
  readonly def: string;
  readonly wait: string;
  readonly client: string;
}

function url(plan: AuthPlan, path: string): string {
  return `${plan.apiPrefix}${path}`;
}

/**
 * A fresh in-memory SQLite session per test and a client whose app uses it: what the sign-in
 * tests need from a synchronous project, new or completed.
 */
export function syncClientFixtures(app: string, getSession: string): string[] {
  return [
    [
      '@pytest.fixture(name="session")',
      'def session_fixture() -> Generator[Session, None, None]:',
      '    engine = create_engine(',
      '        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool',
      '    )',
      '    SQLModel.metadata.create_all(engine)',
      '    with Session(engine) as session:',
      '        yield session',
    ].join('\n'),
    [
      '@pytest.fixture(name="client")',
      'def client_fixture(session: Session) -> Generator[TestClient, None, None]:',
      ...overridingWhileYielding('    ', app, getSession, 'lambda: session', [`    yield TestClient(${app})`]),
    ].join('\n'),
  ];
}

/**
 * The same for a project on an AsyncSession: an in-memory aiosqlite engine and an httpx
 * AsyncClient over the app, run by anyio.
 */
export function asyncClientFixtures(app: string, getSession: string): string[] {
  return [
    ['@pytest.fixture', 'def anyio_backend() -> str:', '    return "asyncio"'].join('\n'),
    [
      '@pytest.fixture(name="session")',
      'async def session_fixture() -> AsyncGenerator[AsyncSession, None]:',
      '    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)',
      '    async with engine.begin() as connection:',
      '        await connection.run_sync(SQLModel.metadata.create_all)',
      '    async with AsyncSession(engine, expire_on_commit=False) as session:',
      '        yield session',
      '    await engine.dispose()',
    ].join('\n'),
    [
      '@pytest.fixture(name="client")',
      'async def client_fixture(session: AsyncSession) -> AsyncGenerator[AsyncClient, None]:',
      ...overridingWhileYielding('    ', app, getSession, 'lambda: session', [
        `    transport = ASGITransport(app=${app})`,
        '    async with AsyncClient(transport=transport, base_url="http://test") as client:',
        '        yield client',
      ]),
    ].join('\n'),
  ];
}

function fixtures(plan: AuthPlan, style: Style, userLine: string): string[] {
  const app = plan.app.variable;
  const getSession = plan.session.function;
  const sync = syncClientFixtures(app, getSession);
  const asynchronous = asyncClientFixtures(app, getSession);
  const sessionType = plan.async ? 'AsyncSession' : 'Session';
  return [
    ...(plan.async ? asynchronous : sync),
    [
      '@pytest.fixture(name="user")',
      `${style.def} user_fixture(session: ${sessionType}) -> ${plan.userName}:`,
      `    user = ${userLine}`,
      '    session.add(user)',
      `    ${style.wait}session.commit()`,
      `    ${style.wait}session.refresh(user)`,
      '    return user',
    ].join('\n'),
  ];
}

function helpers(plan: AuthPlan, style: Style): string[] {
  const key = `${plan.settings.instance}.${plan.settings.secretKey.name}`;
  const algorithm = `${plan.settings.instance}.${plan.settings.algorithm.name}`;
  return [
    [
      signature('', `${style.def} sign_in`, [`client: ${style.client}`, 'username: str = LOGIN'], ' -> dict[str, str]:'),
      '    form = {"username": username, "password": PASSWORD}',
      `    response = ${style.wait}client.post(LOGIN_URL, data=form)`,
      '    assert response.status_code == 200, response.text',
      '    tokens: dict[str, str] = response.json()',
      '    return tokens',
    ].join('\n'),
    ['def bearer(token: str) -> dict[str, str]:', '    return {"Authorization": f"Bearer {token}"}'].join('\n'),
    [
      `def claims_for(user: ${plan.userName}, **changes: Any) -> dict[str, Any]:`,
      '    now = int(time.time())',
      '    claims = {"sub": str(user.id), "type": "access", "iat": now, "exp": now + 300}',
      '    claims.update(changes)',
      '    return {name: value for name, value in claims.items() if value is not None}',
    ].join('\n'),
    [
      'def sign(claims: dict[str, Any], key: str | None = None) -> str:',
      bracketed('    ', 'return jwt.encode', ['claims', `key or ${key}`, `algorithm=${algorithm}`]),
    ].join('\n'),
    [
      'def segment(data: dict[str, Any]) -> str:',
      '    raw = base64.urlsafe_b64encode(json.dumps(data).encode())',
      '    return raw.rstrip(b"=").decode()',
    ].join('\n'),
  ];
}

function tests(plan: AuthPlan, style: Style, secured: string | undefined): string[] {
  const { def, wait } = style;
  const aw = (call: string): string => (plan.async ? `(await ${call})` : call);
  const me = `${wait}client.get(ME_URL, headers=bearer(token))`;
  const refused = (name: string, doc: string, setup: string[], request = me): string =>
    [
      signature('', `${def} test_${name}`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    """${doc}"""`,
      ...setup.map((line) => `    ${line}`),
      `    response = ${request}`,
      '    assert response.status_code == 401',
      '    assert response.headers["www-authenticate"] == "Bearer"',
    ].join('\n');
  const active = plan.user?.activeField ?? 'is_active';
  const sessionType = plan.async ? 'AsyncSession' : 'Session';
  const privileged = [
    plan.user === undefined || plan.user.superuserField !== undefined
      ? `"${plan.user?.superuserField ?? 'is_superuser'}": True`
      : undefined,
    `"${active}": False`,
    '"id": 4242',
  ].filter((item): item is string => item !== undefined);
  const list: string[] = [
    [
      signature('', `${def} test_login_returns_a_bearer_token_pair`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    tokens = ${wait}sign_in(client)`,
      '    assert tokens["token_type"] == "bearer"',
      '    assert tokens["access_token"] != tokens["refresh_token"]',
    ].join('\n'),
    [
      signature('', `${def} test_wrong_password_and_unknown_user_look_alike`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      bracketed('    ', `wrong = ${wait}client.post`, ['LOGIN_URL', `data={"username": LOGIN, "password": "wrong"}`]),
      bracketed('    ', `unknown = ${wait}client.post`, ['LOGIN_URL', `data={"username": "nobody", "password": PASSWORD}`]),
      '    assert wrong.status_code == unknown.status_code == 401',
      '    assert wrong.json() == unknown.json()',
      '    assert wrong.headers["www-authenticate"] == "Bearer"',
    ].join('\n'),
    [
      signature('', `${def} test_protected_route_needs_a_token`, [`client: ${style.client}`], ' -> None:'),
      `    response = ${wait}client.get(ME_URL)`,
      '    assert response.status_code == 401',
      '    assert response.headers["www-authenticate"] == "Bearer"',
    ].join('\n'),
    [
      signature('', `${def} test_me_with_a_valid_token_shows_no_password`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    token = ${aw('sign_in(client)')}["access_token"]`,
      `    response = ${me}`,
      '    assert response.status_code == 200',
      `    assert response.json()["${plan.user?.loginField ?? 'email'}"] == LOGIN`,
      '    assert not any("password" in name for name in response.json())',
    ].join('\n'),
    refused('unsigned_alg_none_token_is_refused', 'A token with alg "none" and no signature.', [
      'header = segment({"alg": "none", "typ": "JWT"})',
      'token = f"{header}.{segment(claims_for(user))}."',
    ]),
    refused('tampered_payload_is_refused', 'A signed token whose payload was swapped afterwards.', [
      'header, _, signature = sign(claims_for(user)).split(".")',
      'token = f"{header}.{segment(claims_for(user, sub=\'999999\'))}.{signature}"',
    ]),
    refused('token_signed_with_another_key_is_refused', 'Signed, but not with this app\'s key.', [
      'token = sign(claims_for(user), key="another-key-that-is-long-enough-for-hs256")',
    ]),
    refused('expired_token_is_refused', 'Expired a minute ago.', [
      'now = int(time.time())',
      'token = sign(claims_for(user, iat=now - 600, exp=now - 60))',
    ]),
    refused('token_without_exp_is_refused', 'PyJWT accepts such a token forever unless exp is required.', [
      'token = sign(claims_for(user, exp=None))',
    ]),
    refused('token_without_sub_is_refused', 'No subject, so no user.', ['token = sign(claims_for(user, sub=None))']),
    refused('token_of_an_unknown_user_is_refused', 'A valid signature for a user that does not exist.', [
      'token = sign(claims_for(user, sub="999999"))',
    ]),
    [
      signature('', `${def} test_token_of_an_inactive_user_is_refused`, [`client: ${style.client}`, `session: ${sessionType}`, `user: ${plan.userName}`], ' -> None:'),
      `    token = ${aw('sign_in(client)')}["access_token"]`,
      `    user.${active} = False`,
      '    session.add(user)',
      `    ${wait}session.commit()`,
      `    response = ${me}`,
      '    assert response.status_code == 401',
    ].join('\n'),
    refused('refresh_token_is_not_an_access_token', 'A refresh token sent where an access token belongs.', [
      `token = ${aw('sign_in(client)')}["refresh_token"]`,
    ]),
    [
      signature('', `${def} test_access_token_cannot_refresh`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    token = ${aw('sign_in(client)')}["access_token"]`,
      bracketed('    ', `response = ${wait}client.post`, ['REFRESH_URL', `json={"refresh_token": token}`]),
      '    assert response.status_code == 401',
    ].join('\n'),
    [
      signature('', `${def} test_refresh_rotates_the_pair`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    first = ${wait}sign_in(client)`,
      bracketed('    ', `response = ${wait}client.post`, ['REFRESH_URL', `json={"refresh_token": first["refresh_token"]}`]),
      '    assert response.status_code == 200',
      '    second = response.json()',
      '    assert second["refresh_token"] != first["refresh_token"]',
      `    me = ${wait}client.get(ME_URL, headers=bearer(second["access_token"]))`,
      '    assert me.status_code == 200',
    ].join('\n'),
    [
      signature('', `${def} test_reused_refresh_token_revokes_the_sign_in`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    spent = ${aw('sign_in(client)')}["refresh_token"]`,
      bracketed('    ', `rotated = ${wait}client.post`, ['REFRESH_URL', `json={"refresh_token": spent}`]),
      bracketed('    ', `reused = ${wait}client.post`, ['REFRESH_URL', `json={"refresh_token": spent}`]),
      '    assert reused.status_code == 401',
      '    latest = rotated.json()["refresh_token"]',
      bracketed('    ', `after = ${wait}client.post`, ['REFRESH_URL', `json={"refresh_token": latest}`]),
      '    assert after.status_code == 401',
    ].join('\n'),
    [
      signature('', `${def} test_logout_revokes_the_refresh_token`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
      `    tokens = ${wait}sign_in(client)`,
      `    response = ${wait}client.post(`,
      '        LOGOUT_URL,',
      '        json={"refresh_token": tokens["refresh_token"]},',
      '        headers=bearer(tokens["access_token"]),',
      '    )',
      '    assert response.status_code == 204',
      bracketed('    ', `again = ${wait}client.post`, ['REFRESH_URL', `json={"refresh_token": tokens["refresh_token"]}`]),
      '    assert again.status_code == 401',
    ].join('\n'),
    [
      signature('', `${def} test_signup_ignores_privileged_fields`, [`client: ${style.client}`, `session: ${sessionType}`], ' -> None:'),
      '    body = {',
      `        "${plan.user?.loginField ?? 'email'}": "newcomer@example.com",`,
      '        "password": PASSWORD,',
      ...privileged.map((item) => `        ${item},`),
      '    }',
      `    response = ${wait}client.post(SIGNUP_URL, json=body)`,
      '    assert response.status_code == 201, response.text',
      `    created = ${wait}session.get(${plan.userName}, response.json()["id"])`,
      '    assert created is not None',
      '    assert created.id != 4242',
      `    assert created.${active}`,
      ...(plan.user === undefined || plan.user.superuserField !== undefined
        ? [`    assert not created.${plan.user?.superuserField ?? 'is_superuser'}`]
        : []),
      `    assert ${aw('sign_in(client, "newcomer@example.com")')}["token_type"] == "bearer"`,
    ].join('\n'),
  ];
  if (secured !== undefined) {
    list.push(
      [
        signature('', `${def} test_project_routes_need_a_signed_in_user`, [`client: ${style.client}`, `user: ${plan.userName}`], ' -> None:'),
        `    assert ${aw(`client.get(${JSON.stringify(secured)})`)}.status_code == 401`,
        `    token = ${aw('sign_in(client)')}["access_token"]`,
        `    response = ${wait}client.get(${JSON.stringify(secured)}, headers=bearer(token))`,
        '    assert response.status_code == 200',
      ].join('\n'),
    );
  }
  return list;
}

export function emitTests(plan: AuthPlan, workspace: ChangeWorkspace, secured: string | undefined): void {
  if (plan.tests === undefined) return;
  const draft = workspace.file(plan.tests.file, plan.tests.module);
  const style: Style = plan.async
    ? { def: 'async def', wait: 'await ', client: 'AsyncClient' }
    : { def: 'def', wait: '', client: 'TestClient' };
  const imports = draft.imports;
  imports.module('base64').module('json').module('time').module('jwt').module('pytest');
  imports.from('typing', 'Any');
  imports.from('sqlalchemy.pool', 'StaticPool');
  if (plan.async) {
    imports.from('collections.abc', 'AsyncGenerator');
    imports.from('httpx', 'ASGITransport', 'AsyncClient');
    imports.from('sqlalchemy.ext.asyncio', 'create_async_engine');
    imports.from('sqlmodel', 'SQLModel');
    imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
  } else {
    imports.from('collections.abc', 'Generator');
    imports.from('fastapi.testclient', 'TestClient');
    imports.from('sqlmodel', 'Session', 'SQLModel', 'create_engine');
  }
  imports.from(plan.session.module, plan.session.function);
  imports.from(plan.app.module, plan.app.variable);
  imports.from(plan.models.module, plan.userName);
  imports.from(plan.security.module, 'hash_password');
  imports.from(plan.settings.module, plan.settings.instance);
  const login = plan.user?.loginField ?? 'email';
  const loginValue = login === 'email' ? 'alice@example.com' : 'alice';
  const userLine = `${plan.userName}(${login}=LOGIN, ${plan.user?.passwordField ?? 'hashed_password'}=hash_password(PASSWORD))`;
  draft.blocks.push(
    [
      ...(plan.async ? ['pytestmark = pytest.mark.anyio', ''] : []),
      `LOGIN_URL = "${url(plan, AUTH_PATHS.login)}"`,
      `REFRESH_URL = "${url(plan, AUTH_PATHS.refresh)}"`,
      `LOGOUT_URL = "${url(plan, AUTH_PATHS.logout)}"`,
      `SIGNUP_URL = "${url(plan, AUTH_PATHS.signup)}"`,
      `ME_URL = "${url(plan, AUTH_PATHS.me)}"`,
      `LOGIN = "${loginValue}"`,
      'PASSWORD = "correct horse battery staple"',
    ].join('\n'),
    ...fixtures(plan, style, userLine),
    ...helpers(plan, style),
    ...tests(plan, style, secured),
    openApiDocumentsTest('test_openapi_documents_auth_errors', plan.app.variable, documentedAuthErrors(plan, (path) => url(plan, path)), {
      async: plan.async,
      parameters: [],
    }),
  );
  draft.descriptions.push('attack tests: forged, expired, mistyped, spent and revoked tokens; sign-up privileges');
}
