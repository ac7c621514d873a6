/**
 * URIs of proposed contents: `fastapi-engineer-proposed:/app/api/routes/heroes.py?review=3&side=after`.
 * The review id in every URI keeps tabs of an earlier proposal from showing a later one's text.
 */
import * as vscode from 'vscode';

export const PROPOSED_SCHEME = 'fastapi-engineer-proposed';

export type ProposedSide = 'before' | 'after';

export interface ProposedLocation {
  readonly reviewId: string;
  readonly path: string;
  readonly side: ProposedSide;
}

export function proposedUri(location: ProposedLocation): vscode.Uri {
  const query = new URLSearchParams({ review: location.reviewId, side: location.side }).toString();
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${location.path}`, query });
}

export function parseProposedUri(uri: vscode.Uri): ProposedLocation | undefined {
  if (uri.scheme !== PROPOSED_SCHEME) return undefined;
  const query = new URLSearchParams(uri.query);
  const reviewId = query.get('review');
  const side = query.get('side');
  if (reviewId === null || (side !== 'before' && side !== 'after')) return undefined;
  return { reviewId, path: uri.path.replace(/^\//, ''), side };
}
