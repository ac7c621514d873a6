/**
 * Agent + task + context + conversation → the request a provider sends. A pure function: the
 * same inputs give byte-identical system blocks, which is what lets the provider cache them.
 */
import type { AssembledContext, ContextPiece } from './context-assembly';
import type { ChatMessage, SystemBlock } from './llm-provider';
import type { AgentDefinition, TaskPrompt } from './prompt-files';

export interface RenderInput {
  readonly agent: AgentDefinition;
  readonly task: TaskPrompt;
  readonly request: string;
  readonly target?: string;
  readonly context: AssembledContext;
  /** Earlier turns of this conversation, oldest first. */
  readonly history?: readonly ChatMessage[];
}

export interface RenderedPrompt {
  readonly system: readonly SystemBlock[];
  readonly messages: readonly ChatMessage[];
}

export const DRAFT_TITLE = 'Offline draft';

function joinPieces(pieces: readonly ContextPiece[]): string {
  return pieces.map((piece) => piece.text).join('\n\n');
}

/** Fills `{{name}}` placeholders; a placeholder alone on its line with an empty value goes with its line. */
function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const withoutEmpty = template.replace(/\n*^[ \t]*\{\{(\w+)\}\}[ \t]*$\n*/gm, (whole, name: string) => (values[name] === '' ? '\n\n' : whole));
  return withoutEmpty.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export function renderPrompt(input: RenderInput): RenderedPrompt {
  const projectContext = [
    '# Project context',
    'What follows describes the workspace you are working in. Paths are workspace-relative.',
    joinPieces(input.context.stable),
  ].join('\n\n');
  const system: SystemBlock[] = [{ text: input.agent.prompt }, { text: projectContext, cache: true }];

  const draft = input.context.task.find((piece) => piece.title === DRAFT_TITLE);
  const taskContext = input.context.task.filter((piece) => piece !== draft);
  const taskText = fillTemplate(input.task.template, {
    request: input.request.trim() === '' ? '(no further details)' : input.request.trim(),
    target: input.target ?? '(not named)',
    draft: draft?.text ?? '',
  });
  const user = taskContext.length === 0 ? taskText : `# Context for this request\n\n${joinPieces(taskContext)}\n\n# Task\n\n${taskText}`;

  return { system, messages: [...(input.history ?? []), { role: 'user', text: user }] };
}
