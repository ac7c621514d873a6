/**
 * `dist/cli.js`, the command line's entry point: runs the CLI bundle (`dist/cli-main.js`, built
 * from `main.ts`) through the V8 code cache, so a short command spends its time on its work
 * rather than on compiling the bundle. Kept free of other imports: this file is compiled on every start.
 */
import { join } from 'node:path';
import { runWithCodeCache } from './code-cache';

const start = runWithCodeCache(join(__dirname, 'cli-main.js'));
// Written last, when the command has run: the cache then holds every function it used.
if (start.outcome !== 'used' && start.outcome !== 'off') process.once('exit', () => start.saveCache());
