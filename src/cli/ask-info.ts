/** The overview line and synopsis of `ask`, known to `main.ts` before the agent's bundle is loaded. */
import { VERIFY_USAGE } from './verify-option';

export const ASK_INFO = {
  name: 'ask',
  summary: 'Ask the agent for a change (Anthropic API); prints it as a diff or writes it.',
  usage: `ask "<request>" [--root DIR] [--agent NAME] [--model MODEL] [--idle-timeout SECONDS] [--dry-run | --write] [--json] ${VERIFY_USAGE}`,
} as const;
