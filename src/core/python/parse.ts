/**
 * Python source → PythonFileFacts.
 *
 * The text is normalised before parsing: a leading byte-order mark is removed and CRLF / CR
 * line endings become LF. Every range in the facts refers to that normalised text
 * (`toOriginalIndex` maps an offset back onto the text as given).
 *
 * Never throws: syntax errors come back as diagnostics beside whatever could be read, and an
 * internal failure (the parser cannot load, an extractor trips) becomes a diagnostic too.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import type { ClientRequestFact, Diagnostic, PythonFileFacts } from './facts';
import { collectCallSites } from './call-sites';
import { clientRequestFacts } from './client-requests';
import { collectDespiteErrors } from './error-recovery';
import { includeFacts } from './module-facts';
import { emptyCollector, walkBlock } from './module-walk';
import { pythonParser } from './parser-loader';
import { rememberSource } from './syntax-nodes';
import { syntaxDiagnostics } from './syntax-diagnostics';
import { isTestPath } from './test-paths';
import { normalisePythonText } from './text-normalisation';

export { normalisePythonText, toOriginalIndex } from './text-normalisation';

/**
 * Parses already-normalised text (see normalisePythonText). The caller owns the tree and must
 * call `tree.delete()` when done with it.
 */
export async function parsePythonTree(text: string): Promise<Tree> {
  return parseWith(await pythonParser(), text);
}

function parseWith(parser: Parser, text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('The Python parser returned no tree.');
  rememberSource(tree, text);
  return tree;
}

const START_OF_FILE = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0, startIndex: 0, endIndex: 0 };

function failure(message: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return { message: `${message}: ${reason}`, range: START_OF_FILE, severity: 'error' };
}

function emptyFacts(path: string, diagnostics: Diagnostic[]): PythonFileFacts {
  return { path, ...emptyCollector(), includes: [], diagnostics, hasSyntaxErrors: false };
}

const UNREADABLE = 'The Python parser could not read this file';

export async function parsePythonFile(path: string, text: string): Promise<PythonFileFacts> {
  let parser: Parser;
  try {
    parser = await pythonParser();
  } catch (error) {
    return emptyFacts(path, [failure(UNREADABLE, error)]);
  }
  return parsePythonFileWith(parser, path, text);
}

/**
 * `parsePythonFile` with the parser in hand (`pythonParser()`): synchronous, so a caller with
 * other reads in flight can time the parse alone.
 */
export function parsePythonFileWith(parser: Parser, path: string, text: string): PythonFileFacts {
  let source: string;
  let tree: Tree;
  try {
    source = normalisePythonText(text);
    tree = parseWith(parser, source);
  } catch (error) {
    return emptyFacts(path, [failure(UNREADABLE, error)]);
  }
  const collected = emptyCollector();
  let includes: PythonFileFacts['includes'] = [];
  let syntaxErrors: Diagnostic[] = [];
  let clientRequests: ClientRequestFact[] | undefined;
  try {
    const root = tree.rootNode;
    syntaxErrors = syntaxDiagnostics(root);
    if (syntaxErrors.length > 0) includes = collectDespiteErrors(parser, root, source, collected);
    else {
      walkBlock(root, false, collected);
      includes = includeFacts(root, source, 0, source.length, collected.unresolvedRoutes);
      collectCallSites(root, source, 0, source.length, collected);
      // Other modules call `.get(` on dicts and settings: only tests talk to the app this way.
      if (isTestPath(path)) clientRequests = clientRequestFacts(root, source);
    }
  } catch (error) {
    collected.diagnostics.push(failure('Reading this file stopped early', error));
  } finally {
    tree.delete();
  }
  return {
    path,
    ...collected,
    includes,
    ...(clientRequests === undefined ? {} : { clientRequests }),
    diagnostics: [...syntaxErrors, ...collected.diagnostics],
    hasSyntaxErrors: syntaxErrors.length > 0,
  };
}
