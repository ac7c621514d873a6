/**
 * Where secrets sit in source text, as character ranges to redact. Two kinds of rule:
 *
 * - Values by their context in Python and config files: a string literal (any quoting: '…', "…",
 *   triple-quoted, with r/b/u prefixes) assigned to, passed as, keyed by or used as the default of
 *   a name that means a secret (`SECRET_KEY = …`, `password=…`, `{"api_key": …}`,
 *   `os.getenv("DB_PASSWORD", …)`, `secret: str = Field(default=…)`), and the password of a URL
 *   (`postgresql://user:password@host`).
 * - Values by their shape: token formats the issuers document (AWS access key ids, GitHub,
 *   Stripe, Slack, Anthropic, OpenAI and Google API keys, JSON Web Tokens, PEM private keys).
 *   The maintained secretlint rule set covers these too (see `outbound-scrubber.ts`); this table
 *   keeps the synchronous paths (error messages, logs) safe and catches shorter variants.
 */

export interface SecretRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Words whose presence at the end of a name means the value is a secret. `key` alone is too
 * common (`primary_key`, `foreign_key`) and only counts after a qualifier.
 */
const SECRET_LAST_WORDS = new Set(['secret', 'secrets', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'token', 'apikey', 'credential', 'credentials', 'salt', 'dsn', 'pat']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'encrypt', 'auth', 'master', 'client', 'app', 'license', 'webhook', 'session', 'jwt', 'hmac', 'crypto', 'fernet', 'aes']);

/** True for `SECRET_KEY`, `db_password`, `apiKey`, `aws_secret_access_key`, `GITHUB_TOKEN`. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const last = words.at(-1);
  if (last === undefined) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  return last === 'key' && KEY_QUALIFIERS.has(words.at(-2) ?? '');
}

/** A Python string literal; group `body` is the value. Triple quotes first, so `"""` is not read as `""`. */
const LITERAL = String.raw`(?<prefix>[rRbBuU]{0,2})(?:"""(?<b1>[\s\S]*?)"""|'''(?<b2>[\s\S]*?)'''|"(?<b3>(?:[^"\\\n]|\\.)*)"|'(?<b4>(?:[^'\\\n]|\\.)*)')`;

/**
 * `NAME = lit`, `NAME: type = lit`, `NAME=lit` (keyword argument), `NAME = Field(default=lit)`,
 * `NAME = SecretStr(lit)`. Other calls' first argument is left alone: in `os.getenv("SECRET_KEY", …)`
 * it is the variable's name, and the default is found by ENV_DEFAULT.
 */
const ASSIGNED = new RegExp(String.raw`(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=\n]{1,80})?(?<![=!<>])=(?!=)\s*(?:(?:Field|SecretStr|SecretBytes|str|bytes)\(\s*(?:default\s*=\s*)?|[A-Za-z_][\w.]*\(\s*default\s*=\s*)?${LITERAL}`, 'g');
/** `"NAME": lit` in a dict or JSON. */
const KEYED = new RegExp(String.raw`(?<q>["'])(?<name>[A-Za-z_][\w.-]*)\k<q>\s*:\s*${LITERAL}`, 'g');
/** `getenv("NAME", lit)`, `environ.get("NAME", lit)`, `config("NAME", default=lit)`. */
const ENV_DEFAULT = new RegExp(String.raw`\b(?:getenv|get|setdefault|config|env)\(\s*(?<q>["'])(?<name>[^"'\n]+)\k<q>\s*,\s*(?:default\s*=\s*)?${LITERAL}`, 'g');
/** `scheme://user:password@host`: the password, unless it is a template placeholder. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*:(?<password>[^\s@/'"`]+)@/gi;
/** An unquoted `NAME: value` or `NAME = value` line in YAML, INI, TOML-like or dotenv text. */
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+)?(?<name>[A-Za-z_][\w.-]*)[ \t]*[:=][ \t]*(?<value>[^\s"'#][^\n#]*?)[ \t]*$/gm;

const SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----/g,
  /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g,
  /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bhf_[A-Za-z0-9]{30,}/g,
  /\bnpm_[A-Za-z0-9]{30,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** Values that are plainly not secrets: empty, a placeholder, an obvious template. */
function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length < 4 || /^(\{.*\}|\$\{?\w+\}?|<[^>]+>|\*+|x+|\.\.\.|none|null|changeme)$/i.test(trimmed) || /^\{[^}]*\}$/.test(trimmed);
}

function literalRange(match: RegExpExecArray): SecretRange | undefined {
  const groups = match.groups ?? {};
  const body = groups['b1'] ?? groups['b2'] ?? groups['b3'] ?? groups['b4'];
  if (body === undefined || isPlaceholder(body)) return undefined;
  // The body ends right before the closing quote(s), which end the match.
  const closing = groups['b1'] !== undefined || groups['b2'] !== undefined ? 3 : 1;
  const end = match.index + match[0].length - closing;
  return { start: end - body.length, end };
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    yield match;
    if (match[0] === '') pattern.lastIndex++;
  }
}

