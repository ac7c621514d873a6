/** Steps shared by the suites that drive `@fastapi` in the chat view with the scripted model. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FAKE_MODEL } from '../fake-model/fake-model-protocol';
import { extensionApi, waitFor } from './helpers';

type OpenReview = NonNullable<Awaited<ReturnType<typeof extensionApi>>['services']['review']['current']>;

/** Sends `query` in the chat view with the scripted model selected and waits for the answer. */
export async function ask(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: { vendor: FAKE_MODEL.vendor }, blockOnResponse: true });
}

/** The text of every request the scripted model received, oldest first. */
export async function fakeRequests(): Promise<string[]> {
  return vscode.commands.executeCommand<string[]>(FAKE_MODEL.requests);
}

/** The review the chat opened (waits for it). */
export async function currentReview(): Promise<OpenReview> {
  const api = await extensionApi();
  await waitFor('a review opened by the chat', () => api.services.review.current !== undefined, 30_000);
  const review = api.services.review.current;
  assert.ok(review);
  return review;
}
