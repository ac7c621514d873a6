import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_AGENT_NAME, findAgent, findPromptsDir, loadAgentCatalog, readWorkspaceAgentFiles, taskPrompt } from '../../../src/core/agent/agent-catalog';
import type { AssembledContext } from '../../../src/core/agent/context-assembly';
import { parseAgentDefinition, parseTaskPrompt, PromptFileError, TASK_COMMANDS } from '../../../src/core/agent/prompt-files';
import { DRAFT_TITLE, renderPrompt } from '../../../src/core/agent/render-prompt';
import { PROMPTS_DIR } from './support/agent-harness';
import { createTempWorkspace, removeTempWorkspace } from './support/temp-workspace';

function errorOf(action: () => unknown): PromptFileError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof PromptFileError, String(error));
    return error;
  }
  assert.fail('expected a PromptFileError');
}

describe('prompt files', () => {
  it('ship a valid default agent and a task prompt for every command', () => {
    const catalog = loadAgentCatalog(PROMPTS_DIR);
    const agent = findAgent(catalog, undefined);
    assert.equal(agent.name, DEFAULT_AGENT_NAME);
    assert.equal(agent.model, 'sonnet');
    assert.equal(agent.origin, 'built-in');
    for (const topic of ['JWT', 'status code', 'SQLModel', 'refresh', 'path=', '<<<<<<< SEARCH']) {
      assert.ok(agent.prompt.includes(topic), `the agent prompt covers ${topic}`);
    }
    assert.deepEqual([...catalog.tasks.keys()].sort(), [...TASK_COMMANDS].sort());
    assert.equal(taskPrompt(catalog, 'crud').offlineEngine, 'crud');
    assert.deepEqual(catalog.problems, []);
  });

  it('find the prompts folder from the bundle folder or the sources', () => {
    assert.equal(findPromptsDir(join(PROMPTS_DIR, '../dist')), PROMPTS_DIR);
    assert.equal(findPromptsDir(join(PROMPTS_DIR, '../src/core/agent')), PROMPTS_DIR);
  });

  it('name the file and the field of a broken definition', () => {
    assert.equal(errorOf(() => parseAgentDefinition('a.md', '---\nname: x\n---\nbody')).message, 'a.md: field "description": Invalid input: expected string, received undefined');
    assert.equal(errorOf(() => parseAgentDefinition('b.md', '---\nname: x\ndescription: d\nmaxTokens: lots\n---\nbody')).field, 'maxTokens');
    assert.equal(errorOf(() => parseAgentDefinition('c.md', '---\nname: has spaces\ndescription: d\n---\nbody')).field, 'name');
    assert.match(errorOf(() => parseAgentDefinition('d.md', 'no front matter')).message, /^d\.md: missing YAML front matter/);
    assert.match(errorOf(() => parseAgentDefinition('e.md', '---\nname: [unclosed\n---\nbody')).message, /^e\.md: front matter is not valid YAML/);
    assert.match(errorOf(() => parseAgentDefinition('f.md', '---\nname: x\ndescription: d\n---\n')).message, /body after the front matter is empty/);
    assert.equal(errorOf(() => parseTaskPrompt('g.md', '---\ncommand: deploy\ndescription: d\n---\n{{request}}')).field, 'command');
    assert.match(errorOf(() => parseTaskPrompt('h.md', '---\ncommand: ask\ndescription: d\n---\nno placeholder')).message, /\{\{request\}\} placeholder/);
  });

  it('offer workspace agents from .claude/agents and report broken ones without failing', () => {
    const root = createTempWorkspace();
    try {
      mkdirSync(join(root, '.claude/agents'), { recursive: true });
      writeFileSync(join(root, '.claude/agents/reviewer.md'), '---\nname: strict-reviewer\ndescription: Reviews code\ntools: Read, Grep\nmodel: opus\n---\nYou review code strictly.\n');
      writeFileSync(join(root, '.claude/agents/broken.md'), '---\ndescription: no name\n---\nbody\n');
      const catalog = loadAgentCatalog(PROMPTS_DIR, readWorkspaceAgentFiles(root));
      const reviewer = findAgent(catalog, 'strict-reviewer');
      assert.equal(reviewer.origin, 'workspace');
      assert.equal(reviewer.model, 'opus');
      assert.equal(reviewer.file, '.claude/agents/reviewer.md');
      assert.deepEqual(catalog.problems, ['.claude/agents/broken.md: field "name": Invalid input: expected string, received undefined']);
      assert.throws(() => findAgent(catalog, 'nobody'), /No agent named "nobody". Available agents: fastapi-backend-engineer, strict-reviewer\./);
    } finally {
      removeTempWorkspace(root);
    }
  });
});

