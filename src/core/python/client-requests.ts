/**
 * Requests a test module sends through a test client: `client.get("/heroes/")`,
 * `await client.post(f"{HEROES_URL}{hero.id}", json=...)`. The URL is kept as a template in
 * which every computed part is `{expression}`, so the project layer can fill in the module's
 * string constants and match the rest against route paths.
 */
import type { Node } from 'web-tree-sitter';
import type { ClientRequestFact, HttpMethod } from './facts';
import { callArguments } from './argument-table';
import { fieldChild, namedChildrenOf, rangeOf, stringValue, unparenthesized } from './syntax-nodes';

const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
/** Keyword arguments of httpx / TestClient requests that can carry a token. */
const CREDENTIALS = ['headers', 'auth', 'cookies'] as const;

/** The URL argument as a template, or undefined when it is built in a way not worth following. */
function urlTemplate(node: Node): string | undefined {
  const inner = unparenthesized(node);
  const literal = stringValue(inner);
  if (literal !== undefined) return literal;
  if (inner.type === 'identifier' || inner.type === 'attribute') return `{${inner.text}}`;
  if (inner.type === 'string') {
    let template = '';
    for (const part of namedChildrenOf(inner)) {
      if (part.type === 'string_content') template += part.text;
      else if (part.type === 'interpolation') template += `{${fieldChild(part, 'expression')?.text ?? part.text}}`;
      else if (part.type === 'escape_sequence') return undefined;
    }
    return template;
  }
  if (inner.type === 'binary_operator' && fieldChild(inner, 'operator')?.text === '+') {
    const left = fieldChild(inner, 'left');
    const right = fieldChild(inner, 'right');
    const head = left ? urlTemplate(left) : undefined;
    const tail = right ? urlTemplate(right) : undefined;
    return head === undefined || tail === undefined ? undefined : head + tail;
  }
  // `str(hero.id)` and other calls: some segment the test computes.
  return inner.type === 'call' ? `{${inner.text}}` : undefined;
}

/** The name of the function a node is in, innermost first (a test, or a helper it calls). */
function enclosingFunction(node: Node): string | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') return fieldChild(parent, 'name')?.text;
  }
  return undefined;
}

/** Every `<receiver>.<method>(url, ...)` call of an HTTP method in the module. */
export function clientRequestFacts(root: Node, text: string): ClientRequestFact[] {
  const requests: ClientRequestFact[] = [];
  for (const method of METHODS) {
    const needle = `.${method}(`;
    for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1)) {
      const identifier = root.descendantForIndex(index + 1, index + 1 + method.length);
      const access = identifier?.parent;
      const call = access?.parent;
      if (identifier?.type !== 'identifier' || access?.type !== 'attribute' || call?.type !== 'call') continue;
      const receiver = fieldChild(access, 'object');
      const first = fieldChild(call, 'arguments')?.namedChildren.find((child) => child !== null && child.type !== 'comment');
      // `response.json().get("key")` reads a result; a client is a name or an attribute.
      if ((receiver?.type !== 'identifier' && receiver?.type !== 'attribute') || !first || first.type === 'keyword_argument') continue;
      const url = urlTemplate(first);
      if (url === undefined) continue;
      const inFunction = enclosingFunction(call);
      const keywords = callArguments(fieldChild(call, 'arguments')).keywords;
      const credentials = CREDENTIALS.flatMap((name) => (keywords[name] === undefined ? [] : [`${name}=${keywords[name]}`])).join(', ');
      requests.push({
        receiver: receiver.text,
        method,
        url,
        ...(inFunction === undefined ? {} : { inFunction }),
        ...(credentials === '' ? {} : { credentials }),
        range: rangeOf(call),
      });
    }
  }
  return requests.sort((left, right) => left.range.startIndex - right.range.startIndex);
}
