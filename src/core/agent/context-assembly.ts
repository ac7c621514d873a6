/**
 * Chooses what the model sees for one request, within a token budget. The context has two parts:
 * a stable part (project summary, dependencies, include point, a style example, settings,
 * package guidance) that is identical from one request to the next so it can be cached, and a
 * task part (the target model and its relatives, the offline draft, files the request names).
 * Every file passes the send filter; `runAgent` scrubs secrets from the assembled request.
 */
import type { ChangeSet } from '../changes/change-set';
import { scrubConfigValues, type SendDecision, secretPathReason } from '../changes/secret-filter';
import type { ModelFact, ProjectFacts } from '../project/facts';
import type { FileSource } from '../ports';
import { estimateTokens, fenced, lineSlice, normaliseText } from './context-format';
import { summariseProject } from './project-summary';
import { findSkillGuides } from './skill-guides';

export interface ContextPiece {
  readonly title: string;
  /** The file the text comes from; absent for text derived from facts. */
  readonly path?: string;
  readonly text: string;
  readonly tokens: number;
}

export interface AssembledContext {
  /** Same for every request on an unchanged project: the cacheable prefix. */
  readonly stable: readonly ContextPiece[];
  /** Specific to this request. */
  readonly task: readonly ContextPiece[];
  /** Workspace-relative paths whose content (whole or excerpt) is part of the request. */
  readonly sentFiles: readonly string[];
  /** Files that were relevant but never sent, with why. */
  readonly withheld: readonly { readonly path: string; readonly reason: string }[];
  /** Files left out because the budget ran out. */
  readonly omitted: readonly string[];
  readonly tokens: number;
}

export interface ContextOptions {
  readonly facts: ProjectFacts;
  readonly source: FileSource;
  readonly request: string;
  /** Model the request is about (`/crud Hero`); otherwise models named in the request are used. */
  readonly target?: string;
  readonly budgetTokens: number;
  readonly sendFilter: (path: string) => SendDecision;
  /** Values that must never appear in a request (the API key). */
  readonly secrets?: readonly string[];
  /** The offline engine's proposal, the starting point for tasks it can do. */
  readonly draft?: ChangeSet;
}

/** Share of the budget reserved for the stable part, so it does not vary with the request. */
const STABLE_SHARE = 0.55;
/** A file up to this size is sent whole; a larger one as excerpts of the classes needed. */
const WHOLE_FILE_TOKENS = 2_500;

class PieceCollector {
  readonly pieces: ContextPiece[] = [];
  readonly omitted: string[] = [];
  private used = 0;

  constructor(private readonly budget: number) {}

  add(title: string, text: string, path?: string): boolean {
    const tokens = estimateTokens(text);
    if (this.used + tokens > this.budget) {
      this.omitted.push(path ?? title);
      return false;
    }
    this.used += tokens;
    this.pieces.push({ title, text, tokens, ...(path === undefined ? {} : { path }) });
    return true;
  }
}

class FileReader {
  readonly withheld: { path: string; reason: string }[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly options: ContextOptions,
    /** Paths placed by an earlier part; not sent twice. */
    private readonly alreadySent: ReadonlySet<string> = new Set(),
  ) {}

