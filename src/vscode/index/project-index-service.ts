/**
 * Keeps one workspace folder's ProjectFacts: built lazily on first use (with a cancellable
 * progress notification when that takes a while) and kept current by re-reading changed files.
 */
import * as vscode from 'vscode';
import type { ProjectIndex } from '../../core/project/project-index';
import type { ProjectFacts } from '../../core/project/facts';
import type { Logger } from '../../core/ports';
import { LocalFolderFileSource } from '../local-folder-file-source';
import { WorkspaceFileSource } from '../workspace-file-source';
import { StorageCacheStore } from './storage-cache-store';

/** Below this a build finishes before a notification would be worth reading. */
const PROGRESS_DELAY_MS = 700;
const UPDATE_DEBOUNCE_MS = 150;
/** Abort reason of a read dropped because everything is read again: its callers wait for the new read. */
const DROPPED = 'dropped: read again from scratch';

interface Build {
  readonly promise: Promise<ProjectFacts>;
  readonly controller: AbortController;
}

export interface IndexServiceOptions {
  readonly logger: Logger;
  readonly maxFileBytes: () => number;
  /** Where large folders keep their per-file facts between sessions, and the release writing them. */
  readonly factsCache?: { readonly storage: vscode.Uri; readonly release: string };
}

export class ProjectIndexService implements vscode.Disposable {
  /** Created on first use: loading the index (and the parser behind it) is kept out of activation. */
  private index: ProjectIndex | undefined;
  private indexLoading: Promise<ProjectIndex> | undefined;
  private building: Build | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<ProjectFacts>();
  readonly onDidChangeFacts = this.changed.event;
  readonly source: WorkspaceFileSource;

  constructor(readonly folder: vscode.WorkspaceFolder, private readonly options: IndexServiceOptions) {
    // A folder on this machine's disk is listed and read with Node's fs; remote and virtual folders through workspace.fs.
    this.source = folder.uri.scheme === 'file' ? new LocalFolderFileSource(folder.uri) : new WorkspaceFileSource(folder.uri);
  }

  /** Facts as last built or updated; undefined before the first build. */
  get facts(): ProjectFacts | undefined {
    return this.index?.facts;
  }

  /** Whether a read of the whole folder is under way. */
  get reading(): boolean {
    return this.building !== undefined;
  }

  /** Facts reflecting every change seen so far; builds on first use. `interactive` shows progress. */
  async ensureFacts(interactive: boolean): Promise<ProjectFacts> {
    this.flush();
    await this.queue;
    const facts = this.index?.facts;
    if (facts !== undefined && this.building === undefined) return facts;
    const index = await this.loadIndex();
    const building = this.building ?? this.startBuild(index); // re-checked after the await: one build at a time
    if (interactive) await this.showProgressIfSlow(building);
    try {
      return await building.promise;
    } catch (error) {
      // Dropped by `invalidate` (not by the user): the caller still wants facts, from the fresh read.
      if (building.controller.signal.reason === DROPPED) return this.ensureFacts(interactive);
      throw error;
    }
  }

  /**
   * Facts for features that read in the background (CodeLens, context keys): never shows
   * progress; a failed read is logged rather than shown, and gives undefined.
   */
  async backgroundFacts(): Promise<ProjectFacts | undefined> {
    try {
      return await this.ensureFacts(false);
    } catch (error) {
      if (!(error instanceof vscode.CancellationError)) this.options.logger.warn(`Reading ${this.folder.name} in the background failed: ${String(error)}`);
      return undefined;
    }
  }

  /**
   * Stops the first read in progress, as Cancel in the progress notification does: no facts are
   * kept and the next request reads again. Resolves with the message shown to the user once the
   * read has stopped, or undefined when nothing was being read.
   */
  async cancelBuild(): Promise<string | undefined> {
    const building = this.building;
    if (building === undefined) return undefined;
    building.controller.abort();
    const stopped = await building.promise.then(
      () => false, // finished before the abort was seen: the facts stand
      () => true,
    );
    if (!stopped) return undefined;
    const message = `Reading the FastAPI project in ${this.folder.name} was cancelled. Nothing was kept; it is read again on the next request.`;
    this.options.logger.info(message);
    void vscode.window.showInformationMessage(message);
    return message;
  }

