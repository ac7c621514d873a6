/**
 * What the review and the chat say about a proposal from a spec besides its diffs: the summary,
 * the handlers left to implement, operations gone from the spec, operations skipped, the other
 * warnings, and whether the generated app conforms to the spec. Markdown, one text for both.
 */
import type { ConformanceResult } from '../../verify/spec-conformance';
import type { SpecChangeSet } from './index';

/** `python`: the interpreter once found; undefined while it is being looked for. */
export type ConformanceState = ConformanceResult | { readonly kind: 'running'; readonly python?: string };

function list(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', `## ${title}`, '', ...lines.map((line) => `- ${line}`)];
}

/** The conformance section alone (the chat writes it when the check ends). */
export function conformanceNotes(state: ConformanceState, specFile: string): string[] {
  if (state.kind === 'running') {
    return [state.python === undefined ? 'Finding the Python interpreter to check with…' : `Checking the generated app against ${specFile} with ${state.python}…`];
  }
  if (state.kind === 'not-checked') return [`Not checked: ${state.reason}`];
  const { differences, app, operations } = state;
  if (differences.length === 0) return [`${app} conforms to ${specFile}: no differences in ${operations} operations (paths, parameters, bodies, success responses, security).`];
  return [
    `${differences.length} difference${differences.length === 1 ? '' : 's'} between ${app} and ${specFile} (${operations} operations compared):`,
    '',
    ...differences.map((difference) => `- ${difference.operation}: ${difference.message}`),
  ];
}

export function specReviewNotes(changeSet: SpecChangeSet, specFile: string, conformance: ConformanceState | undefined): string {
  const { report } = changeSet;
  const summary = changeSet.summary.split('\n\n')[0] ?? changeSet.summary;
  const listed = new Set(changeSet.warnings.filter((warning) => /^(Skipped|Removed from the spec): /.test(warning)));
  return [
    `# ${changeSet.title}`,
    '',
    summary,
    '',
    '## Conformance',
    '',
    ...(conformance === undefined ? ['Not checked yet.'] : conformanceNotes(conformance, specFile)),
    ...list('To implement (they answer 501 until written)', report.toImplement),
    ...list('No longer in the spec (kept, not deleted)', report.removed),
    ...list('Skipped (the project already serves them)', report.skipped),
    ...list('Updated in place (their bodies kept)', report.updated),
    ...list('Notes', changeSet.warnings.filter((warning) => !listed.has(warning))),
    '',
  ].join('\n');
}
