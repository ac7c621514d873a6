/** Names shared by the fake model extension and the suites that script it. No `vscode` import. */

export const FAKE_MODEL = {
  vendor: 'fake-test',
  id: 'fake-test-model',
  /** Command: queue the text of the next answers (`string[]`). */
  setReplies: 'fakeLanguageModel.setReplies',
  /** Command: the text of every request received so far (`string[]`), oldest first. */
  requests: 'fakeLanguageModel.requests',
  /** Queue this reply to make the model fail as an unavailable one does. */
  unavailableReply: '<unavailable>',
} as const;

/** The heading under which the agent puts the offline generator's draft. */
export const DRAFT_HEADING = '### Draft from the offline generator';

/**
 * The answer the fake model gives when nothing is queued: for a /crud request it keeps the
 * offline draft (its file blocks, verbatim), like a model that finds nothing to improve.
 */
export function defaultReply(prompt: string): string {
  const at = prompt.indexOf(DRAFT_HEADING);
  if (at < 0) {
    return 'This is the fake test model. Nothing to change.';
  }
  const draft = prompt.slice(at);
  const blocks = Array.from(draft.matchAll(/^(`{3,})[^\n`]*path=[^\n]*\n[\s\S]*?^\1$/gm), (match) => match[0]);
  return `The draft already follows the project's conventions; I kept it as it is.\n\n${blocks.join('\n\n')}\n`;
}
