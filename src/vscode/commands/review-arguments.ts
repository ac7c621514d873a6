/**
 * Arguments of the review commands: `{ reviewId?, paths?, path? }` from code and chat buttons, or
 * the Uri VS Code passes from an editor-title button (a proposed document names its review).
 */
import * as vscode from 'vscode';
import { parseProposedUri } from '../review/proposed-uri';
import { objectArgument, stringField } from './register-command';

export interface ReviewArgument {
  readonly reviewId?: string;
  readonly paths?: readonly string[];
  readonly path?: string;
}

export function reviewArgument(value: unknown): ReviewArgument {
  if (value instanceof vscode.Uri) {
    const location = parseProposedUri(value);
    return location === undefined ? {} : { reviewId: location.reviewId, path: location.path };
  }
  const options = objectArgument(value);
  const paths = Array.isArray(options['paths']) ? options['paths'].filter((path): path is string => typeof path === 'string') : undefined;
  return { reviewId: stringField(options, 'reviewId'), paths, path: stringField(options, 'path') };
}
