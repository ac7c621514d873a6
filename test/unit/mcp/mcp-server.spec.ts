/**
 * The MCP server as a client sees it: `node dist/cli.js mcp` started as a child process, spoken
 * to with the SDK's own client over stdio, on a copy of the example project.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PROJECT_TOOLS } from '../../../src/core/tools/project-tools';

const REPO = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO, 'dist', 'cli.js');

interface Proposal {
  readonly proposalId: string;
  readonly files: readonly { readonly path: string; readonly kind: string }[];
  readonly diff: string;
}

/** A folder holding two copies of the example project, `a` and `b`, each a `root` argument. */
function twoCopiesOfHeroes(): string {
  const root = mkdtempSync(join(tmpdir(), 'mcp-heroes-'));
  for (const copy of ['a', 'b']) {
    cpSync(join(REPO, 'examples', 'heroes'), join(root, copy), { recursive: true, filter: (path) => !/__pycache__|\.venv|_cache/.test(path) });
  }
  return root;
}

function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

describe('MCP server over stdio (node dist/cli.js mcp)', function () {
  this.timeout(60_000);
  let root: string;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    root = twoCopiesOfHeroes();
    client = new Client({ name: 'spec-client', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', root], stderr: 'pipe' }));
  });
  after(async () => {
    await client.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the project tools and apply_proposal, with their input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name), [...PROJECT_TOOLS.map((tool) => tool.name), 'apply_proposal']);
    assert.ok(tools.some((tool) => tool.name === 'fastapi_add_auth') && tools.some((tool) => tool.name === 'fastapi_generate_from_spec'), 'the auth and spec engines are served');
    const spec = tools.find((tool) => tool.name === 'fastapi_generate_from_spec');
    assert.deepEqual(spec?.inputSchema.required, ['spec']);
    const crud = tools.find((tool) => tool.name === 'fastapi_generate_crud');
    assert.deepEqual(crud?.inputSchema.required, ['model']);
    assert.ok(crud?.outputSchema, 'a generating tool declares its structured output');
  });

  it('fastapi_project_facts: routes with full paths and access, models with keys', async () => {
    const result = await call('fastapi_project_facts', { root: 'a' });
    assert.notEqual(result.isError, true, textOf(result));
    const text = textOf(result);
    assert.match(text, /^GET \/teams\/\{team_id\} → read_team \[public\] -> TeamPublic \(app\/routers\/teams\.py:\d+\)$/m);
    assert.match(text, /^Hero \[table "hero"\] app\/models\.py:\d+: id: int \| None \(pk\); .*team_id: int \| None \(fk team\.id\)/m);
  });

  it('fastapi_project_facts stays within maxChars and says what it left out', async () => {
    const text = textOf(await call('fastapi_project_facts', { root: 'a', maxChars: 1000 }));
    assert.ok(text.length <= 1000, `${text.length} characters`);
    assert.match(text, /Left out to stay within 1000 characters: \d+ \w+/);
  });

  it('fastapi_project_facts follows files changed on disk since the last call', async () => {
    const teams = read('a/app/routers/teams.py');
    writeFileSync(join(root, 'a/app/routers/teams.py'), `${teams}\n\n@router.get("/{team_id}/motto")\ndef read_team_motto(team_id: int) -> str:\n    return "onwards"\n`);
    try {
      assert.match(textOf(await call('fastapi_project_facts', { root: 'a' })), /GET \/teams\/\{team_id\}\/motto → read_team_motto/);
    } finally {
      writeFileSync(join(root, 'a/app/routers/teams.py'), teams);
    }
  });

  it('fastapi_generate_crud returns summary, diff and an id, and writes nothing; apply_proposal writes it', async () => {
    const mainBefore = read('a/app/main.py');
    const result = await call('fastapi_generate_crud', { model: 'Hero', root: 'a' });
    assert.notEqual(result.isError, true, textOf(result));
    const proposal = result.structuredContent as unknown as Proposal;
    assert.match(textOf(result), /# CRUD for Hero/);
    assert.match(proposal.diff, /^\+\+\+ b\/app\/routers\/heroes\.py$/m);
    assert.ok(!existsSync(join(root, 'a/app/routers/heroes.py')), 'the router was written before apply');
    assert.equal(read('a/app/main.py'), mainBefore);

    const applied = await call('apply_proposal', { proposalId: proposal.proposalId });
    assert.notEqual(applied.isError, true, textOf(applied));
    assert.match(textOf(applied), /^created app\/routers\/heroes\.py$/m);
    assert.match(textOf(applied), /^modified app\/main\.py$/m);
    assert.match(read('a/app/main.py'), /include_router\(heroes\.router\)/);
    assert.ok(existsSync(join(root, 'a/app/routers/heroes.py')));

    const again = await call('apply_proposal', { proposalId: proposal.proposalId });
    assert.equal(again.isError, true);
    assert.match(textOf(again), /No proposal with id .* applied already/);
  });

  it('apply_proposal reports a file changed since the proposal as a conflict and leaves it alone', async () => {
    const result = await call('fastapi_generate_crud', { model: 'Hero', root: 'b' });
    assert.notEqual(result.isError, true, textOf(result));
    const proposal = result.structuredContent as unknown as Proposal;
    const edited = `${read('b/app/main.py')}\n# edited by hand meanwhile\n`;
    writeFileSync(join(root, 'b/app/main.py'), edited);
    const applied = await call('apply_proposal', { proposalId: proposal.proposalId });
    assert.equal(applied.isError, true);
    assert.match(textOf(applied), /^not written: app\/main\.py: the file changed since the change was proposed$/m);
    assert.equal(read('b/app/main.py'), edited);
  });

  it('answers bad input with a tool error that says what is wrong', async () => {
    const unknownModel = await call('fastapi_generate_crud', { model: 'Dragon', root: 'b' });
    assert.equal(unknownModel.isError, true);
    assert.match(textOf(unknownModel), /no SQLModel class named "Dragon"/);

    const missingRoot = await call('fastapi_project_facts', { root: 'no/such/folder' });
    assert.equal(missingRoot.isError, true);
    assert.match(textOf(missingRoot), /The root "no\/such\/folder" does not exist/);

    const outside = await call('fastapi_generate_crud', { model: 'Hero', root: '../..' });
    // A path that only leaves through `..` in the middle is outside too.
    const sneaky = await call('fastapi_project_facts', { root: 'a/../../etc' });
    assert.equal(sneaky.isError, true);
    assert.match(textOf(sneaky), /outside the server's folder/);
    assert.equal(outside.isError, true);
    assert.match(textOf(outside), /The root "\.\.\/\.\." is outside the server's folder/);

    const noModel = await call('fastapi_generate_crud', {});
    assert.equal(noModel.isError, true);
    assert.match(textOf(noModel), /model/);

    const unknownProposal = await call('apply_proposal', { proposalId: 'nope-1' });
    assert.equal(unknownProposal.isError, true);
    assert.match(textOf(unknownProposal), /No proposal with id "nope-1"/);
  });

  it('refuses to start for a folder that does not exist', () => {
    const missing = join(root, 'missing-folder');
    const run = spawnSync(process.execPath, [CLI, 'mcp', '--root', missing], { encoding: 'utf8', input: '' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /The project folder .*missing-folder does not exist\./);
    assert.equal(run.stdout, '');
  });
});
