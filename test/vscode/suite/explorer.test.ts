/**
 * The FastAPI explorer in the editor, on the example project (main pass) and on the full-stack
 * template (explorer pass): the rows its tree data provider gives, a click opening the handler at
 * its line, a save that adds a route showing up in the tree, and "Go to Route…".
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/core/explorer/explorer-node';
import type { ExplorerTreeProvider } from '../../../src/vscode/explorer/explorer-provider';
import { ENV } from '../test-protocol';
import { extensionApi, fileUri, resetWorkspace, screenshot, waitFor } from './helpers';
import { metrics } from './metrics';

interface FixtureExpectations {
  /** Rows under the app: routes on the app itself, then routers by full prefix. */
  readonly appRows: readonly string[];
  /** A router row and its routes as `METHOD path handler access`. */
  readonly router: { readonly label: string; readonly routes: readonly string[] };
  readonly tableModels: readonly string[];
  /** Table models offered "Generate CRUD" (no route serves them yet). */
  readonly crudModels: readonly string[];
  /** A route row whose click must open `file` at the line of `decorator`. */
  readonly click: { readonly label: string; readonly file: string; readonly decorator: string };
  /** The router file a route is added to, the decorator path added, and the row that must appear. */
  readonly addRoute: { readonly file: string; readonly path: string; readonly row: string };
}

const EXPECTATIONS: Readonly<Record<string, FixtureExpectations>> = {
  'examples/heroes': {
    appRows: ['GET /health', '/teams'],
    router: {
      label: '/teams',
      routes: [
        'GET /teams/ read_teams public',
        'POST /teams/ create_team public',
        'GET /teams/{team_id} read_team public',
        'PATCH /teams/{team_id} update_team public',
        'DELETE /teams/{team_id} delete_team public',
      ],
    },
    tableModels: ['Hero', 'Team'],
    crudModels: ['Hero'],
    click: { label: 'GET /teams/{team_id}', file: 'app/routers/teams.py', decorator: '@router.get("/{team_id}"' },
    addRoute: { file: 'app/routers/teams.py', path: '/{team_id}/motto', row: 'GET /teams/{team_id}/motto' },
  },
  'test/fixtures/fullstack-template': {
    appRows: ['/api/v1', '/api/v1/items', '/api/v1/users'],
    router: {
      label: '/api/v1/users',
      routes: ['GET /api/v1/users/ read_users superuser', 'POST /api/v1/users/ create_user superuser', 'GET /api/v1/users/me read_user_me user'],
    },
    tableModels: ['Item', 'Project', 'User'],
    crudModels: ['Project'],
    click: { label: 'GET /api/v1/items/{id}', file: 'app/api/routes/items.py', decorator: '@router.get("/{id}"' },
    addRoute: { file: 'app/api/routes/items.py', path: '/{id}/summary', row: 'GET /api/v1/items/{id}/summary' },
  },
};

function find(nodes: readonly ExplorerNode[], label: string): ExplorerNode {
  const node = nodes.find((candidate) => candidate.label === label);
  assert.ok(node, `no row "${label}" among ${nodes.map((candidate) => candidate.label).join(', ')}`);
  return node;
}

async function children(provider: ExplorerTreeProvider, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return (await provider.getChildren(node)) ?? [];
}

function routeRows(router: ExplorerNode): string[] {
  return router.children.map((row) => `${row.label} ${row.route?.handler ?? ''} ${row.route?.access ?? ''}`);
}

