/**
 * The OpenAPI documents of the open folders, for the palette's picker: every `.yaml` / `.yml` /
 * `.json` file outside dependency and build folders whose top level names an OpenAPI (or
 * Swagger) version.
 */
import * as vscode from 'vscode';
import { specKindOf, type SpecKind } from '../../core/spec/sniff';

export interface SpecDocumentEntry {
  readonly uri: vscode.Uri;
  /** As the workspace shows it: `specs/pets.yaml` (with the folder name in a multi-root workspace). */
  readonly label: string;
  readonly kind: SpecKind;
}

const EXCLUDED = '{**/node_modules/**,**/.venv/**,**/venv/**,**/.git/**,**/dist/**,**/build/**,**/.mypy_cache/**,**/.ruff_cache/**,**/.pytest_cache/**,**/.vscode/**,**/__pycache__/**}';
/** A workspace can hold thousands of JSON files (fixtures, lock files); the picker looks at this many. */
const MAX_CANDIDATES = 2_000;
/** Larger files are data, not API descriptions anyone generates from. */
const MAX_BYTES = 8 * 1024 * 1024;

/** The document's kind from its text, or undefined when it is not OpenAPI or Swagger (or unreadable). */
export async function specKindOfFile(uri: vscode.Uri): Promise<SpecKind | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BYTES) return undefined;
    return specKindOf(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return undefined;
  }
}

export async function findSpecDocuments(token?: vscode.CancellationToken): Promise<SpecDocumentEntry[]> {
  const uris = await vscode.workspace.findFiles('**/*.{yaml,yml,json,YAML,YML,JSON}', EXCLUDED, MAX_CANDIDATES, token);
  const kinds = await Promise.all(uris.map((uri) => specKindOfFile(uri)));
  const entries: SpecDocumentEntry[] = [];
  uris.forEach((uri, index) => {
    const kind = kinds[index];
    if (kind !== undefined) entries.push({ uri, label: vscode.workspace.asRelativePath(uri, true), kind });
  });
  // Documents the engine reads come first; Swagger 2.0 ones are listed to say they need converting.
  return entries.sort((a, b) => (a.kind === b.kind ? a.label.localeCompare(b.label) : a.kind === 'openapi' ? -1 : 1));
}