/** Ranges of secret values in `text`; `config` adds the unquoted `NAME: value` rule for config files. */
export function findSecretRanges(text: string, options: { readonly config?: boolean } = {}): SecretRange[] {
  const ranges: SecretRange[] = [];
  for (const pattern of [ASSIGNED, KEYED, ENV_DEFAULT]) {
    for (const match of matches(pattern, text)) {
      if (!isSecretName(match.groups?.['name'] ?? '')) continue;
      const range = literalRange(match);
      if (range !== undefined) ranges.push(range);
    }
  }
  for (const match of matches(URL_PASSWORD, text)) {
    const password = match.groups?.['password'] ?? '';
    if (isPlaceholder(password) || /^[{$%]/.test(password)) continue;
    const end = match.index + match[0].length - 1;
    ranges.push({ start: end - password.length, end });
  }
  if (options.config === true) {
    for (const match of matches(CONFIG_LINE, text)) {
      const value = match.groups?.['value'] ?? '';
      if (!isSecretName(match.groups?.['name'] ?? '') || isPlaceholder(value)) continue;
      const end = match.index + match[0].trimEnd().length;
      ranges.push({ start: end - value.length, end });
    }
  }
  return mergeRanges([...ranges, ...findSecretShapes(text)]);
}

/** Only the shape table: for text whose assignments are known not to hold secrets. */
export function findSecretShapes(text: string): SecretRange[] {
  const ranges: SecretRange[] = [];
  for (const shape of SHAPES) {
    for (const match of matches(shape, text)) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return mergeRanges(ranges);
}

/** Sorted, with overlapping and touching ranges joined. */
export function mergeRanges(ranges: readonly SecretRange[]): SecretRange[] {
  const sorted = [...ranges].filter((range) => range.end > range.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    else merged.push(range);
  }
  return merged;
}

/** Occurrences of known secret values (the API key), at least 8 characters long. */
export function findKnownValues(text: string, values: readonly (string | undefined)[]): SecretRange[] {
  const ranges: SecretRange[] = [];
  for (const value of values) {
    if (value === undefined || value.length < 8) continue;
    for (let index = text.indexOf(value); index >= 0; index = text.indexOf(value, index + value.length)) {
      ranges.push({ start: index, end: index + value.length });
    }
  }
  return ranges;
}

/** Replaces each range with what `replacement` returns for its text. */
export function replaceRanges(text: string, ranges: readonly SecretRange[], replacement: (secret: string) => string): string {
  let result = '';
  let position = 0;
  for (const range of mergeRanges(ranges)) {
    result += text.slice(position, range.start) + replacement(text.slice(range.start, range.end));
    position = range.end;
  }
  return result + text.slice(position);
}
