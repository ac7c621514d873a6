// Bundles the extension and the CLI with esbuild and places the parser's wasm files beside them.
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = 'dist';

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

// The chat handler (Anthropic SDK, agent) is loaded on the first chat request: building it as its
// own file keeps it out of the bundle V8 must compile when the extension activates.
const chatHandlerAsSeparateFile = {
  name: 'chat-handler-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/chat-handler$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './chat-handler.js', external: true } : undefined,
    );
  },
};

// The MCP server (and the MCP SDK) is loaded only by `cli.js mcp`: the other commands start without it.
const mcpServerAsSeparateFile = {
  name: 'mcp-server-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/mcp\/mcp-server$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './mcp-server.js', external: true } : undefined,
    );
  },
};

// The tool definitions (zod and the engines they call) load on the first tool call in agent mode.
const projectToolsAsSeparateFile = {
  name: 'project-tools-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/core\/tools\/project-tools$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './project-tools.js', external: true } : undefined,
    );
  },
};

// The spec pipeline (the OpenAPI reader, its $ref resolver and the engine) loads when the command first runs.
const specFlowAsSeparateFile = {
  name: 'spec-flow-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/spec\/propose-from-spec$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './spec-flow.js', external: true } : undefined,
    );
  },
};

// `cli.js ask` loads the agent, the Anthropic SDK and the secret filter from a file of their own.
const askAsSeparateFile = {
  name: 'ask-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/ask-bundle$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './cli-ask.js', external: true } : undefined,
    );
  },
};

// `cli.js spec` and `spec-check` load the OpenAPI reader (YAML, $ref resolver) and the spec engine when they run.
const cliSpecEngineAsSeparateFile = {
  name: 'cli-spec-engine-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/cli\/spec-engine$|^\.\/spec-engine$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './cli-spec.js', external: true } : undefined,
    );
  },
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: join(outdir, 'extension.js'), plugins: [chatHandlerAsSeparateFile, projectToolsAsSeparateFile, specFlowAsSeparateFile] },
  { entryPoints: ['src/vscode/spec/propose-from-spec.ts'], outfile: join(outdir, 'spec-flow.js') },
  { entryPoints: ['src/core/tools/project-tools.ts'], outfile: join(outdir, 'project-tools.js') },
  { entryPoints: ['src/vscode/chat/chat-handler.ts'], outfile: join(outdir, 'chat-handler.js') },
  // `cli.js` is a small starter that runs `cli-main.js` (the commands) through a V8 code cache.
  { entryPoints: ['src/cli/start.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  // Its `import()`s become `require()`s: code compiled by `vm.Script` has no loader for `import()`.
  { entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli-main.js'), supported: { 'dynamic-import': false }, plugins: [mcpServerAsSeparateFile, askAsSeparateFile, cliSpecEngineAsSeparateFile] },
  { entryPoints: ['src/cli/ask-bundle.ts'], outfile: join(outdir, 'cli-ask.js') },
  { entryPoints: ['src/cli/spec-engine.ts'], outfile: join(outdir, 'cli-spec.js') },
  { entryPoints: ['src/cli/mcp/mcp-server.ts'], outfile: join(outdir, 'mcp-server.js') },
  { entryPoints: ['scripts/bench/bench-index.ts'], outfile: join(outdir, 'bench-index.js') },
  { entryPoints: ['scripts/bench/bench-index-threads.ts'], outfile: join(outdir, 'bench-index-threads.js') },
  { entryPoints: ['scripts/bench/bench-crud.ts'], outfile: join(outdir, 'bench-crud.js') },
  { entryPoints: ['scripts/bench/bench-auth.ts'], outfile: join(outdir, 'bench-auth.js') },
];

function copyWasm() {
  mkdirSync(outdir, { recursive: true });
  const runtime = join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
  const python = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  copyFileSync(runtime, join(outdir, 'tree-sitter.wasm'));
  copyFileSync(python, join(outdir, 'tree-sitter-python.wasm'));
}

const present = entries.filter((entry) => existsSync(entry.entryPoints[0]));
copyWasm();
if (watch) {
  for (const entry of present) {
    const ctx = await context({ ...shared, ...entry });
    await ctx.watch();
  }
} else {
  await Promise.all(present.map((entry) => build({ ...shared, ...entry })));
}
