/**
 * A module's text with the contents of its triple-quoted strings and its comments blanked out
 * (same length, line breaks kept): the code alone, for checks that read code through its text.
 * Scripts that write projects hold whole Python modules in triple-quoted templates
 * (`dedent("""from jose import jwt ...""")`), and docstrings quote code too; neither is code the
 * module runs. One-line strings stay, since checks read their values (`algorithms=["HS256"]`).
 */
export function withoutLongStrings(text: string): string {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? '';
    if (char === '#') {
      const end = lineEnd(text, at);
      out.push(' '.repeat(end - at));
      at = end;
    } else if (char === '"' || char === "'") {
      const triple = text.startsWith(char.repeat(3), at);
      const end = stringEnd(text, at, triple ? char.repeat(3) : char);
      out.push(triple ? `${char.repeat(3)}${blank(text.slice(at + 3, Math.max(end - 3, at + 3)))}${end - at >= 6 ? char.repeat(3) : ''}` : text.slice(at, end));
      at = end;
    } else {
      out.push(char);
      at++;
    }
  }
  return out.join('');
}

/** Where the string opened at `start` by `quote` ends (after its closing quote), or the text's end. */
function stringEnd(text: string, start: number, quote: string): number {
  for (let at = start + quote.length; at < text.length; at++) {
    const char = text[at];
    if (char === '\\') at++;
    else if (quote.length === 1 && char === '\n') return at;
    else if (text.startsWith(quote, at)) return at + quote.length;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}