  /** Scrubbed file text, or undefined when it must not or cannot be sent (or was sent already). */
  async read(path: string, bypassIgnore = false): Promise<string | undefined> {
    if (this.seen.has(path) || this.alreadySent.has(path)) {
      return undefined;
    }
    this.seen.add(path);
    const secret = secretPathReason(path);
    const decision: SendDecision = bypassIgnore
      ? secret === undefined
        ? { send: true }
        : { send: false, reason: secret }
      : this.options.sendFilter(path);
    if (!decision.send) {
      this.withheld.push({ path, reason: decision.reason });
      return undefined;
    }
    try {
      const text = normaliseText(await this.options.source.readText(path));
      // Secrets are scrubbed from the whole request in one pass before it is sent; config files
      // also hold unquoted `password: value` lines that only make sense to look for here.
      return path.endsWith('.py') ? text : scrubConfigValues(text);
    } catch (error) {
      // Listed with the files not sent, so the user sees why it is missing from the context.
      this.withheld.push({ path, reason: `could not be read: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
  }
}

function fileSection(path: string, text: string, note = ''): string {
  return `### ${path}${note}\n${fenced(text, path.endsWith('.py') ? 'python' : '')}`;
}

async function stablePieces(options: ContextOptions, collector: PieceCollector, reader: FileReader): Promise<void> {
  const { facts } = options;
  collector.add('Project summary', summariseProject(facts));

  const dependencyFiles = [
    facts.dependencies.session?.aliasFile,
    facts.dependencies.session?.file,
    facts.dependencies.currentUser?.aliasFile,
    facts.dependencies.currentUser?.file,
    facts.dependencies.superuser?.file,
  ];
  const includePoint = facts.conventions.includePoint.value?.file;
  const styleRouter = [...facts.routers]
    .filter((router) => router.routes.length > 0)
    .sort((a, b) => b.routes.length - a.routes.length || a.file.localeCompare(b.file))[0]?.file;
  const settingsFile = facts.settings[0]?.file;

  const files: { path: string | undefined; title: string }[] = [
    ...dependencyFiles.map((path) => ({ path, title: 'Session and auth dependencies' })),
    { path: includePoint, title: 'Where routers are included' },
    { path: styleRouter, title: 'An existing router (style example)' },
    { path: settingsFile, title: 'Settings' },
  ];
  for (const { path, title } of files) {
    if (path === undefined) {
      continue;
    }
    const text = await reader.read(path);
    if (text !== undefined) {
      collector.add(title, fileSection(path, text, ` — ${title.toLowerCase()}`), path);
    }
  }

  for (const guide of await findSkillGuides(options.source)) {
    const text = await reader.read(guide.path, true);
    if (text !== undefined) {
      collector.add(`${guide.packageName} guidance`, `### Guidance shipped with ${guide.packageName} (${guide.path})\n${text}`, guide.path);
    }
  }
}

/** The target model, its schema family, and the models it points to or is pointed at by. */
export function relatedModels(facts: ProjectFacts, target: string): ModelFact[] {
  const model = facts.models.find((candidate) => candidate.name === target);
  if (model === undefined) {
    return [];
  }
  const names = new Set<string>([model.name]);
  for (const member of facts.models) {
    if (member.family === model.family) {
      names.add(member.name);
    }
  }
  for (const field of model.fields) {
    const table = field.foreignKey?.split('.')[0];
    const pointed = facts.models.find((candidate) => candidate.table && candidate.tableName === table);
    if (pointed !== undefined) {
      names.add(pointed.name);
    }
  }
  for (const relationship of model.relationships) {
    names.add(relationship.target);
  }
  for (const name of model.mro) {
    names.add(name);
  }
  return facts.models.filter((candidate) => names.has(candidate.name));
}

/** Lower-case forms a request may use for a model: `hero`, `heros`, `heroes`; `category`, `categories`. */
function spellings(name: string): string[] {
  const lower = name.toLowerCase();
  const forms = [lower, `${lower}s`, `${lower}es`];
  if (lower.endsWith('y')) {
    forms.push(`${lower.slice(0, -1)}ies`);
  }
  return forms;
}

function targetsOf(options: ContextOptions): string[] {
  if (options.target !== undefined) {
    return [options.target];
  }
  const words = new Set((options.request.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map((word) => word.toLowerCase()));
  return options.facts.models
    .filter((model) => model.table && spellings(model.name).some((form) => words.has(form)))
    .map((model) => model.name);
}

async function taskPieces(options: ContextOptions, collector: PieceCollector, reader: FileReader): Promise<void> {
  const { facts } = options;
  const models = new Map<string, ModelFact>();
  for (const target of targetsOf(options)) {
    for (const model of relatedModels(facts, target)) {
      models.set(model.name, model);
    }
  }
  const byFile = new Map<string, ModelFact[]>();
  for (const model of models.values()) {
    byFile.set(model.file, [...(byFile.get(model.file) ?? []), model]);
  }
  for (const [path, fileModels] of byFile) {
    const text = await reader.read(path);
    if (text === undefined) {
      continue;
    }
    if (estimateTokens(text) <= WHOLE_FILE_TOKENS) {
      collector.add('Models', fileSection(path, text, ' — models'), path);
      continue;
    }
    const excerpts = fileModels
      .map((model) => fileSection(path, lineSlice(text, model.range.startLine, model.range.endLine), ` — excerpt: class ${model.name}, lines ${model.range.startLine + 1}-${model.range.endLine + 1}`))
      .join('\n\n');
    collector.add('Models', excerpts, path);
  }

  if (options.draft !== undefined && options.draft.changes.length > 0) {
    const blocks = options.draft.changes.map((change) => fenced(change.after, `${change.path.endsWith('.py') ? 'python' : 'text'} path=${change.path}`));
    collector.add('Offline draft', `### Draft from the offline generator (${options.draft.title})\n${options.draft.summary}\n\n${blocks.join('\n\n')}`);
  }

  const mentioned = new Set(options.request.match(/[\w./-]*\.(?:py|toml|cfg|ini|md|txt|json|ya?ml|env|pem|key)\b/g) ?? []);
  for (const path of mentioned) {
    if ((await options.source.stat(path)) === undefined) {
      continue;
    }
    const text = await reader.read(path);
    if (text !== undefined) {
      collector.add('Named in the request', fileSection(path, text), path);
    }
  }
}

export async function assembleContext(options: ContextOptions): Promise<AssembledContext> {
  const stableCollector = new PieceCollector(Math.floor(options.budgetTokens * STABLE_SHARE));
  const stableReader = new FileReader(options);
  await stablePieces(options, stableCollector, stableReader);

  const stablePaths = new Set(stableCollector.pieces.flatMap((piece) => (piece.path === undefined ? [] : [piece.path])));
  const taskCollector = new PieceCollector(options.budgetTokens - stableCollector.pieces.reduce((sum, piece) => sum + piece.tokens, 0));
  const taskReader = new FileReader(options, stablePaths);
  await taskPieces(options, taskCollector, taskReader);

  const pieces = [...stableCollector.pieces, ...taskCollector.pieces];
  const sentFiles = [...new Set(pieces.flatMap((piece) => (piece.path === undefined ? [] : [piece.path])))];
  const withheld = [...stableReader.withheld, ...taskReader.withheld];
  return {
    stable: stableCollector.pieces,
    task: taskCollector.pieces,
    sentFiles,
    withheld: withheld.filter((entry, index) => withheld.findIndex((other) => other.path === entry.path) === index),
    omitted: [...stableCollector.omitted, ...taskCollector.omitted],
    tokens: pieces.reduce((sum, piece) => sum + piece.tokens, 0),
  };
}
