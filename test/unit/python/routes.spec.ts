import assert from 'node:assert/strict';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { parsePythonFile } from '../../../src/core/python/parse';
import { routeNamed as route } from './fact-lookup';

const ITEMS_ROUTER = `import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Security, status
from sqlmodel import func, select

from app.api.deps import CurrentUser, SessionDep, get_current_active_superuser
from app.models import Item, ItemCreate, ItemPublic, ItemsPublic, ItemUpdate, Message

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/", response_model=ItemsPublic)
def read_items(
    session: SessionDep, current_user: CurrentUser, skip: int = 0, limit: int = 100
) -> Any:
    """
    Retrieve items.
    """
    return ItemsPublic(data=[], count=0)


@router.get("/{id}", response_model=ItemPublic)
def read_item(session: SessionDep, current_user: CurrentUser, id: uuid.UUID) -> Any:
    item = session.get(Item, id)
    if not item:
        raise HTTPException(status_code=404, detail="Item not found")
    if not current_user.is_superuser and (item.owner_id != current_user.id):
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Not enough permissions")
    return item


@router.post("/", response_model=ItemPublic, status_code=status.HTTP_201_CREATED)
async def create_item(
    *, session: Annotated[Session, Depends(get_session)], item_in: ItemCreate
) -> Item:
    return item


@router.patch(
    "/{id}",
    response_model=ItemPublic,
    dependencies=[Depends(get_current_active_superuser), Security(check_scopes, scopes=["items"])],
)
def update_item(
    id: uuid.UUID,
    item_in: ItemUpdate,
    session: Session = Depends(get_session),
    user: User = Security(get_current_user, scopes=["me"]),
    *args: str,
    **kwargs: Any,
) -> ItemPublic:
    return item


@router.delete(path="/{id}", status_code=204)
def delete_item(session: SessionDep, id: uuid.UUID) -> None:
    pass


@router.api_route("/ping", methods=["GET", "HEAD"])
def ping() -> dict[str, str]:
    return {"ping": "pong"}


@app.get(API_PATH)
def not_literal() -> None: ...


@some_decorator
@router.put("/{id}/owner")
def replace_owner(id: int) -> None: ...
`;

