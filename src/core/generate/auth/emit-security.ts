/**
 * The security module: Argon2 password hashing through pwdlib (with a dummy hash that evens out
 * the time of a sign-in for an unknown user) and PyJWT tokens with pinned algorithms, required
 * claims and a token-type claim checked on every decode.
 */
import type { AuthPlan } from './plan';
import { settingsRef } from './emit-settings';
import type { ChangeWorkspace } from '../crud/workspace';

export function emitSecurity(plan: AuthPlan, workspace: ChangeWorkspace): void {
  const draft = workspace.file(plan.security.file, plan.security.module);
  const s = plan.settings;
  const key = settingsRef(plan, s.secretKey);
  const algorithm = settingsRef(plan, s.algorithm);
  draft.imports.from('datetime', 'UTC', 'datetime', 'timedelta');
  draft.imports.from('typing', 'Any');
  draft.imports.module('jwt');
  draft.imports.from('pwdlib', 'PasswordHash');
  draft.imports.from(s.module, s.instance);
  draft.blocks.push(
    ['ACCESS = "access"', 'REFRESH = "refresh"', '', 'password_hash = PasswordHash.recommended()'].join('\n'),
    [
      '# Checked for unknown users, so they take as long to refuse as a wrong password.',
      'DUMMY_HASH = password_hash.hash("a password that belongs to nobody")',
    ].join('\n'),
    ['def hash_password(password: str) -> str:', '    return password_hash.hash(password)'].join('\n'),
    [
      'def verify_password(password: str, hashed_password: str) -> bool:',
      '    return password_hash.verify(password, hashed_password)',
    ].join('\n'),
    [
      'def _encode_token(',
      '    subject: str, token_type: str, expires_delta: timedelta, **claims: Any',
      ') -> str:',
      '    now = datetime.now(UTC)',
      '    payload = {',
      '        "sub": subject,',
      '        "type": token_type,',
      '        "iat": now,',
      '        "exp": now + expires_delta,',
      '        **claims,',
      '    }',
      `    return jwt.encode(payload, ${key}, algorithm=${algorithm})`,
    ].join('\n'),
    [
      'def create_access_token(subject: str) -> str:',
      `    expires_delta = timedelta(minutes=${settingsRef(plan, s.accessMinutes)})`,
      '    return _encode_token(subject, ACCESS, expires_delta)',
    ].join('\n'),
    [
      'def create_refresh_token(subject: str, jti: str) -> str:',
      `    expires_delta = timedelta(days=${settingsRef(plan, s.refreshDays)})`,
      '    return _encode_token(subject, REFRESH, expires_delta, jti=jti)',
    ].join('\n'),
    [
      'def decode_token(token: str, token_type: str) -> dict[str, Any]:',
      '    """Claims of a token this app signed, of this type; else jwt.InvalidTokenError."""',
      '    required = ["exp", "iat", "sub", "type"]',
      '    if token_type == REFRESH:',
      '        required.append("jti")',
      '    payload: dict[str, Any] = jwt.decode(',
      '        token,',
      `        ${key},`,
      `        algorithms=[${algorithm}],`,
      '        options={"require": required},',
      '    )',
      '    if payload["type"] != token_type:',
      '        raise jwt.InvalidTokenError(f"expected a {token_type} token")',
      '    return payload',
    ].join('\n'),
  );
  draft.descriptions.push('Argon2 password hashing (pwdlib) and PyJWT access and refresh tokens');
}
