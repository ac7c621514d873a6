import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { ExplorerNode } from '../../../src/core/explorer/explorer-node';
import { buildExplorerTree, walkTree } from '../../../src/core/explorer/explorer-tree';
import { routePicks } from '../../../src/core/explorer/route-picks';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { indexFixture, temporaryProject } from '../project/fixture-index';

function child(nodes: readonly ExplorerNode[], label: string): ExplorerNode {
  const found = nodes.find((node) => node.label === label);
  assert.ok(found, `no row "${label}" among: ${nodes.map((node) => node.label).join(', ')}`);
  return found;
}

/** `METHOD path handler access` of every route row under `node`. */
function routeRows(node: ExplorerNode): string[] {
  return node.children.filter((row) => row.kind === 'route').map((row) => `${row.label} ${row.route?.handler} ${row.route?.access}`);
}

describe('explorer tree: fullstack template (nested includes, settings prefix, auth)', () => {
  let roots: readonly ExplorerNode[];
  before(async () => {
    const tree = buildExplorerTree(await indexFixture('fullstack-template'), { folderName: 'fullstack-template' });
    assert.equal(tree.message, undefined);
    roots = tree.roots;
  });

  it('lists the app, then its routers by full prefix, then Models and Schemas', () => {
    assert.deepEqual(roots.map((node) => node.label), ['app', 'Models', 'Schemas']);
    const app = child(roots, 'app');
    assert.equal(app.location?.file, 'app/main.py');
    // api_router only includes the others: it is not a row of its own.
    assert.deepEqual(app.children.map((node) => `${node.label} ${node.location?.file}`), [
      '/api/v1 app/api/routes/login.py',
      '/api/v1/items app/api/routes/items.py',
      '/api/v1/users app/api/routes/users.py',
    ]);
  });

  it('shows every route with its full path, handler and who may call it', () => {
    const app = child(roots, 'app');
    assert.deepEqual(routeRows(child(app.children, '/api/v1/users')), [
      'GET /api/v1/users/ read_users superuser',
      'POST /api/v1/users/ create_user superuser',
      'GET /api/v1/users/me read_user_me user',
    ]);
    assert.deepEqual(routeRows(child(app.children, '/api/v1')), ['POST /api/v1/login/access-token login_access_token public']);
    const items = child(app.children, '/api/v1/items');
    assert.deepEqual(routeRows(items), [
      'GET /api/v1/items/ read_items user',
      'POST /api/v1/items/ create_item user',
      'GET /api/v1/items/{id} read_item user',
      'PUT /api/v1/items/{id} update_item user',
      'DELETE /api/v1/items/{id} delete_item user',
    ]);
    const readItem = child(items.children, 'GET /api/v1/items/{id}');
    assert.equal(readItem.route?.responseModel, 'ItemPublic');
    assert.deepEqual(readItem.location, { file: 'app/api/routes/items.py', line: 39, column: 0 });
  });

  it('shows fields with type, keys and optionality, relationships, and Generate CRUD only where no route serves the table', () => {
    const models = child(roots, 'Models');
    assert.deepEqual(models.children.map((node) => `${node.label}${node.crudModel === undefined ? '' : ' [crud]'}`), ['Item', 'Project [crud]', 'User']);
    const item = child(models.children, 'Item');
    assert.equal(child(item.children, 'id').description, 'uuid.UUID · primary key');
    assert.equal(child(item.children, 'owner_id').description, 'uuid.UUID · → user.id');
    assert.equal(child(item.children, 'description').description, 'str | None · optional · from ItemBase');
    const owner = child(item.children, 'owner');
    assert.equal(owner.kind, 'relationship');
    assert.equal(owner.description, '→ User · back_populates items');
    assert.equal(item.location?.file, 'app/models.py');
  });

  it('gives every row an id of its own', () => {
    const ids = [...walkTree(roots)].map((node) => node.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('explorer tree: nested routers (routes on the app, path parameters in prefixes)', () => {
  let roots: readonly ExplorerNode[];
  before(async () => {
    roots = buildExplorerTree(await indexFixture('nested-routers')).roots;
  });

  it('lists the routes declared on the app before its routers', () => {
    const app = child(roots, 'app');
    assert.deepEqual(app.children.map((node) => node.label), ['GET /health', '/api/v2/shops', '/api/v2/shops/{shop_id}/products']);
  });

  it('puts the prefixes of every include on the path', () => {
    const products = child(child(roots, 'app').children, '/api/v2/shops/{shop_id}/products');
    assert.deepEqual(routeRows(products), [
      'GET /api/v2/shops/{shop_id}/products/ list_products public',
      'POST /api/v2/shops/{shop_id}/products/ create_product public',
      'PATCH /api/v2/shops/{shop_id}/products/{product_id} update_product public',
      'DELETE /api/v2/shops/{shop_id}/products/{product_id} delete_product public',
    ]);
  });

  it('offers Generate CRUD for the model without routes only', () => {
    const models = child(roots, 'Models');
    assert.deepEqual(models.children.filter((node) => node.crudModel !== undefined).map((node) => node.crudModel), ['Review']);
  });

  it('"Go to Route" finds each route once, by full path, with its handler and place', () => {
    return indexFixture('nested-routers').then((facts) => {
      const picks = routePicks(facts);
      assert.equal(picks.length, facts.routes.length);
      const health = picks.find((pick) => pick.label === 'GET /health');
      assert.equal(health?.description, 'health');
      assert.match(health?.detail ?? '', /^app\/main\.py:\d+ · public/);
    });
  });
});

describe('explorer tree: what the user must do', () => {
  async function treeOf(files: Readonly<Record<string, string>>): Promise<ReturnType<typeof buildExplorerTree>> {
    const root = temporaryProject(files);
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      return buildExplorerTree(facts, { folderName: 'demo' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  it('says no FastAPI app was found and how to create one', async () => {
    const tree = await treeOf({ 'util.py': 'def helper() -> int:\n    return 1\n' });
    assert.match(tree.message ?? '', /No FastAPI app found in demo \(1 Python files looked at\)\. Create one with `app = FastAPI\(\)`/);
    assert.deepEqual(tree.roots, []);
  });

  it('lists routers no app includes, and says the app is missing', async () => {
    const tree = await treeOf({ 'items.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/items")\n\n\n@router.get("/")\ndef list_items() -> list[str]:\n    return []\n' });
    assert.match(tree.message ?? '', /No FastAPI app found in demo: routes show their routers' own prefixes only/);
    const routers = child(tree.roots, 'Routers');
    assert.deepEqual(routeRows(child(routers.children, '/items')), ['GET /items/ list_items public']);
  });

  it('lists files with syntax errors at their line', async () => {
    const tree = await treeOf({
      'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      'broken.py': 'from sqlmodel import SQLModel\n\n\nclass Broken(SQLModel:\n    name: str\n',
    });
    assert.match(tree.message ?? '', /1 file has syntax errors/);
    const problems = child(tree.roots, 'Problems');
    assert.equal(problems.description, '1 file with syntax errors');
    const broken = child(problems.children, 'broken.py');
    assert.equal(broken.icon, 'error');
    assert.equal(broken.location?.file, 'broken.py');
    assert.equal(broken.location?.line, 3);
  });
});

describe('explorer tree: conditional includes', () => {
  it('says under which condition a route is served', async () => {
    const app = child(buildExplorerTree(await indexFixture('fullstack-monorepo')).roots, 'app');
    const seed = child(child(app.children, '/api/v1/private').children, 'POST /api/v1/private/items/');
    assert.deepEqual(seed.route?.conditions, ['settings.ENVIRONMENT == "local"']);
    assert.match(seed.description ?? '', / · if settings\.ENVIRONMENT == "local"$/);
    assert.equal(child(child(app.children, '/api/v1/items').children, 'GET /api/v1/items/').route?.conditions, undefined);
  });
});
