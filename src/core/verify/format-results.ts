/**
 * Verification results as text: the CLI's report, the chat's summary, and the failing output a
 * repair round sends back to the model.
 */
import { CHECK_LABELS, type CheckResult, type Finding, type VerificationResult } from './verify-types';

const MARKS: Readonly<Record<CheckResult['status'], string>> = { passed: '✓', failed: '✗', preexisting: '!', skipped: '–' };

export function findingLocation(finding: Finding): string {
  return `${finding.path}${finding.line === undefined ? '' : `:${finding.line}`}${finding.column === undefined ? '' : `:${finding.column}`}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function verdictOf(result: VerificationResult): string {
  if (result.cancelled) return 'cancelled';
  const failed = result.checks.filter((check) => check.status === 'failed').map((check) => CHECK_LABELS[check.check]);
  if (failed.length > 0) return `failed: ${failed.join(', ')}`;
  return result.checks.some((check) => check.status === 'preexisting') ? 'passed (some failures were there before the change too)' : 'passed';
}

function findingLine(finding: Finding): string {
  const code = finding.code !== undefined && !finding.message.includes(finding.code) ? ` [${finding.code}]` : '';
  const old = finding.preexisting === true ? ' (failing before the change too)' : '';
  return `${findingLocation(finding)}: ${finding.message}${code}${old}`;
}

/** Plain text for a terminal: one line per check, its findings indented below. */
export function formatVerificationText(result: VerificationResult, maxFindings = 20): string {
  const lines = [`Verification (Python ${result.interpreter.version}, ${result.interpreter.source}: ${result.interpreter.path}): ${verdictOf(result)}`];
  for (const check of result.checks) {
    const time = check.status === 'skipped' ? '' : ` (${seconds(check.durationMs)})`;
    lines.push(`  ${MARKS[check.status]} ${CHECK_LABELS[check.check]}: ${check.status === 'skipped' ? `skipped, ${check.detail}` : check.detail}${time}`);
    for (const finding of check.findings.slice(0, maxFindings)) lines.push(`      ${findingLine(finding)}`);
    if (check.findings.length > maxFindings) lines.push(`      … and ${check.findings.length - maxFindings} more`);
    if (check.status === 'failed' && check.findings.length === 0 && check.output !== '') {
      lines.push(...check.output.split('\n').slice(-8).map((line) => `      ${line}`));
    }
  }
  lines.push(`  scratch copy ${seconds(result.timings.scratchCopyMs)} (${result.timings.copiedFiles} files, ${result.timings.linkedFiles} hard links), total ${seconds(result.timings.totalMs)}`);
  return `${lines.join('\n')}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Markdown for the chat: a verdict line and a short list per check. */
export function formatVerificationMarkdown(result: VerificationResult, maxFindings = 8): string {
  const lines = [`**Verification: ${verdictOf(result)}** — Python ${escapeMarkdown(result.interpreter.version)} from ${escapeMarkdown(result.interpreter.source)}`, ''];
  for (const check of result.checks) {
    const text = check.status === 'skipped' ? `skipped (${check.detail})` : `${check.detail}, ${seconds(check.durationMs)}`;
    lines.push(`- ${MARKS[check.status]} **${CHECK_LABELS[check.check]}**: ${escapeMarkdown(text)}`);
    for (const finding of check.findings.slice(0, maxFindings)) lines.push(`  - \`${findingLocation(finding)}\` ${escapeMarkdown(findingLine(finding).slice(findingLocation(finding).length + 2))}`);
    if (check.findings.length > maxFindings) lines.push(`  - … and ${check.findings.length - maxFindings} more`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What failed, for the model: each failed check's findings and the end of its output, within
 * `maxChars` (the repair round's share of the context budget).
 */
export function failureReport(result: VerificationResult, maxChars: number): string {
  const parts: string[] = [];
  for (const check of result.checks.filter((candidate) => candidate.status === 'failed')) {
    const findings = check.findings.filter((finding) => finding.preexisting !== true).map(findingLine);
    parts.push([`## ${CHECK_LABELS[check.check]} failed: ${check.detail}`, ...findings, '', '```text', check.output.slice(-4000), '```'].join('\n'));
  }
  const text = parts.join('\n\n');
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n… (cut to stay within the context budget)` : text;
}
