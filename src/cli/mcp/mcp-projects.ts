/**
 * The projects an MCP server answers about: every `root` argument resolved inside the server's
 * root (never outside it, never through a symlink that leaves it), one ProjectIndex per project,
 * kept current between calls. Other tools (the calling assistant itself) edit files while the
 * server runs, so each call first compares the modification times of the Python files and the
 * files that shape the index, and re-reads only those that changed.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ProjectFacts } from '../../core/project/facts';
import { DEFAULT_EXCLUDED_DIRS } from '../../core/project/ignore-rules';
import { ProjectIndex } from '../../core/project/project-index';
import { installedRipgrep } from '../../core/project/text-search';
import { NodeFileSource } from '../../core/project/node-file-source';
import { usesReaderThreads, WorkerPythonReader } from '../worker-python-reader';

/** A `root` argument that names no usable folder inside the server's root. */
export class ProjectRootError extends Error {
  override readonly name = 'ProjectRootError';
}

const WATCHED = /(?:\.py|(?:^|\/)(?:\.gitignore|pyproject\.toml|setup\.py|setup\.cfg))$/;

class WatchedProject {
  private readonly source: NodeFileSource;
  private readonly index: ProjectIndex;
  private stamps = new Map<string, string>();
  private built: Promise<void> | undefined;

  constructor(readonly root: string, workerScript: string | undefined) {
    this.source = new NodeFileSource(root);
    const bulkReader = workerScript !== undefined && usesReaderThreads() ? new WorkerPythonReader(root, workerScript) : undefined;
    const textSearch = installedRipgrep();
    this.index = new ProjectIndex({
      root,
      source: this.source,
      ...(bulkReader === undefined ? {} : { bulkReader }),
      ...(textSearch === undefined ? {} : { textSearch }),
    });
  }

  /** Facts reflecting the files as they are now. */
  async facts(): Promise<ProjectFacts> {
    if (this.built === undefined) {
      this.built = (async () => {
        this.stamps = await this.sweep();
        await this.index.build();
      })();
      this.built.catch(() => (this.built = undefined));
    }
    await this.built;
    const now = await this.sweep();
    const changed = [...now.keys(), ...this.stamps.keys()].filter((path) => now.get(path) !== this.stamps.get(path));
    this.stamps = now;
    const unique = [...new Set(changed)];
    if (unique.length > 0) return this.index.update(unique);
    const facts = this.index.facts;
    return facts ?? this.index.build();
  }

  private async sweep(): Promise<Map<string, string>> {
    const stamps = new Map<string, string>();
    for (const entry of await this.source.listFiles(DEFAULT_EXCLUDED_DIRS)) {
      if (!WATCHED.test(entry.path)) continue;
      const info = statSync(join(this.root, entry.path), { throwIfNoEntry: false });
      if (info !== undefined) stamps.set(entry.path, `${info.mtimeMs}:${info.size}`);
    }
    return stamps;
  }
}

export class McpProjects {
  private readonly projects = new Map<string, WatchedProject>();
  private readonly serverRootReal: string;

  /** `serverRoot` must exist (the command checks it before serving). */
  constructor(private readonly serverRoot: string, private readonly workerScript: string | undefined) {
    this.serverRootReal = realpathSync(serverRoot);
  }

  /** The absolute folder a `root` argument names; throws ProjectRootError with the reason. */
  resolveRoot(root: string | undefined): string {
    if (root === undefined || root === '.' || root === '') return this.serverRootReal;
    const absolute = resolve(this.serverRootReal, root);
    if (!isInside(this.serverRootReal, absolute)) {
      throw new ProjectRootError(`The root "${root}" is outside the server's folder ${this.serverRoot}; give a path inside it (relative paths are resolved against it).`);
    }
    const info = statSync(absolute, { throwIfNoEntry: false });
    if (info === undefined) throw new ProjectRootError(`The root "${root}" does not exist in ${this.serverRoot}.`);
    if (!info.isDirectory()) throw new ProjectRootError(`The root "${root}" is a file, not a folder.`);
    const real = realpathSync(absolute);
    if (!isInside(this.serverRootReal, real)) {
      throw new ProjectRootError(`The root "${root}" leads outside the server's folder ${this.serverRoot} through a symbolic link.`);
    }
    return real;
  }

  async facts(root: string | undefined): Promise<ProjectFacts> {
    const absolute = this.resolveRoot(root);
    let project = this.projects.get(absolute);
    if (project === undefined) {
      project = new WatchedProject(absolute, this.workerScript);
      this.projects.set(absolute, project);
    }
    return project.facts();
  }
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}
