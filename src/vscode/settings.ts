/** The one accessor for settings: reads the workspace configuration and validates it. */
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { parseSettings, SETTINGS_SECTION, type ExtensionSettings } from './settings-schema';

export function readSettings(logger?: Logger, scope?: vscode.ConfigurationScope): ExtensionSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return parseSettings(
    (key) => configuration.get<unknown>(key),
    (key, problem) => logger?.warn(`Setting ${SETTINGS_SECTION}.${key} is invalid (${problem}); using its default.`),
  );
}

/** Calls `listener` when a setting under `fastapiBackendEngineer.<prefix>` changes. */
export function onSettingsChanged(prefix: string, listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(`${SETTINGS_SECTION}.${prefix}`)) listener();
  });
}
