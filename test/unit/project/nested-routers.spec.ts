import assert from 'node:assert/strict';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { convention, indexFixture, routeLines } from './fixture-index';

describe('project index: nested-routers fixture', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('nested-routers');
  });

  it('joins prefixes from settings, include_router and APIRouter at every level', () => {
    assert.deepEqual(routeLines(facts), [
      'GET /api/v2/shops/{shop_id}/products/ → list_products',
      'POST /api/v2/shops/{shop_id}/products/ → create_product',
      'PATCH /api/v2/shops/{shop_id}/products/{product_id} → update_product',
      'DELETE /api/v2/shops/{shop_id}/products/{product_id} → delete_product',
      'GET /api/v2/shops/ → list_shops',
      'GET /api/v2/shops/{shop_id} → read_shop',
      'POST /api/v2/shops/ → create_shop',
      'GET /health → health',
    ]);
    const product = facts.routes.find((route) => route.functionName === 'update_product');
    assert.equal(product?.localPath, '/{product_id}');
    assert.equal(product?.router, 'router');
    assert.equal(product?.file, 'app/api/v2/products.py');
  });

  it('describes each router with its own and its full prefix', () => {
    const summary = facts.routers.map((router) => ({
      file: router.file,
      variable: router.variable,
      prefix: router.prefix,
      fullPrefix: router.fullPrefix,
      includedBy: router.includedBy,
      routes: router.routes.length,
    }));
    assert.deepEqual(summary, [
      {
        file: 'app/api/router.py',
        variable: 'api_router',
        prefix: '',
        fullPrefix: '/api',
        includedBy: [{ file: 'app/main.py', target: 'app', prefix: '/api' }],
        routes: 0,
      },
      {
        file: 'app/api/v2/products.py',
        variable: 'router',
        prefix: '/shops/{shop_id}/products',
        fullPrefix: '/api/v2/shops/{shop_id}/products',
        includedBy: [{ file: 'app/api/v2/router.py', target: 'router', prefix: '' }],
        routes: 4,
      },
      {
        file: 'app/api/v2/router.py',
        variable: 'router',
        prefix: '/v2',
        fullPrefix: '/api/v2',
        includedBy: [{ file: 'app/api/router.py', target: 'api_router', prefix: '' }],
        routes: 0,
      },
      {
        file: 'app/api/v2/shops.py',
        variable: 'router',
        prefix: '',
        fullPrefix: '/api/v2/shops',
        includedBy: [{ file: 'app/api/v2/router.py', target: 'router', prefix: '/shops' }],
        routes: 3,
      },
    ]);
  });

  it('reads the prefix from a lower-case settings field', () => {
    assert.deepEqual(facts.settings.map((settings) => [settings.className, settings.instance, settings.literals['api_prefix']]), [
      ['Settings', 'settings', '/api'],
    ]);
  });

  it('registers new routers on the router that includes the most', () => {
    const c = facts.conventions;
    assert.deepEqual(convention(c.includePoint), [{ file: 'app/api/v2/router.py', target: 'router' }, 'observed', 'app/api/v2/router.py']);
    assert.deepEqual(convention(c.apiPrefix), ['/api/v2', 'observed', 'app/api/router.py']);
    assert.deepEqual(convention(c.layout.routersDir), ['app/api/v2', 'observed', 'app/api/v2/products.py']);
    assert.deepEqual(convention(c.prefixPlacement), ['router', 'observed', 'app/api/v2/products.py']);
    assert.deepEqual(convention(c.updateMethod), ['patch', 'observed', 'app/api/v2/products.py']);
    assert.deepEqual(convention(c.idType), ['int', 'observed', 'app/models.py']);
    assert.deepEqual(convention(c.createStatus), [201, 'observed', 'app/api/v2/products.py']);
    assert.deepEqual(convention(c.routerFileNaming), ['plural', 'observed', 'app/api/v2/products.py']);
  });

  it('knows the un-routed Review table and its families', () => {
    assert.deepEqual(facts.families, [
      { root: 'Shop', base: 'ShopBase', table: 'Shop', create: 'ShopCreate', public: 'ShopRead' },
      { root: 'Product', base: 'ProductBase', table: 'Product', create: 'ProductCreate', update: 'ProductUpdate', public: 'ProductRead' },
      { root: 'Review', table: 'Review' },
    ]);
  });
});
