import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PROJECT_TOOLS } from '../../../src/core/tools/project-tools';
import { EXPLORER, MCP_PROVIDER_ID } from '../../../src/vscode/commands/command-ids';

interface ManifestTool {
  readonly name: string;
  readonly displayName: string;
  readonly toolReferenceName: string;
  readonly canBeReferencedInPrompt: boolean;
  readonly userDescription: string;
  readonly modelDescription: string;
  readonly icon: string;
  readonly tags: readonly string[];
  readonly inputSchema: unknown;
}

interface Manifest {
  readonly contributes: {
    readonly languageModelTools: readonly ManifestTool[];
    readonly mcpServerDefinitionProviders: readonly { readonly id: string; readonly label: string }[];
    readonly viewsContainers: Readonly<Record<string, readonly { readonly id: string; readonly icon: string }[]>>;
    readonly views: Readonly<Record<string, readonly { readonly id: string }[]>>;
    readonly menus: Readonly<Record<string, readonly { readonly command: string; readonly when?: string; readonly group?: string }[]>>;
  };
}

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as Manifest;

function expectedEntry(tool: (typeof PROJECT_TOOLS)[number]): ManifestTool {
  return {
    name: tool.name,
    displayName: tool.displayName,
    toolReferenceName: tool.referenceName,
    canBeReferencedInPrompt: true,
    userDescription: tool.userDescription,
    modelDescription: tool.modelDescription,
    icon: tool.icon,
    tags: [...tool.tags],
    inputSchema: tool.jsonSchema(),
  };
}

describe('package.json and the tool registry', () => {
  it('declares exactly the registered tools, in order', () => {
    assert.deepEqual(
      manifest.contributes.languageModelTools.map((tool) => tool.name),
      PROJECT_TOOLS.map((tool) => tool.name),
    );
  });

  it('declares each tool as the registry defines it (names, descriptions, input schema)', () => {
    for (const tool of PROJECT_TOOLS) {
      const declared = manifest.contributes.languageModelTools.find((entry) => entry.name === tool.name);
      const expected = expectedEntry(tool);
      assert.deepEqual(declared, expected, `package.json entry for ${tool.name} should be:\n${JSON.stringify(expected, null, 2)}`);
    }
  });

  it('names tools verb_noun with unique prompt references', () => {
    for (const tool of PROJECT_TOOLS) assert.match(tool.name, /^fastapi_[a-z]+(?:_[a-z]+)*$/, tool.name);
    const references = PROJECT_TOOLS.map((tool) => tool.referenceName);
    assert.equal(new Set(references).size, references.length);
  });

  it('offers the MCP server through a declared definition provider', () => {
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders.map((provider) => provider.id), [MCP_PROVIDER_ID]);
  });

  it('shows the explorer in a view container of its own, with Generate CRUD inline on models without routes', () => {
    const container = manifest.contributes.viewsContainers['activitybar']?.find((candidate) => candidate.id === 'fastapiBackendEngineer');
    assert.ok(container && existsSync(new URL(`../../../${container.icon}`, import.meta.url)), 'the view container or its icon is missing');
    assert.ok(manifest.contributes.views['fastapiBackendEngineer']?.some((view) => view.id === EXPLORER.viewId));
    const inline = (manifest.contributes.menus['view/item/context'] ?? []).filter((entry) => entry.group === 'inline');
    assert.ok(inline.some((entry) => entry.command.endsWith('explorer.generateCrud') && entry.when?.includes(`viewItem == ${EXPLORER.crudModelItem}`)));
    assert.ok(inline.some((entry) => entry.command.endsWith('explorer.copyPath') && entry.when?.includes(`viewItem == ${EXPLORER.routeItem}`)));
  });
});
