/**
 * "Add JWT Authentication" and "Secure Unprotected Routes". `{ userModel?, ifReviewOpen?, fixes? }`
 * skips the user-model picker, the question about an open review and the choice of fixes
 * (`fixes`: 'all', 'none' or an array of fix ids).
 */
import * as vscode from 'vscode';
import { ifOpenArgument } from '../crud/generate-crud-flow';
import type { FixChoice } from '../../core/generate/auth/index';
import { proposeAuth, type AuthTask } from '../auth/propose-auth';
import type { ExtensionServices } from '../services';
import { COMMANDS, type CommandDefinition } from './command-ids';
import { objectArgument, registerCommand, stringField } from './register-command';

function register(services: ExtensionServices, definition: CommandDefinition, task: AuthTask): vscode.Disposable {
  return registerCommand(services.logger, definition, async (argument: unknown) => {
    const options = objectArgument(argument);
    const index = await services.indexes.pickService();
    if (index === undefined) {
      void vscode.window.showWarningMessage('Open a folder with a FastAPI + SQLModel project first.');
      return undefined;
    }
    const userModel = stringField(options, 'userModel');
    const ifOpen = ifOpenArgument(options['ifReviewOpen']);
    const fixes = fixesArgument(options['fixes']);
    return proposeAuth(services, index, task, {
      ...(userModel === undefined ? {} : { userModel }),
      ...(ifOpen === undefined ? {} : { ifOpen }),
      ...(fixes === undefined ? {} : { fixes }),
    });
  });
}

function fixesArgument(value: unknown): FixChoice | undefined {
  if (value === 'all' || value === 'none') return value;
  return Array.isArray(value) && value.every((id) => typeof id === 'string') ? value : undefined;
}

export function registerAuthCommands(services: ExtensionServices): vscode.Disposable {
  return vscode.Disposable.from(
    register(services, COMMANDS.addJwtAuth, 'auth'),
    register(services, COMMANDS.secureRoutes, 'secure'),
  );
}
