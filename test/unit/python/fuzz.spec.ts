import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalisePythonText, parsePythonFile } from '../../../src/core/python/parse';
import { assertWellFormed } from './facts-shape';

const FIXTURE = join('test', 'fixtures', 'odd-syntax');

/** mulberry32: a small seeded generator, so every run tries the same mutations. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', ':', '\n', '\r', '\t', '    ', '\\', '#', '@', '=', '|', ',', '\0', '\uFEFF', '\uD800', 'é', '名', 'f"{', 'def ', 'class ', 'if TYPE_CHECKING:\n', 'Annotated[', 'Depends(', 'Field(', 'Relationship(', 'include_router('];

type Mutation = (text: string, random: () => number) => string;

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const at = (text: string, random: () => number): number => Math.floor(random() * (text.length + 1));

const MUTATIONS: readonly Mutation[] = [
  (text, random) => text.slice(0, at(text, random)),
  (text, random) => {
    const index = at(text, random);
    return text.slice(0, index) + pick(NOISE, random) + text.slice(index + 1);
  },
  (text, random) => {
    const index = at(text, random);
    return text.slice(0, index) + pick(['(', '[', '{', ')', ']', '}'], random) + text.slice(index);
  },
  (text, random) => {
    const lines = text.split('\n');
    lines.splice(Math.floor(random() * lines.length), 1 + Math.floor(random() * 3));
    return lines.join('\n');
  },
  (text, random) => {
    const lines = text.split('\n');
    const index = Math.floor(random() * lines.length);
    lines.splice(index, 0, lines[index] ?? '', pick(NOISE, random));
    return lines.join('\n');
  },
  (text, random) => text.replace(/\n( +|\t)/g, (whole) => (random() < 0.1 ? '\n' : whole)),
  (text, random) => {
    const start = at(text, random);
    return text.slice(0, start) + text.slice(start + Math.floor(random() * 200));
  },
];

function mutate(text: string, random: () => number): string {
  let result = text;
  const rounds = 1 + Math.floor(random() * 4);
  for (let round = 0; round < rounds; round += 1) result = pick(MUTATIONS, random)(result, random);
  return result;
}

describe('python facts: fuzzing', function () {
  this.timeout(120_000);
  const sources = readdirSync(FIXTURE)
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => readFileSync(join(FIXTURE, name), 'utf8'));

  it('never throws and always returns well-formed facts for mutated fixture files', async () => {
    const random = seededRandom(20_240_611);
    let withErrors = 0;
    for (let iteration = 0; iteration < 400; iteration += 1) {
      const text = mutate(pick(sources, random), random);
      const path = `mutant-${iteration}.py`;
      const facts = await parsePythonFile(path, text);
      assertWellFormed(facts, path, normalisePythonText(text).length);
      if (facts.hasSyntaxErrors) withErrors += 1;
    }
    assert.ok(withErrors > 100, `mutations produced ${withErrors} files with syntax errors`);
  });

  it('never throws on degenerate input', async () => {
    const inputs = [
      '',
      '\uFEFF',
      '\r',
      '\r\n\r\n',
      '\0\0\0',
      '\uD800\uDC00\uD800',
      '('.repeat(20_000),
      '"'.repeat(10_001),
      'x = ' + '"a" '.repeat(5_000),
      'class A(SQLModel, table=True):\n'.repeat(2_000),
      Array.from({ length: 300 }, (_, depth) => `${'    '.repeat(depth)}if TYPE_CHECKING:`).join('\n'),
      `items: Annotated[${'list['.repeat(500)}"Hero"${']'.repeat(500)}, Depends(f)]`,
      'def f(\n' + 'a: int = Depends(g),\n'.repeat(3_000),
      '@router.get(\n'.repeat(1_000),
    ];
    for (const [index, text] of inputs.entries()) {
      const path = `degenerate-${index}.py`;
      const facts = await parsePythonFile(path, text);
      assertWellFormed(facts, path, normalisePythonText(text).length);
    }
  });
});
