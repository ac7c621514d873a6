import assert from 'node:assert/strict';
import { normalisePythonText, toOriginalIndex } from '../../../src/core/python/text-normalisation';

describe('python facts: text normalisation', () => {
  it('removes a byte-order mark and turns CRLF and CR into LF', () => {
    assert.equal(normalisePythonText('\uFEFFa\r\nb\rc\n'), 'a\nb\nc\n');
    assert.equal(normalisePythonText('plain\n'), 'plain\n');
    assert.equal(normalisePythonText(''), '');
  });

  it('maps normalised offsets back onto the original text', () => {
    const original = '\uFEFFx = 1\r\ny = 2\rz = 3\n';
    const normalised = normalisePythonText(original);
    for (const name of ['x', 'y', 'z']) {
      assert.equal(original[toOriginalIndex(original, normalised.indexOf(name))], name);
    }
    assert.equal(toOriginalIndex(original, normalised.length), original.length);
    assert.equal(toOriginalIndex('ab', 1), 1);
    assert.equal(toOriginalIndex('\uFEFFab', 1), 2);
  });
});
