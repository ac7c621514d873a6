/**
 * What never leaves the machine in a request to a model: environment files, keys and
 * credentials, git-ignored files, and the API key itself wherever it appears in text.
 */
import { findKnownValues, findSecretRanges, findSecretShapes, replaceRanges } from './secret-patterns';

const SECRET_FILE_PATTERNS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /^\.env(\..*)?$/i, reason: 'environment file' },
  { pattern: /\.env$/i, reason: 'environment file' },
  { pattern: /^\.?envrc$/i, reason: 'environment file' },
  { pattern: /\.(pem|key|p12|pfx|jks|keystore|crt|cer|der|p8|asc|gpg|kdbx|ppk)$/i, reason: 'key or certificate file' },
  { pattern: /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i, reason: 'SSH key' },
  { pattern: /^(credentials?|secrets?)([._-].*)?$/i, reason: 'credentials file' },
  { pattern: /^\.?(netrc|pgpass|npmrc|pypirc|htpasswd)$/i, reason: 'credentials file' },
  { pattern: /^(service[-_]?account|client[-_]secret).*\.json$/i, reason: 'credentials file' },
  { pattern: /\.(sqlite3?|db)$/i, reason: 'database file' },
];

const SECRET_DIRECTORIES: ReadonlySet<string> = new Set(['.ssh', '.aws', '.gnupg', '.git', '.docker', '.kube']);

/** The reason a workspace-relative path must never be sent, or undefined when it may be. */
export function secretPathReason(path: string): string | undefined {
  const segments = path.replace(/\\/g, '/').split('/').filter((segment) => segment !== '');
  const name = segments.at(-1) ?? '';
  if (/^\.env\.(example|sample|template|dist)$/i.test(name)) {
    // Templates exist to be shared; they document names, not values.
    return undefined;
  }
  for (const directory of segments.slice(0, -1)) {
    if (SECRET_DIRECTORIES.has(directory.toLowerCase())) {
      return `inside ${directory}/`;
    }
  }
  return SECRET_FILE_PATTERNS.find(({ pattern }) => pattern.test(name))?.reason;
}

export interface SendFilterOptions {
  /** True for paths ignored by git (`loadIgnoreRules`). */
  readonly isIgnored?: (path: string) => boolean;
  /** Why a path must not be sent because of where it really is (a symlink leaving the workspace). */
  readonly locationReason?: (path: string) => string | undefined;
}

export type SendDecision = { readonly send: true } | { readonly send: false; readonly reason: string };

/** Decides per file whether it may be part of a request to a model. */
export function createSendFilter(options: SendFilterOptions = {}): (path: string) => SendDecision {
  return (path) => {
    const secret = secretPathReason(path);
    if (secret !== undefined) {
      return { send: false, reason: secret };
    }
    if (options.isIgnored?.(path) === true) {
      return { send: false, reason: 'ignored by git' };
    }
    const location = options.locationReason?.(path);
    if (location !== undefined) {
      return { send: false, reason: location };
    }
    return { send: true };
  };
}

export const REDACTED = '[redacted]';

/**
 * Removes secrets from text synchronously (error messages, logs, anything shown or kept): every
 * occurrence of the given secret values (the API key), literal values given to secret-named
 * variables, keys and parameters, URL passwords, and well-known key shapes. Text bound for a model
 * goes through `OutboundScrubber` instead, which adds the maintained secretlint rules.
 */
export function scrubSecrets(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  options: { readonly assignments?: boolean } = {},
): string {
  const known = findKnownValues(text, secrets);
  const found = options.assignments === false ? findSecretShapes(text) : findSecretRanges(text);
  return replaceRanges(text, [...known, ...found], () => REDACTED);
}

/** Unquoted secret values of config files (`password: hunter2`, `API_TOKEN=abc`) and everything `scrubSecrets` finds. */
export function scrubConfigValues(text: string): string {
  return replaceRanges(text, findSecretRanges(text, { config: true }), () => REDACTED);
}
