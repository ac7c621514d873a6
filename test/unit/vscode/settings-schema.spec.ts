import assert from 'node:assert/strict';
import { parseSettings, SETTING_DEFINITIONS, type SettingKey } from '../../../src/vscode/settings-schema';

describe('parseSettings', () => {
  it('returns every default when nothing is set', () => {
    const settings = parseSettings(() => undefined);
    for (const [key, definition] of Object.entries(SETTING_DEFINITIONS)) {
      assert.deepEqual(settings[key as SettingKey], definition.default);
    }
  });

  it('keeps valid values', () => {
    const settings = parseSettings((key) => (key === 'index.maxFileBytes' ? 2048 : key === 'codeLens.enabled' ? false : undefined));
    assert.equal(settings['index.maxFileBytes'], 2048);
    assert.equal(settings['codeLens.enabled'], false);
  });

  it('falls back to the default for an invalid value and reports it', () => {
    const problems: string[] = [];
    const settings = parseSettings(
      (key) => (key === 'index.maxFileBytes' ? -5 : key === 'apply.openNewRouter' ? 'yes' : undefined),
      (key) => problems.push(key),
    );
    assert.equal(settings['index.maxFileBytes'], SETTING_DEFINITIONS['index.maxFileBytes'].default);
    assert.equal(settings['apply.openNewRouter'], true);
    assert.deepEqual(problems.sort(), ['apply.openNewRouter', 'index.maxFileBytes']);
  });
});
