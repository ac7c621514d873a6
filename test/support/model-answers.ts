/**
 * Answers a model might give, in the documented file-block format, shared by the unit specs and
 * the extension-host suite: a new router module and the edit that registers it.
 */

/** The SEARCH/REPLACE pairs that import `module` beside `teams` and include its router. */
export function registrationEdits(module: string): string {
  return [
    '<<<<<<< SEARCH',
    'from app.routers import teams',
    '=======',
    `from app.routers import ${module}, teams`,
    '>>>>>>> REPLACE',
    '<<<<<<< SEARCH',
    'app.include_router(teams.router)',
    '=======',
    'app.include_router(teams.router)',
    `app.include_router(${module}.router)`,
    '>>>>>>> REPLACE',
  ].join('\n');
}

/** A complete answer: a short explanation, `app/routers/<module>.py`, and its registration. */
export function routerAnswer(module: string, body: readonly string[] = []): string {
  return [
    `A ${module} router, registered next to the teams router.`,
    '',
    `\`\`\`python path=app/routers/${module}.py`,
    `"""Routes for ${module}."""`,
    '',
    'from fastapi import APIRouter',
    '',
    `router = APIRouter(prefix="/${module}", tags=["${module}"])`,
    ...body,
    '```',
    '',
    '```edit path=app/main.py',
    registrationEdits(module),
    '```',
  ].join('\n');
}
