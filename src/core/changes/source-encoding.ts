/**
 * Source files as Python reads them: UTF-8 unless a PEP 263 declaration (`# -*- coding: latin-1 -*-`
 * on the first or second line) or a byte-order mark says otherwise. Reading decodes with the
 * declared codec; writing encodes with the codec the new text declares. A file that is not valid
 * in its encoding, or a text its codec cannot hold, is refused rather than written with its
 * bytes replaced.
 */

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: string }
  | { readonly ok: false; readonly reason: string; readonly encoding: string };

export type Encoded = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

const CODING_DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Codec names as Python spells them, folded onto the names used here. */
function canonicalCodec(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, '-');
  if (/^(utf-?8|utf-8-sig|cp65001)$/.test(lower)) return 'utf-8';
  if (/^(latin-?1|iso-?8859-1|iso8859-1|l1|cp819|iso-ir-100|8859)$/.test(lower)) return 'latin-1';
  if (/^(ascii|us-ascii|646)$/.test(lower)) return 'ascii';
  return lower;
}

function firstTwoLines(bytes: Uint8Array): string[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.split(/\r\n|\r|\n/).slice(0, 2);
}

/** The codec a Python file's bytes declare (the default is UTF-8). */
export function declaredEncoding(bytes: Uint8Array): string {
  if (UTF8_BOM.every((byte, index) => bytes[index] === byte)) return 'utf-8';
  return declarationIn(firstTwoLines(bytes));
}

/** The codec a text declares on its first two lines, as `encodeSource` will use it. */
export function declaredEncodingOfText(text: string): string {
  return declarationIn(text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).slice(0, 2));
}

function declarationIn(lines: readonly string[]): string {
  for (const [index, line] of lines.entries()) {
    const match = CODING_DECLARATION.exec(line);
    if (match?.[1] !== undefined) return canonicalCodec(match[1]);
    // PEP 263: the second line counts only when the first is a comment or blank.
    if (index === 0 && !/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return 'utf-8';
}

/** Decodes strictly: undecodable bytes are a failure, never U+FFFD. */
export function decodeSource(bytes: Uint8Array): Decoded {
  const encoding = declaredEncoding(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 'latin-1') return { ok: true, text: buffer.toString('latin1'), encoding };
  if (encoding === 'ascii') {
    const offset = buffer.findIndex((byte) => byte > 0x7f);
    return offset < 0
      ? { ok: true, text: buffer.toString('latin1'), encoding }
      : { ok: false, reason: `byte 0x${(buffer[offset] ?? 0).toString(16)} at offset ${offset} is not ASCII, the encoding the file declares`, encoding };
  }
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text, encoding };
  } catch (error) {
    const reason = error instanceof RangeError ? `the declared encoding "${encoding}" is not known` : `the file is not valid ${encoding}`;
    return { ok: false, reason, encoding };
  }
}

/** Decodes for reading only (the index, the context): invalid bytes become U+FFFD. */
export function decodeSourceLeniently(bytes: Uint8Array): string {
  const decoded = decodeSource(bytes);
  return decoded.ok ? decoded.text : new TextDecoder('utf-8').decode(bytes);
}

/** Encodes with the codec `text` declares; refuses characters that codec cannot hold. */
export function encodeSource(text: string): Encoded {
  const encoding = declaredEncodingOfText(text);
  if (encoding === 'utf-8') return { ok: true, bytes: Buffer.from(text, 'utf8') };
  if (encoding === 'latin-1' || encoding === 'ascii') {
    const limit = encoding === 'latin-1' ? 0xff : 0x7f;
    const bad = Array.from(text).find((character) => (character.codePointAt(0) ?? 0) > limit);
    if (bad !== undefined) {
      return { ok: false, reason: `the new text has "${bad}" (U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}), which the file's declared encoding ${encoding} cannot hold` };
    }
    return { ok: true, bytes: Buffer.from(text, 'latin1') };
  }
  return { ok: false, reason: `writing the declared encoding "${encoding}" is not supported; change the file by hand or convert it to UTF-8` };
}
