/**
 * Which Python verifies a proposal in the editor: the Python extension's active environment for
 * the folder (through its published API, when that extension is installed), else the folder's
 * `.venv` / `venv`, else the setting `fastapiBackendEngineer.python.interpreter`.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { chooseInterpreter, editorInterpreterCandidates, probeInterpreter, type PythonEnvironment } from '../../core/verify/interpreter';
import { messageOf } from '../logger';

const PYTHON_EXTENSION_ID = 'ms-python.python';

async function pythonExtensionInterpreter(folder: vscode.Uri, logger: Logger): Promise<{ path: string } | { absentReason: string }> {
  if (vscode.extensions.getExtension(PYTHON_EXTENSION_ID) === undefined) return { absentReason: 'the Python extension is not installed' };
  try {
    // Loaded only when the extension is there: the package itself needs nothing else.
    const { PythonExtension } = await import('@vscode/python-extension');
    const api = await PythonExtension.api();
    const active = api.environments.getActiveEnvironmentPath(folder);
    const resolved = await api.environments.resolveEnvironment(active);
    const path = resolved?.executable.uri?.fsPath;
    return path === undefined ? { absentReason: `the Python extension has no interpreter for this folder (${active.path})` } : { path };
  } catch (error) {
    logger.warn(`The Python extension's environment could not be read: ${messageOf(error)}`);
    return { absentReason: `the Python extension did not answer (${messageOf(error)})` };
  }
}

/** The interpreter to verify with, probed; throws VerificationError naming every place looked at. */
export async function discoverPython(folder: vscode.Uri, setting: string, logger: Logger, signal?: AbortSignal): Promise<PythonEnvironment> {
  const candidates = editorInterpreterCandidates({
    root: folder.fsPath,
    pythonExtension: await pythonExtensionInterpreter(folder, logger),
    setting,
    home: homedir(),
  });
  const chosen = chooseInterpreter(candidates);
  logger.info(`Verifying with ${chosen.path} (${chosen.label})`);
  return probeInterpreter(chosen, signal === undefined ? {} : { signal });
}
