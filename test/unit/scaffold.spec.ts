import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

describe('package manifest', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    engines: { vscode: string };
    devDependencies: Record<string, string>;
  };

  it('pins @types/vscode to the engines.vscode minimum', () => {
    const minimum = manifest.engines.vscode.replace(/^\^/, '');
    assert.equal(manifest.devDependencies['@types/vscode'], minimum);
  });
});