describe('FastAPI explorer', () => {
  const fixture = process.env[ENV.fixture] ?? 'examples/heroes';
  const expected = EXPECTATIONS[fixture];
  let provider: ExplorerTreeProvider;

  before(async () => {
    assert.ok(expected, `no expectations for ${fixture}`);
    provider = (await extensionApi()).services.explorer;
  });
  after(async () => {
    await resetWorkspace(expected ? [expected.addRoute.file] : []);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it(`shows apps, routers by full prefix, routes with access, and models (${fixture})`, async () => {
    assert.ok(expected);
    const roots = await children(provider);
    const app = find(roots, 'app');
    assert.deepEqual((await children(provider, app)).map((row) => row.label), expected.appRows);
    const router = find(await children(provider, app), expected.router.label);
    assert.deepEqual(routeRows(router), expected.router.routes);
    const models = find(roots, 'Models');
    assert.deepEqual(models.children.map((row) => row.label), expected.tableModels);
    assert.deepEqual(models.children.filter((row) => row.crudModel !== undefined).map((row) => row.label), expected.crudModels);

    const crudItem = provider.getTreeItem(find(models.children, expected.crudModels[0] ?? ''));
    assert.equal(crudItem.contextValue, 'fastapiModelWithoutRoutes', 'the model row offers no inline Generate CRUD');
    const routeItem = provider.getTreeItem(router.children[0] as ExplorerNode);
    assert.equal(routeItem.contextValue, 'fastapiRoute');
    assert.equal(provider.message, undefined);

    await vscode.commands.executeCommand('fastapiBackendEngineer.explorer.focus');
    if (fixture === 'test/fixtures/fullstack-template') await screenshot('explorer-view');
  });

  it('opens the handler at its line when a route row is clicked', async () => {
    assert.ok(expected);
    const app = find(await children(provider), 'app');
    const rows: ExplorerNode[] = [];
    for (const row of await children(provider, app)) rows.push(row, ...(await children(provider, row)));
    const route = rows.find((row) => row.label === expected.click.label);
    assert.ok(route, `no row ${expected.click.label}`);
    const command = provider.getTreeItem(route).command;
    assert.ok(command, 'the row has no click command');
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    const document = await vscode.workspace.openTextDocument(fileUri(expected.click.file));
    const line = document.getText().split(/\r?\n/).findIndex((text) => text.startsWith(expected.click.decorator));
    assert.ok(line >= 0, `${expected.click.decorator} not in ${expected.click.file}`);
    await waitFor('the handler in the active editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${expected.click.file}`) === true);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, line);
  });

  it('shows a route added and saved in the editor', async () => {
    assert.ok(expected);
    const { file, path, row } = expected.addRoute;
    const document = await vscode.workspace.openTextDocument(fileUri(file));
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    const end = document.lineAt(document.lineCount - 1).range.end;
    edit.insert(document.uri, end, `\n\n@router.get("${path}")\ndef added_in_the_editor() -> str:\n    return "added"\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const saved = performance.now();
    assert.ok(await document.save());
    const rows = async (): Promise<string[]> => {
      const app = find(await children(provider), 'app');
      return (await children(provider, app)).flatMap((node) => [node.label, ...node.children.map((child) => child.label)]);
    };
    let last: string[] = [];
    await waitFor(`the row ${row}`, async () => (last = await rows()).includes(row), 15_000, () => `rows: ${last.join(', ')}`);
    // A figure for the notes: from the save to a tree that shows the new route (watcher debounce included).
    metrics[`explorerRefreshAfterSaveMs ${fixture}`] = performance.now() - saved;
  });

  it('"Go to Route…" finds a route by handler name and opens it', async () => {
    assert.ok(expected);
    const handler = expected.router.routes[0]?.split(' ')[2] ?? '';
    const result = await vscode.commands.executeCommand<{ path: string; file: string; line: number } | undefined>('fastapiBackendEngineer.explorer.goToRoute', { query: handler });
    assert.ok(result, `no route found for ${handler}`);
    await waitFor('the route in the active editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${result.file}`) === true);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, result.line);
  });

  it('"Copy Path" returns the full path of a route row', async () => {
    assert.ok(expected);
    const router = find(await children(provider, find(await children(provider), 'app')), expected.router.label);
    const first = router.children[0] as ExplorerNode;
    const copied = await vscode.commands.executeCommand<string | undefined>('fastapiBackendEngineer.explorer.copyPath', first);
    assert.equal(copied, first.route?.path);
    assert.equal(await vscode.env.clipboard.readText(), first.route?.path);
  });
});
