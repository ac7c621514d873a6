/**
 * Runs the agent against the temp workspace with the real prompts and the real SDK pointed at
 * the local Messages API server.
 */
import { join } from 'node:path';
import { loadAgentCatalog } from '../../../../src/core/agent/agent-catalog';
import { type AgentEvent, type AgentResult, runAgent, type AgentRunOptions } from '../../../../src/core/agent/agent-runner';
import { AnthropicProvider } from '../../../../src/core/agent/anthropic-provider';
import { nodeWorkspaceAccess } from '../../../../src/core/agent/node-workspace';
import { pythonSyntaxProblems } from '../../../../src/core/agent/python-syntax';
import { createSendFilter } from '../../../../src/core/changes/secret-filter';
import { loadIgnoreRules } from '../../../../src/core/project/ignore-rules';
import type { ProjectFacts } from '../../../../src/core/project/facts';
import type { AnthropicTestServer } from '../../../support/anthropic-server';
import { field, model, projectFacts } from './facts-builder';
import { diskSource, PLANTED } from './temp-workspace';

export const PROMPTS_DIR = join(__dirname, '../../../../prompts');

export function workspaceFacts(root: string): ProjectFacts {
  const id = field('id', 'int | None', { primaryKey: true, hasDefault: true });
  return projectFacts(root, {
    models: [
      model('Team', 'app/models.py', [5, 10], { fields: [id, field('name', 'str')] }),
      model('Hero', 'app/models.py', [12, 19], { fields: [id, field('name', 'str'), field('team_id', 'int | None', { foreignKey: 'team.id' })] }),
    ],
  });
}

export async function runAgainstServer(
  root: string,
  server: AnthropicTestServer,
  options: Partial<AgentRunOptions> & { readonly events?: AgentEvent[] } = {},
): Promise<AgentResult> {
  const source = diskSource(root);
  const isIgnored = await loadIgnoreRules(source);
  return runAgent({
    catalog: loadAgentCatalog(PROMPTS_DIR),
    command: 'ask',
    request: 'Add a heroes router for Hero',
    facts: workspaceFacts(root),
    source,
    workspace: nodeWorkspaceAccess(root),
    provider: new AnthropicProvider({ apiKey: PLANTED.apiKey, baseURL: server.url, retry: { maxRetries: 0 } }),
    sendFilter: createSendFilter({ isIgnored }),
    secrets: [PLANTED.apiKey],
    checkSyntax: pythonSyntaxProblems,
    onEvent: (event) => options.events?.push(event),
    ...options,
  });
}
