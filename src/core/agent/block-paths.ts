/**
 * Where a code block's file path is written. Models are asked for `python path=app/x.py`, but
 * they also write the path as `title="..."`, after a colon, as a comment on the first line, or
 * as a bold, heading or backticked line just before the fence; all of those are accepted.
 */

export type PathSource = 'info' | 'first-line comment' | 'line before the block';

export interface InfoString {
  readonly language: string;
  readonly path?: string;
}

const PATH_KEYS = new Set(['path', 'file', 'filename', 'filepath', 'title', 'name']);

/** Languages of blocks that illustrate (commands, output) and are never files. */
const ILLUSTRATIVE = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'powershell', 'ps1', 'cmd', 'bat', 'http', 'output', 'log', 'text', 'txt', 'plaintext', 'mermaid']);

export function isIllustrative(language: string): boolean {
  return ILLUSTRATIVE.has(language.toLowerCase());
}

/** A bare token that looks like a file path: has a folder separator or a file extension. */
function looksLikePath(token: string): boolean {
  return /^[^\s`*'"<>|]+$/.test(token) && (/[/\\]/.test(token) || /\.[A-Za-z0-9]{1,10}$/.test(token)) && !/^\.{1,2}$/.test(token) && !/^\d+(\.\d+)+$/.test(token);
}

function tokenize(info: string): string[] {
  return Array.from(info.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g), (match) => match[0]);
}

function unquote(value: string): string {
  return value.replace(/^(["'])([\s\S]*)\1$/, '$2');
}

export function parseInfoString(info: string): InfoString {
  const tokens = tokenize(info.trim());
  let language = '';
  let path: string | undefined;
  tokens.forEach((token, index) => {
    const keyValue = /^([A-Za-z_-]+)=([\s\S]*)$/.exec(token);
    if (keyValue !== null) {
      if (PATH_KEYS.has((keyValue[1] ?? '').toLowerCase()) && path === undefined) {
        path = unquote(keyValue[2] ?? '');
      }
      return;
    }
    if (index === 0) {
      const colon = /^([A-Za-z0-9_+-]+):(.+)$/.exec(token);
      if (colon !== null) {
        language = colon[1] ?? '';
        path = colon[2];
      } else if (looksLikePath(token) && !/^[A-Za-z0-9_+-]+$/.test(token)) {
        path = token;
      } else {
        language = token;
      }
      return;
    }
    const bare = unquote(token);
    if (path === undefined && (looksLikePath(bare) || bare.startsWith('/') || bare.includes('..'))) {
      path = bare;
    }
  });
  return path === undefined ? { language } : { language, path };
}

/** `# app/x.py`, `# file: app/x.py`, `// path: src/x.ts` on a block's first line. */
export function pathFromFirstLine(line: string): string | undefined {
  if (/^#!/.test(line)) {
    return undefined;
  }
  const match = /^\s*(?:#|\/\/|--|<!--)\s*(?:(?:file|filename|path|filepath)\s*:\s*)?(\S+?)\s*(?:-->)?\s*$/i.exec(line);
  const candidate = match?.[1]?.replace(/^`|`$/g, '');
  if (candidate === undefined) {
    return undefined;
  }
  const hasFolder = /[/\\]/.test(candidate);
  const isFileName = /^[\w.-]+\.(py|toml|cfg|ini|ya?ml|json|md|txt)$/i.test(candidate);
  return hasFolder || isFileName ? candidate : undefined;
}

/** A heading, bold, or backticked path on the prose line just before a fence. */
export function pathFromLineBefore(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.length > 160) {
    return undefined;
  }
  const decorated = /^(#{1,6}\s|\*\*|__|[-*]\s|\d+\.\s)/.test(trimmed) || trimmed.endsWith(':') || /^`[^`]+`:?$/.test(trimmed);
  if (!decorated) {
    return undefined;
  }
  const backticked = Array.from(trimmed.matchAll(/`([^`]+)`/g), (match) => match[1] ?? '').filter(looksLikePath);
  if (backticked.length === 1) {
    return backticked[0];
  }
  if (backticked.length > 1) {
    return undefined;
  }
  const plain = trimmed
    .replace(/^#{1,6}\s+/, '')
    .replace(/^([-*]|\d+\.)\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/:$/, '')
    .replace(/^(new file|file|path|filename|create|update|modify|modified|updated|created)\s*:?\s*/i, '')
    .replace(/\s*\((new|new file|updated|modified|created)\)$/i, '')
    .trim();
  return looksLikePath(plain) ? plain : undefined;
}
