/**
 * A function's parameters read from the text of its `parameters` node. In a tree without
 * syntax errors, a plain parameter list (see plain-text) splits at its top-level commas exactly
 * as the grammar splits it, so one read of the list's text stands for several nodes per
 * parameter. Anything else gives undefined, and the caller reads the nodes.
 */
import type { UnderConstruction } from './facts';
import { splitPlainList, topLevelEquals } from './plain-text';

/** One parameter as written: its annotation and default as source text. */
export interface ParameterParts {
  readonly name: string;
  readonly annotation?: string;
  readonly default?: string;
  readonly variadic?: '*' | '**';
}

const NAME = /^(\*\*|\*)?\s*([A-Za-z_]\w*)/;

function parameterParts(part: string): ParameterParts | undefined {
  const match = NAME.exec(part);
  const name = match?.[2];
  if (!match || name === undefined) return undefined;
  const variadic: '*' | '**' | undefined = match[1] === '*' || match[1] === '**' ? match[1] : undefined;
  const parts: UnderConstruction<ParameterParts> = { name };
  if (variadic) parts.variadic = variadic;
  const rest = part.slice(match[0].length).trim();
  if (rest === '') return parts as ParameterParts;
  if (rest.startsWith('=')) {
    if (variadic || rest.startsWith('==')) return undefined;
    parts.default = rest.slice(1).trim();
    return parts as ParameterParts;
  }
  if (!rest.startsWith(':')) return undefined;
  const equals = topLevelEquals(rest);
  if (equals < 0) {
    parts.annotation = rest.slice(1).trim();
    return parts as ParameterParts;
  }
  // A lone `=` starts the default; `==`, `<=`, `>=`, `!=` or `:=` there would be no plain annotation.
  if (variadic || rest[equals + 1] === '=' || /[=<>!:]/.test(rest[equals - 1] ?? '')) return undefined;
  parts.annotation = rest.slice(1, equals).trim();
  parts.default = rest.slice(equals + 1).trim();
  return parts as ParameterParts;
}

/**
 * The parameters of `text`, a `parameters` node's text, with the bare `*` and `/` markers
 * left out (they name nothing); undefined when the text is not plain enough to read this way.
 */
export function parametersFromText(text: string): ParameterParts[] | undefined {
  const parts = splitPlainList(text);
  if (!parts) return undefined;
  const parameters: ParameterParts[] = [];
  for (const part of parts) {
    if (part === '*' || part === '/') continue;
    const parameter = parameterParts(part);
    if (!parameter) return undefined;
    parameters.push(parameter);
  }
  return parameters;
}
