/**
 * Mocha hooks every CLI `ask` spec needs: a Messages API server on 127.0.0.1 that expects the
 * planted key, a fresh temporary workspace, and the environment pointing the CLI at both.
 */
import { AnthropicTestServer } from '../../../support/anthropic-server';
import { createTempWorkspace, PLANTED, removeTempWorkspace } from './temp-workspace';

export interface AskWorkspace {
  server: AnthropicTestServer;
  root: string;
  env: Record<string, string>;
}

/** Registers the hooks in the calling `describe`; read the fields inside tests only. */
export function useAskWorkspace(): AskWorkspace {
  const current = {} as AskWorkspace;
  beforeEach(async () => {
    current.server = await AnthropicTestServer.start({ apiKey: PLANTED.apiKey });
    current.root = createTempWorkspace();
    current.env = { ANTHROPIC_API_KEY: PLANTED.apiKey, ANTHROPIC_BASE_URL: current.server.url };
  });
  afterEach(async () => {
    removeTempWorkspace(current.root);
    await current.server.close();
  });
  return current;
}
