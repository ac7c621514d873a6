/**
 * The one pass every text bound for a model goes through just before it leaves the machine: the
 * system prompt with the project context, the offline draft, earlier turns, and the request the
 * user typed. Three sources of secrets are combined:
 *
 * - known values (the API key) wherever they appear;
 * - secretlint's recommended rule set (maintained token formats of cloud, VCS, payment and AI
 *   providers, private keys, basic-auth and database connection strings);
 * - the context rules and shape table of `secret-patterns.ts`.
 *
 * Each distinct secret becomes a numbered marker (`[redacted-1]`). The table of markers stays on
 * this machine, so a model that copies a marker back into a file it rewrites can have the original
 * value put back — only into a file that already held it (see `restoreMarkers`).
 */
import { findKnownValues, findSecretRanges, replaceRanges, type SecretRange } from './secret-patterns';

/** Numbered markers, and the plain one the synchronous scrubbers and config files use. */
const MARKER = /\[redacted(?:-\d+)?\]/g;

/** Ranges secretlint reports, trimmed of the quotes and spaces some rules include. */
async function secretlintRanges(text: string): Promise<SecretRange[]> {
  // Loaded when a request is first scrubbed, so commands that send nothing do not pay for it.
  const [{ lintSource }, { creator: recommendedRules }] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
  const result = await lintSource({
    source: { filePath: 'request.txt', content: text, ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedRules }] } },
  });
  return result.messages.map((message) => {
    let [start, end] = message.range;
    while (start < end && /["'`\s]/.test(text.charAt(start))) start++;
    while (end > start && /["'`\s]/.test(text.charAt(end - 1))) end--;
    return { start, end };
  });
}

export interface RestoreResult {
  readonly text: string;
  /** Markers whose value could not be put back (the target file never held it, or unknown). */
  readonly unresolved: readonly string[];
}

export class OutboundScrubber {
  private readonly markerOf = new Map<string, string>();
  private readonly valueOf = new Map<string, string>();

  /** `known`: values never sent whatever their shape (the API key). */
  constructor(private readonly known: readonly (string | undefined)[] = []) {}

  /** How many distinct secrets have been replaced so far. */
  get count(): number {
    return this.valueOf.size;
  }

  /** The text with every secret replaced by its marker. */
  async scrub(text: string): Promise<string> {
    const ranges = [...findKnownValues(text, this.known), ...findSecretRanges(text), ...(await secretlintRanges(text))];
    return replaceRanges(text, ranges, (secret) => this.marker(secret));
  }

  /**
   * Puts original values back for markers in a proposed file, but only values that `before`
   * (the file as it is) already holds: a secret never moves into a file that did not have it.
   */
  restoreMarkers(text: string, before: string | null): RestoreResult {
    const unresolved: string[] = [];
    const restored = text.replace(MARKER, (marker) => {
      const value = this.valueOf.get(marker);
      if (value !== undefined && before?.includes(value) === true) return value;
      // A marker the file already holds (it documents redaction itself) is kept as it is.
      if (value === undefined && before?.includes(marker) === true) return marker;
      unresolved.push(marker);
      return marker;
    });
    return { text: restored, unresolved };
  }

  private marker(secret: string): string {
    const existing = this.markerOf.get(secret);
    if (existing !== undefined) return existing;
    const marker = `[redacted-${this.markerOf.size + 1}]`;
    this.markerOf.set(secret, marker);
    this.valueOf.set(marker, secret);
    return marker;
  }
}

/** True when a text holds a redaction marker. */
export function hasRedactionMarker(text: string): boolean {
  MARKER.lastIndex = 0;
  return MARKER.test(text);
}
