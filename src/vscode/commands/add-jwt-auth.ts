/**
 * "Add JWT Authentication" and "Secure Unprotected Routes". `{ userModel?, ifReviewOpen? }`
 * skips the user-model picker and the question about an open review.
 */
import * as vscode from 'vscode';
import { ifOpenArgument } from '../crud/generate-crud-flow';
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
    return proposeAuth(services, index, task, {
      ...(userModel === undefined ? {} : { userModel }),
      ...(ifOpen === undefined ? {} : { ifOpen }),
    });
  });
}

export function registerAuthCommands(services: ExtensionServices): vscode.Disposable {
  return vscode.Disposable.from(
    register(services, COMMANDS.addJwtAuth, 'auth'),
    register(services, COMMANDS.secureRoutes, 'secure'),
  );
}
