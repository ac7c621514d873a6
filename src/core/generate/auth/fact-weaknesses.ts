/**
 * Weak spots read from the index's parsed facts rather than file text: a current-user
 * dependency answering 404 / 400 for an unknown or inactive subject, a registration route
 * whose body model carries a privileged field, and access tokens issued without `iat`.
 */
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { splitLines } from '../python/line-edits';
import type { Weakness } from './weaknesses';

const PRIVILEGED_FIELDS = /^(id|is_active|is_superuser|is_admin|is_staff|role|roles|scopes|permissions)$/;
const REVEALING_STATUS = /^(404|400|status\.HTTP_404_NOT_FOUND|status\.HTTP_400_BAD_REQUEST)$/;

function subjectStatus(facts: ProjectFacts): Weakness[] {
  const currentUser = facts.dependencies.currentUser;
  const fn = facts.files.get(currentUser?.file ?? '')?.functions.find((candidate) => candidate.name === currentUser?.function);
  const revealing = fn?.raisedStatusCodes.filter((code) => REVEALING_STATUS.test(code)) ?? [];
  if (currentUser === undefined || revealing.length === 0) return [];
  return [
    {
      file: currentUser.file,
      message:
        `${currentUser.function} answers ${revealing.join(' / ')} for an unknown or inactive token subject, which tells an attacker which ids exist. ` +
        'Fix: 401 with WWW-Authenticate: Bearer for an unknown subject, 401 (or 403) for an inactive user.',
    },
  ];
}

function registrationBody(facts: ProjectFacts): Weakness[] {
  const weaknesses: Weakness[] = [];
  for (const route of facts.routes.filter((candidate) => candidate.method === 'post' && /sign-?up|register/i.test(candidate.path))) {
    for (const parameter of route.parameters) {
      const model = facts.models.find((candidate) => candidate.name === parameter.annotation && !candidate.table);
      const privileged = model?.fields.filter((field) => PRIVILEGED_FIELDS.test(field.name)).map((field) => field.name) ?? [];
      if (model === undefined || privileged.length === 0) continue;
      weaknesses.push({
        file: route.file,
        message:
          `POST ${route.path} takes ${privileged.join(', ')} from the body (${model.name}): anyone can sign up as an active superuser or pick an id. ` +
          `Fix: a registration schema without ${privileged.join(', ')}, set on the server.`,
      });
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
      return [{ file: path, message: `${fn.name} issues tokens without iat: their age cannot be checked or revoked by issue time. Fix: add "iat": datetime.now(UTC) to the payload.` }];
    }
  }
  return [];
}

export function findFactWeaknesses(facts: ProjectFacts, readText: ReadText): Weakness[] {
  return [...subjectStatus(facts), ...registrationBody(facts), ...issuedAt(facts, readText)];
}
