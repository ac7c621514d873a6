/**
 * The value of a constant arithmetic expression as Python computes it for ints and floats:
 * `60 * 24 * 8` → 11520, `2 ** 10` → 1024, `(1 + 2) / 4` → 0.75. Undefined for anything else
 * (names, calls, strings), so a setting keeps its expression text and gains a value only when
 * the value is certain.
 */
const TOKEN = /\s*(\d+(?:_\d+)*(?:\.\d*)?(?:[eE][+-]?\d+)?|\*\*|\/\/|[-+*/%()])/y;

export function evaluateArithmetic(text: string): number | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (text.slice(at).trim() === '') break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match?.[1]) return undefined;
    tokens.push(match[1]);
    at = TOKEN.lastIndex;
  }
  if (tokens.length === 0 || !tokens.some((token) => /\d/.test(token))) return undefined;
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const next = (): string | undefined => tokens[position++];

  const atom = (): number | undefined => {
    const token = next();
    if (token === '(') {
      const value = sum();
      return next() === ')' ? value : undefined;
    }
    if (token === '-' || token === '+') {
      const value = power();
      return value === undefined ? undefined : token === '-' ? -value : value;
    }
    return token !== undefined && /^\d/.test(token) ? Number(token.replace(/_/g, '')) : undefined;
  };
  // `-2 ** 2` is -(2 ** 2) in Python: the unary sign binds looser than `**` on its left.
  const power = (): number | undefined => {
    const base = atom();
    if (base === undefined || peek() !== '**') return base;
    next();
    const exponent = unary();
    return exponent === undefined ? undefined : base ** exponent;
  };
  const unary = (): number | undefined => power();
  const product = (): number | undefined => {
    let value = unary();
    for (let operator = peek(); value !== undefined && (operator === '*' || operator === '/' || operator === '//' || operator === '%'); operator = peek()) {
      next();
      const right = unary();
      if (right === undefined || (right === 0 && operator !== '*')) return undefined;
      if (operator === '*') value *= right;
      else if (operator === '/') value /= right;
      else if (operator === '//') value = Math.floor(value / right);
      else value = value - right * Math.floor(value / right);
    }
    return value;
  };
  const sum = (): number | undefined => {
    let value = product();
    for (let operator = peek(); value !== undefined && (operator === '+' || operator === '-'); operator = peek()) {
      next();
      const right = product();
      if (right === undefined) return undefined;
      value = operator === '+' ? value + right : value - right;
    }
    return value;
  };
  const value = sum();
  return position === tokens.length && value !== undefined && Number.isFinite(value) ? value : undefined;
}
