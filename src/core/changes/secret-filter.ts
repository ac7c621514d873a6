/**
 * What never leaves the machine in a request to a model: environment files, keys and
 * credentials, git-ignored files, and the API key itself wherever it appears in text.
 */

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
    return { send: true };
  };
}

export const REDACTED = '[redacted]';

// Assignments whose name ends in a word that means a secret: `SECRET_KEY = "..."`,
// `db_password: str = '...'`; `secret_name = "..."` is left alone.
const SECRET_ASSIGNMENT =
  /^(\s*[A-Za-z0-9_]*(?:SECRET|SECRET_KEY|PASSWORD|PASSWD|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIALS?)\s*(?::[^=\n]+)?=\s*)(["'])([^"'\n]{4,})\2/gim;
// Well-known key shapes that must not travel even when a file holds them under an innocent name.
const KEY_SHAPES: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /AKIA[0-9A-Z]{16}/g,
];

/**
 * Removes secrets from text bound for a model: every occurrence of the given secret values
 * (the API key), literal values assigned to secret-named variables, and well-known key shapes.
 */
export function scrubSecrets(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  options: { readonly assignments?: boolean } = {},
): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 8) {
      result = result.split(secret).join(REDACTED);
    }
  }
  if (options.assignments !== false) {
    result = result.replace(SECRET_ASSIGNMENT, (_match, head: string, quote: string) => `${head}${quote}${REDACTED}${quote}`);
  }
  for (const shape of KEY_SHAPES) {
    result = result.replace(shape, REDACTED);
  }
  return result;
}
