/**
 * The project tools in agent mode, called as an agent calls them (`vscode.lm.invokeTool`): facts
 * as text; CRUD opening our review and writing nothing; refusals reaching the caller. And the MCP
 * server VS Code is offered: started as defined, it serves the same tools.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mcpServerDefinitions } from '../../../src/vscode/tools/mcp-server-definitions';
import { diskText, expectedOutputs, extensionApi, resetWorkspace } from './helpers';

const TOOL_NAMES = ['fastapi_project_facts', 'fastapi_generate_crud', 'fastapi_add_auth', 'fastapi_generate_from_spec'];

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

function invoke(name: string, input: object): Thenable<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
}

describe('language model tools', () => {
  before(() => extensionApi());
  afterEach(() => resetWorkspace(expectedOutputs('Hero').map((file) => file.path)));

  it('registers every project tool with its tags', () => {
    for (const name of TOOL_NAMES) {
      const tool = vscode.lm.tools.find((candidate) => candidate.name === name);
      assert.ok(tool, `${name} is not registered`);
      assert.ok(tool.tags.includes('fastapi'), `${name} tags: ${tool.tags.join(', ')}`);
    }
  });

  it('fastapi_project_facts answers with routes by full path and their access', async () => {
    const text = textOf(await invoke('fastapi_project_facts', {}));
    assert.match(text, /^GET \/teams\/\{team_id\} → read_team \[public\] -> TeamPublic/m);
    assert.match(text, /^Hero \[table "hero"\]/m);
  });

  it('fastapi_generate_crud opens the proposal in the review, returns the diff, and writes nothing', async () => {
    const expected = expectedOutputs('Hero');
    const text = textOf(await invoke('fastapi_generate_crud', { model: 'Hero' }));
    const review = (await extensionApi()).services.review.current;
    assert.ok(review, 'no review was opened');
    assert.deepEqual(review.changeSet.changes.map((change) => change.path).sort(), expected.map((file) => file.path).sort());
    assert.match(text, /Opened in the editor's review as proposal/);
    assert.match(text, /^\+\+\+ b\/app\/routers\/heroes\.py$/m);
    for (const file of expected) assert.equal(diskText(file.path), file.before ?? undefined, `${file.path} was written`);
  });

  it('fastapi_add_auth opens the authentication proposal in the review and writes nothing', async () => {
    const text = textOf(await invoke('fastapi_add_auth', {}));
    const review = (await extensionApi()).services.review.current;
    assert.ok(review, 'no review was opened');
    const created = review.changeSet.changes.filter((change) => change.kind === 'create').map((change) => change.path);
    assert.ok(created.some((path) => /security/.test(path)), `created: ${created.join(', ')}`);
    assert.match(text, /Opened in the editor's review as proposal/);
    for (const path of created) assert.equal(diskText(path), undefined, `${path} was written`);
    await (await extensionApi()).services.review.discard();
  });

  it('passes an engine refusal to the caller and opens nothing', async () => {
    await assert.rejects(() => Promise.resolve(invoke('fastapi_generate_crud', { model: 'Dragon' })), /no SQLModel class named "Dragon"/);
    assert.equal((await extensionApi()).services.review.current, undefined);
  });

  it('offers an MCP server per folder that serves the same tools', async function () {
    this.timeout(60_000);
    const [definition] = mcpServerDefinitions((await extensionApi()).services);
    assert.ok(definition, 'no MCP server is offered for the workspace folder');
    const client = new Client({ name: 'extension-host-test', version: '1.0.0' });
    const env = Object.fromEntries(Object.entries({ ...process.env, ...definition.env }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    await client.connect(new StdioClientTransport({ command: definition.command, args: [...definition.args], env, stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name), [...TOOL_NAMES, 'apply_proposal']);
      const facts = await client.callTool({ name: 'fastapi_project_facts', arguments: {} });
      assert.match(JSON.stringify(facts.content), /GET \/teams\//);
    } finally {
      await client.close();
    }
  });
});
