/**
 * `dist/cli.js`, the command line's entry point: runs the CLI bundle (`dist/cli-main.js`, built
 * from `main.ts`) through the V8 code cache, so a short command spends its time on its work
 * rather than on compiling the bundle. Kept free of other imports: this file is compiled on every start.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runWithCodeCache } from './code-cache';

/**
 * Executed bytes after which V8 recompiles a WebAssembly function with its optimising compiler
 * (V8's default: 1,800,000). A command on a small project parses a few files and would spend
 * about 100 ms of CPU optimising tree-sitter's hottest functions, which it never earns back
 * (`bench:index-cli`); `context` on the 10,000-file bench workspace took the same CPU time either
 * way, within the noise. Set before any WebAssembly is compiled; Node 20 to 24 know the flag.
 */
const WASM_TIERING_BUDGET = 1_000_000_000;
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor >= 20 && nodeMajor <= 24) setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);

const start = runWithCodeCache(join(__dirname, 'cli-main.js'));
// Written last, when the command has run: the cache then holds every function it used.
if (start.outcome !== 'used' && start.outcome !== 'off') process.once('exit', () => start.saveCache());
