import { strict as assert } from 'node:assert';
import { assembleContext, relatedModels } from '../../../src/core/agent/context-assembly';
import { createSendFilter } from '../../../src/core/changes/secret-filter';
import { loadIgnoreRules } from '../../../src/core/project/ignore-rules';
import { workspaceFacts } from './support/agent-harness';
import { createTempWorkspace, diskSource, PLANTED, removeTempWorkspace } from './support/temp-workspace';

describe('assembleContext', () => {
  let root: string;
  beforeEach(() => {
    root = createTempWorkspace({
      'app/routers/items.py': '"""Items."""\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n',
      '.venv/lib/python3.13/site-packages/sqlmodel/.agents/skills/sqlmodel/SKILL.md': '# SQLModel skill\n',
    });
  });
  afterEach(() => removeTempWorkspace(root));

  async function assemble(request: string, extra: { target?: string; budgetTokens?: number } = {}) {
    const source = diskSource(root);
    const facts = workspaceFacts(root);
    return assembleContext({
      facts: {
        ...facts,
        routers: [
          { file: 'app/routers/teams.py', module: 'app.routers.teams', variable: 'router', prefix: '/teams', fullPrefix: '/teams', tags: [], dependencies: [], includedBy: [], routes: [dummyRoute()] },
        ],
      },
      source,
      request,
      budgetTokens: extra.budgetTokens ?? 24_000,
      sendFilter: createSendFilter({ isIgnored: await loadIgnoreRules(source) }),
      secrets: [PLANTED.apiKey],
      ...(extra.target === undefined ? {} : { target: extra.target }),
    });
  }

  it('puts the summary, dependencies, include point, style example, settings and guidance in the stable part', async () => {
    const context = await assemble('anything');
    assert.deepEqual(
      context.stable.map((piece) => piece.path ?? piece.title),
      ['Project summary', 'app/deps.py', 'app/main.py', 'app/routers/teams.py', 'app/config.py', '.venv/lib/python3.13/site-packages/sqlmodel/.agents/skills/sqlmodel/SKILL.md'],
    );
  });

  it('keeps the stable part identical whatever the request is about', async () => {
    const first = await assemble('/crud Hero', { target: 'Hero' });
    const second = await assemble('How do teams work? see app/routers/items.py');
    assert.deepEqual(first.stable, second.stable);
    assert.notDeepEqual(first.task, second.task);
  });

  it('sends the target model file and files the request names, and withholds secrets it names', async () => {
    const context = await assemble('Use app/routers/items.py and .env and notes/private.py', { target: 'Hero' });
    assert.deepEqual(context.task.map((piece) => piece.path), ['app/models.py', 'app/routers/items.py']);
    assert.deepEqual(
      context.withheld.map((entry) => [entry.path, entry.reason]),
      [
        ['.env', 'environment file'],
        ['notes/private.py', 'ignored by git'],
      ],
    );
  });

  it('finds the relatives of a model: its family, foreign-key targets and relationships', () => {
    const facts = workspaceFacts(root);
    assert.deepEqual(relatedModels(facts, 'Hero').map((model) => model.name), ['Team', 'Hero']);
    assert.deepEqual(relatedModels(facts, 'Nope'), []);
  });

  it('stays within the budget and says what it left out', async () => {
    const context = await assemble('Hero', { budgetTokens: 1_000 });
    assert.ok(context.tokens <= 1_000, `used ${context.tokens}`);
    assert.ok(context.omitted.length > 0);
    assert.ok(context.sentFiles.every((path) => !context.omitted.includes(path)));
  });
});

function dummyRoute() {
  return {
    method: 'get' as const,
    path: '/teams/{team_id}',
    localPath: '/{team_id}',
    functionName: 'read_team',
    file: 'app/routers/teams.py',
    router: 'router',
    dependencies: [],
    parameters: [],
    isAsync: false,
    returnedValues: [],
    range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0, startIndex: 0, endIndex: 0 },
  };
}