  /**
   * The folder's ignore rules (true = ignored) as the index's read of the folder found them: the
   * workspace is not listed a second time. A `.gitignore` change invalidates, so they stay current.
   */
  async ignoreRules(): Promise<(path: string) => boolean> {
    await this.ensureFacts(false);
    const index = await this.loadIndex();
    return (path) => index.isIgnored(path);
  }

  /** A Python file was created, changed or deleted (path relative to the folder). */
  fileChanged(path: string): void {
    this.pending.add(path);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), UPDATE_DEBOUNCE_MS);
  }

  /** Ignore rules or settings changed: everything is read again on next use. */
  invalidate(): void {
    this.building?.controller.abort(DROPPED);
    this.building = undefined;
    this.pending.clear();
    this.index = undefined;
    this.indexLoading = undefined;
    // Updates still queued belong to the dropped index; the next read must not wait for them.
    this.queue = Promise.resolve();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.building?.controller.abort();
    this.changed.dispose();
  }

  private loadIndex(): Promise<ProjectIndex> {
    this.indexLoading ??= this.createIndex().then((index) => (this.index = index));
    return this.indexLoading;
  }

  private async createIndex(): Promise<ProjectIndex> {
    const [{ ProjectIndex }, { FactsCache }, { bundledRipgrep, RipgrepSearch }] = await Promise.all([
      import('../../core/project/project-index'),
      import('../../core/project/index-cache'),
      import('../../core/project/text-search'),
    ]);
    const cache = this.options.factsCache;
    const root = this.folder.uri.fsPath;
    // The editor's own ripgrep prefilters a folder on this machine's disk; remote and virtual folders read every file.
    const ripgrep = this.folder.uri.scheme === 'file' ? bundledRipgrep(vscode.env.appRoot) : undefined;
    return new ProjectIndex({
      root,
      source: this.source,
      logger: this.options.logger,
      maxFileBytes: this.options.maxFileBytes(),
      ...(cache === undefined ? {} : { factsCache: new FactsCache(new StorageCacheStore(cache.storage, this.folder.uri), root, cache.release) }),
      ...(ripgrep === undefined ? {} : { textSearch: new RipgrepSearch(ripgrep) }),
    });
  }

  private startBuild(index: ProjectIndex): Build {
    const controller = new AbortController();
    const started = performance.now();
    const promise = index.build(controller.signal).then(
      (facts) => {
        if (this.building?.promise === promise) this.building = undefined;
        this.options.logger.info(
          `Read ${this.folder.name}: ${facts.models.length} models, ${facts.routes.length} routes from ${facts.pythonFileCount} Python files in ${Math.round(performance.now() - started)} ms`,
        );
        this.changed.fire(facts);
        return facts;
      },
      (error: unknown) => {
        if (this.building?.promise === promise) this.building = undefined;
        if (controller.signal.aborted) throw new vscode.CancellationError();
        throw error;
      },
    );
    this.building = { promise, controller };
    return this.building;
  }

  private async showProgressIfSlow(building: Build): Promise<void> {
    const settled = building.promise.then(
      () => true,
      () => true,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PROGRESS_DELAY_MS);
    });
    const done = await Promise.race([settled, slow]);
    clearTimeout(timer);
    if (done) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading the FastAPI project in ${this.folder.name}…`, cancellable: true },
      async (_progress, token) => {
        const subscription = token.onCancellationRequested(() => void this.cancelBuild());
        try {
          await settled;
        } finally {
          subscription.dispose();
        }
      },
    );
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const paths = [...this.pending];
    this.pending.clear();
    this.queue = this.queue.then(async () => {
      await this.building?.promise.catch(() => undefined);
      const index = this.index;
      if (index?.facts === undefined) return; // the next build reads everything anyway
      try {
        const facts = await index.update(paths);
        if (index === this.index) this.changed.fire(facts);
      } catch (error) {
        this.options.logger.warn(`Updating the index for ${paths.join(', ')} failed: ${String(error)}`);
      }
    });
  }
}
