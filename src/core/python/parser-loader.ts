/**
 * Loads web-tree-sitter and the Python grammar once, on first use, so that activating the
 * extension costs nothing until a Python file is actually read.
 *
 * The bundles in dist/ have both wasm files beside them (the build copies them there); running
 * from source (tsx, mocha) finds them in node_modules instead.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
// A require-style import makes bundlers choose the package's CommonJS build: its ES module build
// reads `import.meta.url`, which a CommonJS bundle does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import TreeSitter = require('web-tree-sitter');

const RUNTIME_WASM = 'tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

function locate(fileName: string, packageSpecifier: string): string {
  const beside = join(__dirname, fileName);
  if (existsSync(beside)) return beside;
  return createRequire(__filename).resolve(packageSpecifier);
}

async function load(): Promise<Parser> {
  const runtimePath = locate(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
  await TreeSitter.Parser.init({ locateFile: () => runtimePath });
  const grammar = await readFile(locate(PYTHON_WASM, `tree-sitter-python/${PYTHON_WASM}`));
  const language = await TreeSitter.Language.load(grammar);
  const parser = new TreeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}

let parserPromise: Promise<Parser> | undefined;

/** The shared Python parser. Parsing is synchronous, so one instance serves every caller. */
export function pythonParser(): Promise<Parser> {
  parserPromise ??= load().catch((error: unknown) => {
    // A failed load (missing wasm) may be fixed by the user; let the next call try again.
    parserPromise = undefined;
    throw error;
  });
  return parserPromise;
}
