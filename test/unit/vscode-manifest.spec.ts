import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CATEGORY, COMMANDS, CONTEXT_KEYS } from '../../src/vscode/commands/command-ids';
import { SETTING_DEFINITIONS, SETTINGS_SECTION } from '../../src/vscode/settings-schema';

interface ManifestCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
  readonly icon?: string;
}

interface MenuEntry {
  readonly command: string;
  readonly when?: string;
}

interface Manifest {
  readonly main: string;
  readonly activationEvents: readonly string[];
  readonly capabilities: { readonly untrustedWorkspaces: { readonly supported: string } };
  readonly contributes: {
    readonly commands: readonly ManifestCommand[];
    readonly menus: Readonly<Record<string, readonly MenuEntry[]>>;
    readonly configuration: { readonly properties: Readonly<Record<string, { readonly default: unknown; readonly description: string }>> };
  };
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;
const table = Object.values(COMMANDS);

describe('package.json and the command table', () => {
  it('contributes exactly the commands of the table', () => {
    const contributed = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepEqual(contributed, table.map((command) => command.id).sort());
  });

  it('uses the table titles, category and icons', () => {
    for (const definition of table) {
      const contributed = manifest.contributes.commands.find((command) => command.command === definition.id);
      assert.equal(contributed?.title, definition.title, definition.id);
      assert.equal(contributed.category, CATEGORY, definition.id);
      assert.equal(contributed.icon, 'icon' in definition ? definition.icon : undefined, definition.id);
    }
  });

  it('names only contributed commands in menus', () => {
    const ids = new Set(manifest.contributes.commands.map((command) => command.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(ids.has(entry.command), `${menu}: ${entry.command}`);
    }
  });

  it('shows "Generate CRUD for this Model" in the editor context menu only inside a table class', () => {
    const entry = manifest.contributes.menus['editor/context']?.find((candidate) => candidate.command === COMMANDS.generateCrudForClass.id);
    assert.match(entry?.when ?? '', new RegExp(`editorLangId == python && ${CONTEXT_KEYS.cursorInTableModel.replace(/\./g, '\\.')}`));
  });

  it('offers a Python file\'s models in the explorer context menu', () => {
    const entry = manifest.contributes.menus['explorer/context']?.find((candidate) => candidate.command === COMMANDS.generateCrud.id);
    assert.equal(entry?.when, 'resourceExtname == .py');
  });

  it('offers "Generate Endpoints from OpenAPI Spec" on .yaml, .yml and .json files in the explorer and editor context menus', () => {
    for (const menu of ['explorer/context', 'editor/context']) {
      const when = manifest.contributes.menus[menu]?.find((candidate) => candidate.command === COMMANDS.generateFromSpec.id)?.when ?? '';
      const pattern = /resourceExtname =~ \/(.+)\/(i?)/.exec(when);
      assert.ok(pattern, `${menu}: no resourceExtname pattern in "${when}"`);
      const matches = new RegExp(pattern[1] ?? '', pattern[2]);
      assert.deepEqual(['.yaml', '.yml', '.json', '.YAML', '.py', '.toml', '.jsonc'].map((extension) => matches.test(extension)), [true, true, true, true, false, false, false], menu);
    }
  });

  it('hides apply buttons in restricted mode and declares limited support there', () => {
    const titleEntries = manifest.contributes.menus['editor/title'] ?? [];
    for (const id of [COMMANDS.reviewApplyAll.id, COMMANDS.reviewApplySelected.id]) {
      assert.match(titleEntries.find((entry) => entry.command === id)?.when ?? '', /isWorkspaceTrusted/, id);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });
});

describe('package.json and the settings schema', () => {
  it('declares every setting with the schema default and description', () => {
    for (const [key, definition] of Object.entries(SETTING_DEFINITIONS)) {
      const property = manifest.contributes.configuration.properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(property, key);
      assert.deepEqual(property.default, definition.default, key);
      assert.equal(property.description, definition.description, key);
    }
  });

  it('points main at the bundle and activates on Python workspaces', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.py'));
  });
});
