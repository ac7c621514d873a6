/**
 * What each generated auth route does, who may call it and when it answers an error: the input
 * of the shared route documentation.
 */
import { accessErrors, type DeclaredOperation, type OperationDoc } from '../python/route-docs';
import { AUTH_PATHS } from './emit-router';
import type { AuthPlan } from './plan';

export type AuthRoute = 'login' | 'refresh' | 'logout' | 'signup' | 'me';

export function authRouteDocs(plan: AuthPlan): Readonly<Record<AuthRoute, OperationDoc>> {
  const login = (plan.user?.loginField ?? 'email').replace(/_/g, ' ');
  return {
    login: {
      summary: 'OAuth2 password sign-in: an access token and a refresh token for the user.',
      details: ['A wrong password and an unknown user get the same answer.'],
      access: 'public',
      errors: [{ status: 401, when: 'the credentials are wrong or the user is inactive' }],
    },
    refresh: {
      summary: 'Trade a refresh token for a new pair; the old one is spent from then on.',
      details: ['A spent token presented again ends the whole sign-in it belongs to.'],
      access: 'public',
      errors: [{ status: 401, when: 'the refresh token is invalid, spent or revoked' }],
    },
    logout: {
      summary: 'Sign out: the refresh token and every token rotated from it stop working.',
      access: 'user',
      errors: [{ status: 401, when: "a token is missing, invalid or not the caller's" }],
    },
    signup: {
      summary: 'Create an ordinary, active user; roles and ids are never taken from the body.',
      access: 'public',
      errors: [{ status: 409, when: `another user already has this ${login}` }],
    },
    me: {
      summary: 'The signed-in user, without the password hash.',
      access: 'user',
      errors: accessErrors('user'),
    },
  };
}

/** Each auth route in the OpenAPI document (its full path) with the errors it must declare. */
export function documentedAuthErrors(plan: AuthPlan, fullPath: (path: string) => string): DeclaredOperation[] {
  const docs = authRouteDocs(plan);
  const methods: Record<AuthRoute, string> = { login: 'post', refresh: 'post', logout: 'post', signup: 'post', me: 'get' };
  return (Object.keys(methods) as AuthRoute[]).map((route) => ({
    method: methods[route],
    path: fullPath(AUTH_PATHS[route]),
    statuses: docs[route].errors.map((error) => error.status),
  }));
}
