/**
 * The MCP server (`fastapi-engineer mcp`): the project tools every front end offers, over stdio,
 * plus `apply_proposal`. A generating tool never writes; it returns the proposal with an id, and
 * `apply_proposal` writes it with the same path checks and conflict checks as `crud --write`.
 *
 * stdout carries the protocol alone: nothing else may be printed there while serving.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { NodeFileSource } from '../../core/project/node-file-source';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { changeSetToUnifiedDiff } from '../../core/changes/unified-diff';
import { PROJECT_TOOLS } from '../../core/tools/project-tools';
import { proposalSummary, proposalText } from '../../core/tools/proposal-text';
import { type ProjectTool, ToolInputError, ToolRefusal } from '../../core/tools/tool-definition';
import { applyAndReport } from '../write-change-set';
import { McpProjects, ProjectRootError } from './mcp-projects';
import { ProposalStore } from './proposal-store';
import packageJson from '../../../package.json';

export interface McpServeOptions {
  /** Absolute folder every `root` argument is resolved in (checked to exist by the caller). */
  readonly root: string;
  /** The bundle that runs index reader threads, for large projects. */
  readonly workerScript?: string;
  readonly log: (line: string) => void;
}

const APPLY_TOOL = 'apply_proposal';

const proposalOutput = z.object({
  proposalId: z.string(),
  title: z.string(),
  summary: z.string(),
  warnings: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), kind: z.enum(['create', 'modify']) })),
  diff: z.string(),
});

function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** Errors the caller can act on keep their message; anything else says which tool failed. */
function failure(tool: string, error: unknown): CallToolResult {
  if (error instanceof ToolRefusal || error instanceof ToolInputError || error instanceof ProjectRootError) return errorResult(error.message);
  return errorResult(`${tool} failed: ${error instanceof Error ? error.message : String(error)}`);
}

export function createMcpServer(options: McpServeOptions): McpServer {
  const server = new McpServer({ name: 'fastapi-backend-engineer', version: packageJson.version });
  const projects = new McpProjects(options.root, options.workerScript);
  const proposals = new ProposalStore();

  const registerProjectTool = (tool: ProjectTool): void => {
    const generating = tool.kind === 'generate';
    server.registerTool(
      tool.name,
      {
        title: tool.displayName,
        description: generating
          ? `${tool.modelDescription} The result carries a proposalId: call ${APPLY_TOOL} with it to write the files once the user agrees.`
          : tool.modelDescription,
        inputSchema: tool.input,
        ...(generating ? { outputSchema: proposalOutput } : {}),
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (args: unknown): Promise<CallToolResult> => {
        const started = performance.now();
        try {
          const input = tool.parse(args);
          const facts = await projects.facts(input.root);
          if (input.run !== undefined) return { content: [{ type: 'text', text: input.run(facts) }] };
          if (input.propose === undefined) return errorResult(`${tool.name} has nothing to run.`);
          const changeSet = await input.propose(facts, { source: new NodeFileSource(facts.root) });
          const proposal = proposals.add(facts.root, changeSet);
          const status = `Proposal ${proposal.id}: nothing was written. Call ${APPLY_TOOL} with proposalId "${proposal.id}" to write it (optionally only some paths).`;
          return {
            content: [{ type: 'text', text: proposalText(changeSet, status) }],
            structuredContent: { proposalId: proposal.id, ...proposalSummary(changeSet), warnings: [...changeSet.warnings], diff: changeSetToUnifiedDiff(changeSet) },
          };
        } catch (error) {
          return failure(tool.name, error);
        } finally {
          options.log(`${tool.name} answered in ${(performance.now() - started).toFixed(0)} ms`);
        }
      },
    );
  };
  for (const tool of PROJECT_TOOLS) registerProjectTool(tool);

  server.registerTool(
    APPLY_TOOL,
    {
      title: 'Apply a FastAPI proposal',
      description:
        'Writes the files of a proposal returned by a generating tool, by its proposalId. Every path is checked to stay inside the project; a file changed, created or deleted since the proposal was made is a conflict and is not written. The proposal is used up: generate again for a fresh one.',
      inputSchema: z
        .object({
          proposalId: z.string().min(1).describe('The proposalId a generating tool returned.'),
          paths: z.array(z.string().min(1)).min(1).optional().describe('Write only these files of the proposal (default: all of them).'),
        })
        .strict(),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ proposalId, paths }): Promise<CallToolResult> => {
      const proposal = proposals.get(proposalId);
      if (proposal === undefined) return errorResult(`No proposal with id "${proposalId}": it was applied already, or comes from an earlier server. Generate it again.`);
      const known = new Set(proposal.changeSet.changes.map((change) => change.path));
      const unknown = (paths ?? []).filter((path) => !known.has(path));
      if (unknown.length > 0) return errorResult(`Not part of proposal ${proposalId}: ${unknown.join(', ')}. Its files: ${[...known].join(', ')}.`);
      try {
        const report = await applyAndReport(proposal.root, proposal.changeSet, paths === undefined ? undefined : new Set(paths));
        proposals.delete(proposalId);
        const lines = [
          ...(report.written.length === 0 ? ['Nothing was written.'] : report.written),
          ...report.problems.map((problem) => `not written: ${problem}`),
        ];
        const text = lines.join('\n');
        return report.problems.length > 0 ? errorResult(`${text}\nFiles that were not written were left as they are; generate again to propose against their current text.`) : { content: [{ type: 'text', text }] };
      } catch (error) {
        return failure(APPLY_TOOL, error);
      }
    },
  );
  return server;
}

/** Serves on stdin/stdout until the client disconnects. */
export async function serveMcp(options: McpServeOptions): Promise<void> {
  const server = createMcpServer(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  // A client that ends the input (rather than the process) is done too.
  process.stdin.once('end', () => void server.close());
  await server.connect(transport);
  options.log(`FastAPI Backend Engineer MCP server for ${options.root} on stdio`);
  await closed;
}