describe('renderPrompt', () => {
  const catalog = loadAgentCatalog(PROMPTS_DIR);
  const context: AssembledContext = {
    stable: [{ title: 'Project summary', text: '## Project summary\nTwo models.', tokens: 8 }],
    task: [
      { title: 'Models', path: 'app/models.py', text: '### app/models.py\n```python\nclass Hero: ...\n```', tokens: 10 },
      { title: DRAFT_TITLE, text: '### Draft\n```python path=app/routers/heroes.py\nrouter = 1\n```', tokens: 10 },
    ],
    sentFiles: ['app/models.py'],
    withheld: [],
    omitted: [],
    tokens: 28,
  };

  it('puts the agent prompt and the cached project context in system blocks and the task in the last user message', () => {
    const rendered = renderPrompt({
      agent: findAgent(catalog, undefined),
      task: taskPrompt(catalog, 'crud'),
      request: 'use PUT',
      target: 'Hero',
      context,
      history: [
        { role: 'user', text: 'hi' },
        { role: 'assistant', text: 'hello' },
      ],
    });
    assert.equal(rendered.system.length, 2);
    assert.equal(rendered.system[0]?.text, findAgent(catalog, undefined).prompt);
    assert.equal(rendered.system[0]?.cache, undefined);
    assert.equal(rendered.system[1]?.cache, true);
    assert.equal(rendered.system[1]?.text, '# Project context\n\nWhat follows describes the workspace you are working in. Paths are workspace-relative.\n\n## Project summary\nTwo models.');
    assert.deepEqual(rendered.messages.slice(0, 2).map((message) => message.role), ['user', 'assistant']);
    const last = rendered.messages.at(-1)?.text ?? '';
    assert.equal(
      last,
      [
        '# Context for this request',
        '',
        '### app/models.py\n```python\nclass Hero: ...\n```',
        '',
        '# Task',
        '',
        'Generate complete CRUD support for the SQLModel table `Hero`: the missing schema classes,',
        'a router with list (paginated), read, create, update and delete, its registration where the',
        'project includes its routers, and tests for the new endpoints.',
        '',
        '### Draft\n```python path=app/routers/heroes.py\nrouter = 1\n```',
        '',
        'Request from the user: use PUT',
        '',
        "Keep what is right in the draft. Improve it only where the project's conventions, its security",
        'or correctness require; say in one or two sentences what you changed and why. Answer with file',
        'blocks for every file that is created or modified.',
      ].join('\n'),
    );
  });

  it('keeps the draft verbatim, blank lines included, and drops an empty draft line', () => {
    const draftText = '### Draft\n```python path=app/a.py\nimport os\n\n\nclass A:\n    pass\n```';
    const withDraft = renderPrompt({ agent: findAgent(catalog, undefined), task: taskPrompt(catalog, 'crud'), request: '', target: 'Hero', context: { ...context, task: [{ title: DRAFT_TITLE, text: draftText, tokens: 1 }] } });
    assert.ok(withDraft.messages.at(-1)?.text.includes(draftText));
    const withoutDraft = renderPrompt({ agent: findAgent(catalog, undefined), task: taskPrompt(catalog, 'crud'), request: '', target: 'Hero', context: { ...context, task: [] } });
    assert.match(withoutDraft.messages.at(-1)?.text ?? '', /tests for the new endpoints\.\n\nRequest from the user: \(no further details\)\n\nKeep what/);
  });

  it('is deterministic', () => {
    const input = { agent: findAgent(catalog, undefined), task: taskPrompt(catalog, 'ask'), request: 'x', context };
    assert.equal(JSON.stringify(renderPrompt(input)), JSON.stringify(renderPrompt(input)));
  });
});
