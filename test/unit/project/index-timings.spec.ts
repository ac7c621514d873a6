import assert from 'node:assert/strict';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { INDEX_PHASES } from '../../../src/core/project/index-timings';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { fixtureRoot, TextOnlyFileSource } from './fixture-index';

/** A host whose reads take a while and overlap, as `workspace.fs` does in the editor. */
class SlowTextSource extends TextOnlyFileSource {
  override async readText(path: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return super.readText(path);
  }
}

describe('project index: time per phase', () => {
  for (const [label, sourceOf] of [
    ['one read at a time (bytes on this thread)', (root: string) => new NodeFileSource(root)],
    ['many reads in flight (a text-only host)', (root: string) => new SlowTextSource(new NodeFileSource(root))],
  ] as const) {
    it(`never counts less than nothing, nor more parsing than the build took: ${label}`, async () => {
      const root = fixtureRoot('fullstack-template');
      const index = new ProjectIndex({ root, source: sourceOf(root) });
      const started = performance.now();
      const facts = await index.build();
      const wall = performance.now() - started;
      assert.ok(facts.parsedFiles.length > 5);
      const times = index.lastPhaseTimes;
      for (const phase of INDEX_PHASES) assert.ok(times[phase] >= 0, `${phase}: ${times[phase]} ms`);
      assert.ok(times.parse > 0, 'the parses were timed');
      assert.ok(times.parse <= wall, `parse ${times.parse.toFixed(1)} ms within the build's ${wall.toFixed(1)} ms`);
    });
  }
});
