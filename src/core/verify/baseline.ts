/**
 * Telling old failures from new ones: the failed checks run again on an untouched copy, and a
 * finding that shows up there too is marked "failing before the change too".
 */
import type { CheckResult, Finding } from './verify-types';

/** What makes two findings the same across the two copies; lines may move, so they are left out where edits shift them. */
function keyOf(check: CheckResult['check'], finding: Finding): string {
  switch (check) {
    case 'pytest':
    case 'import':
      return `${finding.code ?? ''}\u0000${finding.message}`;
    case 'format':
      return finding.path;
    default:
      return `${finding.path}\u0000${finding.code ?? ''}\u0000${finding.message}`;
  }
}

/** `proposal` with every finding also in `baseline` marked; a check left with only such findings is `preexisting`. */
export function markPreexisting(proposal: CheckResult, baseline: CheckResult | undefined): CheckResult {
  if (proposal.status !== 'failed' || baseline === undefined || baseline.status !== 'failed') return proposal;
  if (proposal.timedOut === true) return proposal;
  const before = new Map<string, number>();
  for (const finding of baseline.findings) {
    const key = keyOf(proposal.check, finding);
    before.set(key, (before.get(key) ?? 0) + 1);
  }
  const findings = proposal.findings.map((finding) => {
    const key = keyOf(proposal.check, finding);
    const left = before.get(key) ?? 0;
    if (left === 0) return finding;
    before.set(key, left - 1);
    return { ...finding, preexisting: true };
  });
  const errors = findings.filter((finding) => finding.severity === 'error');
  // A tool that failed on both copies without naming anything (a crash, a bad configuration) failed before too.
  const allOld = errors.length === 0 ? baseline.findings.length === 0 : errors.every((finding) => finding.preexisting === true);
  return { ...proposal, findings, status: allOld ? 'preexisting' : 'failed', detail: allOld ? `${proposal.detail} (failing before the change too)` : proposal.detail };
}