describe('python facts: routers and routes', () => {
  let facts: PythonFileFacts;
  before(async () => {
    facts = await parsePythonFile('app/api/routes/items.py', ITEMS_ROUTER);
  });

  it('reads the APIRouter with its literal prefix and tags', () => {
    assert.equal(facts.routers.length, 1);
    const [router] = facts.routers;
    assert.equal(router?.variable, 'router');
    assert.equal(router?.prefix, '/items');
    assert.equal(router?.prefixExpression, undefined);
    assert.deepEqual(router?.tags, ['items']);
    assert.deepEqual(router?.dependencies, []);
    assert.deepEqual(router?.args, { positional: [], keywords: { prefix: '"/items"', tags: '["items"]' } });
  });

  it('reads every route with owner, method and path', () => {
    assert.deepEqual(
      facts.routes.map((fact) => [fact.functionName, fact.owner, fact.method, fact.path]),
      [
        ['read_items', 'router', 'get', '/'],
        ['read_item', 'router', 'get', '/{id}'],
        ['create_item', 'router', 'post', '/'],
        ['update_item', 'router', 'patch', '/{id}'],
        ['delete_item', 'router', 'delete', '/{id}'],
        ['ping', 'router', 'get', '/ping'],
        ['ping', 'router', 'head', '/ping'],
        ['not_literal', 'app', 'get', 'API_PATH'],
        ['replace_owner', 'router', 'put', '/{id}/owner'],
      ],
    );
  });

  it('reads status codes, response models, return annotations, async and docstrings', () => {
    const list = route(facts, 'read_items');
    assert.equal(list.responseModel, 'ItemsPublic');
    assert.equal(list.statusCode, undefined);
    assert.equal(list.returnAnnotation, 'Any');
    assert.equal(list.isAsync, false);
    assert.equal(list.docstring, 'Retrieve items.');
    const create = route(facts, 'create_item');
    assert.equal(create.statusCode, 'status.HTTP_201_CREATED');
    assert.equal(create.isAsync, true);
    assert.equal(create.returnAnnotation, 'Item');
    assert.equal(route(facts, 'delete_item').statusCode, '204');
    assert.equal(route(facts, 'delete_item').returnAnnotation, 'None');
  });

  it('reads decorator dependencies from Depends and Security', () => {
    const update = route(facts, 'update_item');
    assert.deepEqual(update.dependencies, ['get_current_active_superuser', 'check_scopes']);
    assert.deepEqual(update.decoratorArgs.positional, ['"/{id}"']);
    assert.equal(
      facts.functions.find((fn) => fn.name === 'update_item')?.decorators[0],
      'router.patch("/{id}", response_model=ItemPublic, dependencies=[Depends(get_current_active_superuser), Security(check_scopes, scopes=["items"])])',
    );
    assert.equal(update.decoratorArgs.keywords.response_model, 'ItemPublic');
  });

  it('reads parameters in every dependency style', () => {
    assert.deepEqual(route(facts, 'read_item').parameters, [
      { name: 'session', annotation: 'SessionDep', style: 'plain' },
      { name: 'current_user', annotation: 'CurrentUser', style: 'plain' },
      { name: 'id', annotation: 'uuid.UUID', style: 'plain' },
    ]);
    assert.deepEqual(route(facts, 'read_items').parameters[3], { name: 'limit', annotation: 'int', default: '100', style: 'plain' });
    assert.deepEqual(route(facts, 'create_item').parameters, [
      { name: 'session', annotation: 'Annotated[Session, Depends(get_session)]', style: 'annotated-depends', dependency: 'get_session' },
      { name: 'item_in', annotation: 'ItemCreate', style: 'plain' },
    ]);
    assert.deepEqual(route(facts, 'update_item').parameters.slice(2), [
      { name: 'session', annotation: 'Session', default: 'Depends(get_session)', style: 'default-depends', dependency: 'get_session' },
      {
        name: 'user',
        annotation: 'User',
        default: 'Security(get_current_user, scopes=["me"])',
        style: 'default-depends',
        dependency: 'get_current_user',
      },
      { name: 'args', annotation: 'str', style: 'plain', variadic: '*' },
      { name: 'kwargs', annotation: 'Any', style: 'plain', variadic: '**' },
    ]);
    assert.deepEqual(route(facts, 'ping').parameters, []);
  });

  it('lists route functions among the module functions too', () => {
    assert.deepEqual(
      facts.functions.map((fact) => fact.name),
      ['read_items', 'read_item', 'create_item', 'update_item', 'delete_item', 'ping', 'not_literal', 'replace_owner'],
    );
    assert.deepEqual(facts.functions[1]?.raisedStatusCodes, ['404', 'status.HTTP_400_BAD_REQUEST']);
    assert.equal(facts.functions[1]?.checksSuperuser, false, 'a route checking is_superuser is no guard');
    assert.deepEqual(facts.functions[7]?.decorators, ['some_decorator', 'router.put("/{id}/owner")']);
  });

  it('reads routers with computed prefixes and router-level dependencies', async () => {
    const other = await parsePythonFile(
      'app/api/routes/private.py',
      [
        'router = APIRouter(',
        '    prefix=settings.API_V1_STR + "/private",',
        '    tags=["private", Tags.ADMIN],',
        '    dependencies=[Depends(get_current_active_superuser)],',
        ')',
        'plain = fastapi.APIRouter()',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      other.routers.map(({ range: _range, args: _args, ...rest }) => rest),
      [
        {
          variable: 'router',
          prefixExpression: 'settings.API_V1_STR + "/private"',
          tags: ['private', 'Tags.ADMIN'],
          dependencies: ['get_current_active_superuser'],
        },
        { variable: 'plain', tags: [], dependencies: [] },
      ],
    );
  });
});
