/**
 * Helpers for the project-index specs: index a fixture project or a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { FileSource } from '../../../src/core/ports';
import type { ModelFact, Observed, ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import type { ByteFileSource } from '../../../src/core/project/read-python';
import { WORDLESS_ROUTES_MODULE } from '../../../scripts/bench/index-workspace';

export function fixtureRoot(name: string): string {
  return resolve(__dirname, '../../fixtures', name);
}

export async function indexFixture(name: string): Promise<ProjectFacts> {
  const root = fixtureRoot(name);
  return new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
}

/** The facts of a temporary project holding the given files; the folder is removed afterwards. */
export async function indexTemporaryProject(files: Readonly<Record<string, string>>): Promise<ProjectFacts> {
  const root = temporaryProject(files);
  try {
    return await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A fresh temporary folder holding the given files. */
export function temporaryProject(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'project-index-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/**
 * A package whose routes module names no prefilter word: `app/api/routes/status.py` is served
 * (`GET /status/live`, `GET /status/ready`) only because `app/main.py` imports it.
 */
export const WORDLESS_ROUTES_PROJECT: Readonly<Record<string, string>> = {
  'app/__init__.py': '',
  'app/api/__init__.py': '',
  'app/api/routes/__init__.py': '',
  'app/api/routing.py': 'from fastapi import APIRouter\n\nprobes = APIRouter(prefix="/status")\n',
  'app/api/routes/status.py': WORDLESS_ROUTES_MODULE,
  'app/main.py':
    'from fastapi import FastAPI\n\nfrom app.api import routing\nfrom app.api.routes import status  # noqa: F401\n\napp = FastAPI()\napp.include_router(routing.probes)\n',
};

/** Only the FileSource port (no byte reads, as a host other than Node may be), counting what it serves. */
export class TextOnlyFileSource implements FileSource {
  readonly reads: string[] = [];
  listings = 0;

  constructor(private readonly inner: FileSource) {}

  listFiles(...args: Parameters<FileSource['listFiles']>): ReturnType<FileSource['listFiles']> {
    this.listings++;
    return this.inner.listFiles(...args);
  }

  readText(path: string): Promise<string> {
    this.reads.push(path);
    return this.inner.readText(path);
  }

  stat(path: string): ReturnType<FileSource['stat']> {
    return this.inner.stat(path);
  }
}

/** A FileSource that counts what is read (text or bytes), to prove what an update touches. */
export class CountingFileSource extends TextOnlyFileSource implements ByteFileSource {
  constructor(private readonly byteSource: NodeFileSource) {
    super(byteSource);
  }

  readBytesUpTo(path: string, maxBytes: number): Uint8Array | { readonly tooLarge: number } {
    const bytes = this.byteSource.readBytesUpTo(path, maxBytes);
    if (bytes instanceof Uint8Array) this.reads.push(path);
    return bytes;
  }
}

export function model(facts: ProjectFacts, name: string): ModelFact {
  const found = facts.models.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No model ${name}; models: ${facts.models.map((m) => m.name).join(', ')}`);
  return found;
}

/** `[value, source, evidence]` of a convention, for compact assertions. */
export function convention<T>(observed: Observed<T>): [T, 'observed' | 'default', string | undefined] {
  return [observed.value, observed.source, observed.evidence];
}

/** `METHOD path → function` of every route, in index order. */
export function routeLines(facts: ProjectFacts): string[] {
  return facts.routes.map((route) => `${route.method.toUpperCase()} ${route.path} → ${route.functionName}`);
}

/** `METHOD path → handler file:line` of every route in index order; `(mounted at P)` for sub-application routes. */
export function routeTable(facts: ProjectFacts): string[] {
  return facts.routes.map((route) => {
    const mounted = route.mount === undefined ? '' : ` (mounted at ${route.mount.path})`;
    return `${route.method.toUpperCase()} ${route.path} → ${route.functionName} ${route.file}:${route.range.startLine + 1}${mounted}`;
  });
}

/** `file:line kind: reason` of every unresolved route registration. */
export function unresolvedTable(facts: ProjectFacts): string[] {
  return (facts.unresolvedRoutes ?? []).map((entry) => `${entry.file}:${entry.line} ${entry.kind}: ${entry.reason}`);
}
