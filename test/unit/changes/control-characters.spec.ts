import assert from 'node:assert/strict';
import { newControlCharacters, showControlCharacters, visibleStreamWriter } from '../../../src/core/changes/control-characters';

describe('control characters', () => {
  it('prints C0, DEL, C1, lone CR and bidi overrides as escapes, keeping tab, LF and CRLF', () => {
    assert.equal(showControlCharacters('a\u001b[2Kb\u009b2J\u007f\u0007'), 'a\\u001b[2Kb\\u009b2J\\u007f\\u0007');
    assert.equal(showControlCharacters('x\ty\r\nz\rw'), 'x\ty\r\nz\\rw');
    assert.equal(showControlCharacters('if admin \u202e} {'), 'if admin \\u202e} {');
    assert.equal(showControlCharacters('plain text'), 'plain text');
  });

  it('keeps escaped output valid inside JSON strings', () => {
    const json = JSON.stringify({ after: 'x\u009b\u007fy' });
    assert.deepEqual(JSON.parse(showControlCharacters(json)), { after: 'x\u009b\u007fy' });
  });

  it('holds back a CR split from its LF across streamed chunks', () => {
    let out = '';
    const writer = visibleStreamWriter((text) => (out += text));
    writer.write('line\r');
    writer.write('\nnext\r');
    writer.write('over');
    writer.write('end\r');
    writer.flush();
    assert.equal(out, 'line\r\nnext\\roverend\\r');
  });

  it('names only the control characters a proposal adds', () => {
    assert.deepEqual(newControlCharacters('a\fb\u001bc', 'a\fb'), ['\\u001b']);
    assert.deepEqual(newControlCharacters('a\fb', 'a\fb'), []);
    assert.deepEqual(newControlCharacters('tab\tand\r\nlines\n', null), []);
  });
});
