/**
 * What `cli.js ask` loads on first use: the agent, the Anthropic SDK and the secret filter are a
 * file of their own (`dist/cli-ask.js`), so the other commands start without compiling them.
 */
export { askCommand } from './ask-command';
export { useIndexWorkers } from './context-command';
export { runCommand } from './run-command';
