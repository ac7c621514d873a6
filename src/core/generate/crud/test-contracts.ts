/**
 * Tests of what the generated routes promise beyond the happy path: a duplicate unique value is
 * answered 409, and the OpenAPI document describes every route and declares the errors the
 * other tests observe.
 */
import type { ImportSet } from '../python/imports';
import { openApiDocumentsTest } from '../python/route-docs';
import { assertion, collection, INDENT, pyString } from '../python/text';
import { conflictDetail, createConflicts, operationErrors, updateConflicts } from './operation-docs';
import type { CrudOperation, CrudPlan } from './plan-types';

/** What the test module's builder offers: the pieces the CRUD tests are written with. */
export interface TestKit {
  readonly plan: CrudPlan;
  readonly imports: ImportSet;
  /** Defines a test whose body the callback writes. */
  readonly test: (name: string, build: (builder: { fixtures: string[]; lines: string[] }) => void) => void;
  /** Adds the headers fixture, parents stored, a row stored in `variable`. */
  readonly prepare: (builder: { fixtures: string[]; lines: string[] }) => void;
  readonly store: (builder: { fixtures: string[]; lines: string[] }, variable: string, index?: number) => void;
  /** `target = client.method(url, ...)`. */
  readonly request: (target: string, method: string, url: string, extra?: readonly string[]) => string;
  readonly collectionUrl: string;
  readonly itemUrl: (id: string) => string;
  /** Entries of a valid create payload (`"name": "..."`), when one can be written. */
  readonly createEntries?: readonly string[];
}

/** The value a stored row's column is sent back as JSON. */
function jsonValue(plan: CrudPlan, row: string, field: string): string {
  const type = plan.model.fields.find((candidate) => candidate.name === field)?.baseType ?? '';
  return /UUID|date|Decimal/.test(type) ? `str(${row}.${field})` : `${row}.${field}`;
}

export function conflictTests(kit: TestKit): void {
  const { plan } = kit;
  const snake = plan.names.snake;
  const expectConflict = (lines: string[], field: Parameters<typeof conflictDetail>[1]): void => {
    lines.push(`${INDENT}assert response.status_code == 409`);
    lines.push(assertion(INDENT, 'response.json()', '==', `{"detail": ${pyString(conflictDetail(plan, field))}}`));
  };
  if (plan.operations.includes('create') && kit.createEntries !== undefined) {
    const entries = kit.createEntries;
    for (const field of createConflicts(plan)) {
      kit.test(`test_create_${snake}_with_a_taken_${field.name}_is_a_conflict`, (b) => {
        kit.prepare(b);
        kit.store(b, 'existing');
        const key = `${pyString(field.name)}: `;
        const others = entries.filter((entry) => !entry.startsWith(key));
        b.lines.push(collection(INDENT, 'payload = ', [...others, `${key}${jsonValue(plan, 'existing', field.name)}`]));
        b.lines.push(kit.request('response', 'post', kit.collectionUrl, ['json=payload']));
        expectConflict(b.lines, field);
      });
    }
  }
  if (plan.operations.includes('update')) {
    for (const field of updateConflicts(plan)) {
      kit.test(`test_update_${snake}_to_a_taken_${field.name}_is_a_conflict`, (b) => {
        kit.prepare(b);
        kit.store(b, 'existing', 0);
        kit.store(b, snake, 1);
        const payload = `json={${pyString(field.name)}: ${jsonValue(plan, 'existing', field.name)}}`;
        b.lines.push(kit.request('response', plan.updateMethod, kit.itemUrl(`${snake}.${plan.primaryKey.name}`), [payload]));
        expectConflict(b.lines, field);
      });
    }
  }
}

/**
 * `test_openapi_documents_<plural>_errors`: each generated operation in `app.openapi()` has a
 * description and declares every error status its handler answers (422 FastAPI adds itself).
 */
export function openApiTest(kit: TestKit, app: { readonly module: string; readonly variable: string }): void {
  const { plan } = kit;
  kit.imports.from(app.module, app.variable);
  const collectionPath = plan.router.collectionUrl;
  const itemPath = `${collectionPath}${collectionPath.endsWith('/') ? '' : '/'}{${plan.names.idParam}}`;
  const method: Record<CrudOperation, string> = { list: 'get', read: 'get', create: 'post', update: plan.updateMethod, delete: 'delete' };
  const operations = plan.operations.map((operation) => ({
    method: method[operation],
    path: operation === 'list' || operation === 'create' ? collectionPath : itemPath,
    statuses: operationErrors(plan, operation).map((error) => error.status),
  }));
  kit.test(`test_openapi_documents_${plan.names.plural}_errors`, (b) => {
    const block = openApiDocumentsTest('unused', app.variable, operations, { async: false, parameters: [] });
    b.lines.push(...block.split('\n').slice(1));
  });
}
