import { strict as assert } from 'node:assert';
import { FileBlockParser, type ParsedBlock } from '../../../src/core/agent/block-parser';

function parseAll(text: string, chunkSize = text.length): ParsedBlock[] {
  const parser = new FileBlockParser();
  const blocks: ParsedBlock[] = [];
  for (let index = 0; index < text.length; index += chunkSize) {
    blocks.push(...parser.push(text.slice(index, index + chunkSize)));
  }
  return [...blocks, ...parser.end()];
}

function paths(blocks: readonly ParsedBlock[]): (string | undefined)[] {
  return blocks.map((block) => ('path' in block ? block.path : undefined));
}

describe('FileBlockParser', () => {
  it('reads the documented form: language then path=, with complete content', () => {
    const blocks = parseAll('Here it is.\n\n```python path=app/routers/heroes.py\nx = 1\ny = 2\n```\nDone.\n');
    assert.deepEqual(blocks, [
      { kind: 'file', index: 1, language: 'python', path: 'app/routers/heroes.py', pathSource: 'info', content: 'x = 1\ny = 2\n' },
    ]);
  });

  it('hands out each block as soon as its closing fence arrives, even one character at a time', () => {
    const parser = new FileBlockParser();
    const text = '```python path=a.py\na = 1\n```\n\n```python path=b.py\nb = 2\n```\n';
    const seenAt: number[] = [];
    for (let index = 0; index < text.length; index++) {
      if (parser.push(text[index] ?? '').length > 0) {
        seenAt.push(index);
      }
    }
    assert.deepEqual(parser.end(), []);
    assert.equal(seenAt.length, 2);
    assert.ok((seenAt[0] ?? 0) < text.indexOf('```python path=b.py'), 'the first block is out before the second starts');
  });

  it('accepts the common ways a path is marked', () => {
    const text = [
      '```python title="app/a.py"\na = 1\n```',
      '```py:app/b.py\nb = 1\n```',
      '```python app/c.py\nc = 1\n```',
      '```python\n# app/d.py\nd = 1\n```',
      '```python\n# File: app/e.py\ne = 1\n```',
      '**app/f.py**\n```python\nf = 1\n```',
      '### `app/g.py`\n```python\ng = 1\n```',
      'Update `app/h.py`:\n\n```python\nh = 1\n```',
      '```python filename=app/i.py\ni = 1\n```',
      '#### File: app/j.py\n```python\nj = 1\n```',
    ].join('\n\n');
    const blocks = parseAll(text, 7);
    assert.deepEqual(paths(blocks), ['app/a.py', 'app/b.py', 'app/c.py', 'app/d.py', 'app/e.py', 'app/f.py', 'app/g.py', 'app/h.py', 'app/i.py', 'app/j.py']);
    const d = blocks[3];
    assert.ok(d?.kind === 'file');
    assert.equal(d.content, 'd = 1\n', 'the path comment is not part of the file');
    assert.equal(d.pathSource, 'first-line comment');
    assert.equal(blocks[5]?.kind === 'file' ? blocks[5].pathSource : undefined, 'line before the block');
  });

  it('reports a code block that looks like a file but names no path', () => {
    const blocks = parseAll('Try this:\n\n```python\nimport os\n\nprint(os.getcwd())\nprint(1)\n```\n');
    assert.deepEqual(blocks, [{ kind: 'no-path', index: 1, language: 'python', lineCount: 4 }]);
  });

  it('ignores shell commands and one-line snippets without a path', () => {
    const blocks = parseAll('Run:\n\n```bash\npip install fastapi\nuvicorn app.main:app\npytest -q\n```\n\nor `x`:\n\n```python\nx = 1\n```\n');
    assert.deepEqual(blocks, []);
  });

  it('keeps inner triple-backtick fences when the block opens with four', () => {
    const content = 'def doc():\n    """Example:\n\n    ```python\n    x = 1\n    ```\n    """\n';
    const blocks = parseAll(`\`\`\`\`python path=app/doc.py\n${content}\`\`\`\`\n`, 5);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.kind === 'file' ? blocks[0].content : '', content);
  });

  it('recognises edit blocks by their info string and by their markers', () => {
    const edit = '<<<<<<< SEARCH\na = 1\n=======\na = 2\n>>>>>>> REPLACE';
    const blocks = parseAll(`\`\`\`edit path=app/x.py\n${edit}\n\`\`\`\n\n\`\`\`python path=app/y.py\n${edit}\n\`\`\`\n`);
    assert.deepEqual(blocks.map((block) => block.kind), ['edit', 'edit']);
    assert.equal(blocks[0]?.kind === 'edit' ? blocks[0].body : '', edit);
  });

  it('reports a block still open at the end as unterminated, with its path', () => {
    const blocks = parseAll('```python path=app/cut.py\ndef f():\n    return 1\n');
    assert.deepEqual(blocks, [{ kind: 'unterminated', index: 1, language: 'python', lineCount: 2, path: 'app/cut.py' }]);
  });

  it('rejects a block larger than the limit without keeping its text', () => {
    const parser = new FileBlockParser({ maxBlockChars: 100 });
    const blocks = [...parser.push(`\`\`\`python path=big.py\n${'x = 1\n'.repeat(50)}\`\`\`\n`), ...parser.end()];
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.kind, 'too-large');
  });

  it('keeps hostile paths as written so the guards can reject them', () => {
    const text = [
      '```python path=../outside.py\nx = 1\n```',
      '```python path=/etc/passwd\nx = 1\n```',
      '```python path="C:\\Windows\\evil.py"\nx = 1\n```',
      '```sh path=.git/hooks/pre-commit\nrm -rf /\n```',
      '```python path=app/\u0000nul.py\nx = 1\n```',
    ].join('\n');
    assert.deepEqual(paths(parseAll(text)), ['../outside.py', '/etc/passwd', 'C:\\Windows\\evil.py', '.git/hooks/pre-commit', 'app/\u0000nul.py']);
  });

  it('joins a CRLF split across two chunks into one line break', () => {
    const parser = new FileBlockParser();
    const blocks = [...parser.push('```python path=a.py\r'), ...parser.push('\na = 1\r'), ...parser.push('\n\r\nb = 2\r\n```\r'), ...parser.end()];
    assert.equal(blocks[0]?.kind === 'file' ? blocks[0].content : '', 'a = 1\n\nb = 2\n');
  });

  it('gives the same blocks however the stream is cut into chunks', () => {
    const answer = [
      'Intro with `inline` code.\r\n',
      '**app/a.py**\r\n```python\r\na = 1\r\n```\r\n',
      '```edit path=app/main.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n```\n',
      '````python path=app/doc.py\n"""```inner```"""\n````\n',
      '```python\nimport os\n\nprint(1)\nprint(2)\n```\n',
      '```python path=app/cut.py\ndef f():\n',
    ].join('\n');
    const whole = parseAll(answer);
    assert.deepEqual(whole.map((block) => block.kind), ['file', 'edit', 'file', 'no-path', 'unterminated']);
    // A fixed-seed generator keeps the cuts the same from run to run.
    let seed = 42;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const parser = new FileBlockParser();
      const blocks: ParsedBlock[] = [];
      for (let index = 0; index < answer.length; ) {
        const size = 1 + Math.floor(next() * 12);
        blocks.push(...parser.push(answer.slice(index, index + size)));
        index += size;
      }
      assert.deepEqual([...blocks, ...parser.end()], whole, `run ${run}`);
    }
  });

  it('normalises CRLF in the stream and keeps the prose', () => {
    const parser = new FileBlockParser();
    const blocks = [...parser.push('Intro line.\r\n```python path=a.py\r\na = 1\r\n```\r\nOutro.'), ...parser.end()];
    assert.equal(blocks[0]?.kind === 'file' ? blocks[0].content : '', 'a = 1\n');
    assert.equal(parser.prose, 'Intro line.\nOutro.');
  });
});
