/**
 * Weak spots read from the index's parsed facts rather than file text: a current-user
 * dependency answering 404 / 400 for an unknown or inactive subject, a registration route
 * whose body model carries a privileged field, and access tokens issued without `iat` — each
 * with its fix where one is safe.
 */
import type { ModelFact, ProjectFacts, ProjectRoute } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { splitLines } from '../python/line-edits';
import { addSignupModel, signupBlocker, subjectStatus, useSignupModel, type SignupBodyPlan } from './fix-http';
import { addIssuedAt } from './fix-token';
import type { Weakness } from './weaknesses';

const PRIVILEGED_FIELDS = /^(id|is_active|is_superuser|is_admin|is_staff|role|roles|scopes|permissions)$/;
const REVEALING_STATUS = /^(404|400|status\.HTTP_404_NOT_FOUND|status\.HTTP_400_BAD_REQUEST)$/;

function subjectStatusWeakness(facts: ProjectFacts): Weakness[] {
  const currentUser = facts.dependencies.currentUser;
  const fn = facts.files.get(currentUser?.file ?? '')?.functions.find((candidate) => candidate.name === currentUser?.function);
  const revealing = fn?.raisedStatusCodes.filter((code) => REVEALING_STATUS.test(code)) ?? [];
  if (currentUser === undefined || revealing.length === 0) return [];
  return [
    {
      id: 'subject-404',
      file: currentUser.file,
      message:
        `${currentUser.function} answers ${revealing.join(' / ')} for an unknown or inactive token subject, which tells an attacker which ids exist. ` +
        'Fix: 401 with WWW-Authenticate: Bearer for an unknown subject, 401 (or 403) for an inactive user.',
      title: `${currentUser.function} answers 401 (with WWW-Authenticate: Bearer) for an unknown subject and 403 for an inactive user`,
      edits: [{ file: currentUser.file, apply: subjectStatus(currentUser.function) }],
    },
  ];
}

/** A free name for the sign-up body model: `UserRegister`, else `UserSignupBody`. */
function signupModelName(facts: ProjectFacts, model: ModelFact): string {
  const stem = model.name.replace(/(Create|In|Input|Signup|SignUp|Register|Registration)$/, '') || model.name;
  const taken = new Set(facts.models.map((candidate) => candidate.name));
  return [`${stem}Register`, `${stem}SignupBody`, `${model.name}Public`].find((name) => !taken.has(name)) ?? `${stem}SignupBody2`;
}

/** The one-line declarations of the fields the new body keeps, or undefined when one is not. */
function keptFieldLines(model: ModelFact, readText: ReadText, privileged: readonly string[]): string[] | undefined {
  const lines = splitLines(readText(model.file) ?? '').lines;
  const kept = model.fields.filter((field) => !privileged.includes(field.name) && !field.isClassVar);
  if (kept.some((field) => field.declaredInFile !== model.file || field.range.startLine !== field.range.endLine)) return undefined;
  return kept.map((field) => lines[field.range.startLine] ?? '');
}

function signupWeakness(facts: ProjectFacts, readText: ReadText, route: ProjectRoute, parameter: string, model: ModelFact, privileged: string[]): Weakness {
  const message =
    `POST ${route.path} takes ${privileged.join(', ')} from the body (${model.name}): anyone can sign up as an active superuser or pick an id. ` +
    `Fix: a registration schema without ${privileged.join(', ')}, set on the server.`;
  const fieldLines = keptFieldLines(model, readText, privileged);
  const blocker = signupBlocker(readText(route.file) ?? '', { route, parameter, model, privileged }, fieldLines !== undefined);
  if (blocker !== undefined || fieldLines === undefined) return { id: 'signup-privileged-fields', file: route.file, message, manual: `not changed automatically: ${blocker ?? ''}` };
  const plan: SignupBodyPlan = { route, parameter, model, privileged, newName: signupModelName(facts, model), fieldLines };
  return {
    id: 'signup-privileged-fields',
    file: route.file,
    message,
    title: `POST ${route.path} reads a new ${plan.newName} body (${model.name} without ${privileged.join(', ')})`,
    edits: [
      { file: model.file, apply: addSignupModel(plan) },
      { file: route.file, apply: useSignupModel(plan, model.file === route.file) },
    ],
  };
}

function registrationBody(facts: ProjectFacts, readText: ReadText): Weakness[] {
  const weaknesses: Weakness[] = [];
  for (const route of facts.routes.filter((candidate) => candidate.method === 'post' && /sign-?up|register/i.test(candidate.path))) {
    for (const parameter of route.parameters) {
      const model = facts.models.find((candidate) => candidate.name === parameter.annotation && !candidate.table);
      const privileged = model?.fields.filter((field) => PRIVILEGED_FIELDS.test(field.name)).map((field) => field.name) ?? [];
      if (model === undefined || privileged.length === 0) continue;
      weaknesses.push(signupWeakness(facts, readText, route, parameter.name, model, privileged));
    }
  }
  return weaknesses;
}

function issuedAt(facts: ProjectFacts, readText: ReadText): Weakness[] {
  for (const [path, file] of facts.files) {
    const fn = file.functions.find((candidate) => /^create_(access_)?token$/.test(candidate.name));
    if (fn === undefined) continue;
    const body = splitLines(readText(path) ?? '').lines.slice(fn.range.startLine, fn.range.endLine + 1).join('\n');
    if (/jwt\.encode\(/.test(body) && !/["']iat["']|\biat\s*=/.test(body)) {
      return [
        {
          id: 'no-iat',
          file: path,
          message: `${fn.name} issues tokens without iat: their age cannot be checked or revoked by issue time. Fix: add "iat": datetime.now(UTC) to the payload.`,
          title: `${fn.name} adds "iat" (the time of issue) to its tokens`,
          edits: [{ file: path, apply: addIssuedAt(fn.name) }],
        },
      ];
    }
  }
  return [];
}

export function findFactWeaknesses(facts: ProjectFacts, readText: ReadText): Weakness[] {
  return [...subjectStatusWeakness(facts), ...registrationBody(facts, readText), ...issuedAt(facts, readText)];
}
