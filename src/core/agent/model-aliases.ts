/**
 * Short model names users can type in settings and agent files, mapped to current model ids.
 * Kept off deprecated ids (a spec checks them against the SDK's own deprecation list).
 */

export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  sonnet: 'claude-sonnet-5-5',
  opus: 'claude-opus-5-5',
  haiku: 'claude-haiku-5-5',
};

const DEFAULT_MODEL_ALIAS = 'sonnet';

/**
 * The model id for a request: a model the user chose explicitly (setting, `--model`) wins over the
 * agent file's `model`; `inherit` or nothing falls back to the default alias; aliases become ids,
 * anything else is taken as a model id as written.
 */
export function resolveModelId(agentModel: string | undefined, userChoice?: string): string {
  const chosen = userChoice?.trim();
  const fromAgent = agentModel === undefined || agentModel === 'inherit' ? undefined : agentModel.trim();
  const wanted = chosen !== undefined && chosen !== '' ? chosen : (fromAgent ?? DEFAULT_MODEL_ALIAS);
  return MODEL_ALIASES[wanted.toLowerCase()] ?? wanted;
}
