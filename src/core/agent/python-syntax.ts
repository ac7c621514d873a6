/**
 * Syntax problems of a proposed Python file, from the same tree-sitter parser the index uses.
 * Shown as warnings in the review: the user decides, but knows before applying.
 */
import { parsePythonFile } from '../python/parse';

export async function pythonSyntaxProblems(path: string, text: string): Promise<readonly string[]> {
  const facts = await parsePythonFile(path, text);
  if (!facts.hasSyntaxErrors) {
    return [];
  }
  return facts.diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .slice(0, 3)
    .map((diagnostic) => `syntax error at line ${diagnostic.range.startLine + 1}: ${diagnostic.message}`);
}
