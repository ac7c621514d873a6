import { strict as assert } from 'node:assert';
import { createSendFilter, REDACTED, scrubSecrets, secretPathReason } from '../../../src/core/changes/secret-filter';

describe('secret filter', () => {
  it('never sends environment, key and credential files', () => {
    const secret = [
      '.env',
      '.env.local',
      'backend/.env.production',
      'config/prod.env',
      'deploy/server.pem',
      'certs/tls.key',
      'id_rsa',
      'home/.ssh/config',
      'id_ed25519.pub',
      'keystore.p12',
      'credentials.json',
      'credentials',
      'secrets.yaml',
      'secrets',
      '.netrc',
      '.pgpass',
      'service-account-prod.json',
      'data/app.db',
      '.aws/credentials',
    ];
    for (const path of secret) {
      assert.ok(secretPathReason(path) !== undefined, `${path} should be withheld`);
    }
  });

  it('sends ordinary project files and env templates', () => {
    for (const path of ['app/main.py', 'app/core/security.py', 'README.md', '.env.example', 'app/environment.py', 'pyproject.toml', 'app/api/routes/login.py']) {
      assert.equal(secretPathReason(path), undefined, `${path} should be sendable`);
    }
  });

  it('withholds git-ignored files with a reason', () => {
    const filter = createSendFilter({ isIgnored: (path) => path.startsWith('notes/') });
    assert.deepEqual(filter('notes/todo.py'), { send: false, reason: 'ignored by git' });
    assert.deepEqual(filter('.env'), { send: false, reason: 'environment file' });
    assert.deepEqual(filter('app/main.py'), { send: true });
  });

  it('scrubs the API key wherever it appears, secret-named literals and key shapes', () => {
    const key = 'sk-ant-api03-abcdefghijklmnop';
    const text = [
      `# my key is ${key}`,
      'SECRET_KEY: str = "super-secret-value"',
      "    db_password = 'hunter22'",
      'PROJECT_NAME = "Heroes"',
      '    secret_name="Dive Wilson",',
      'other = "sk-ant-zzzzzzzzzzzzzzzz"',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const scrubbed = scrubSecrets(text, [key]);
    assert.equal(
      scrubbed,
      [
        `# my key is ${REDACTED}`,
        `SECRET_KEY: str = "${REDACTED}"`,
        `    db_password = '${REDACTED}'`,
        'PROJECT_NAME = "Heroes"',
        '    secret_name="Dive Wilson",',
        `other = "${REDACTED}"`,
        REDACTED,
      ].join('\n'),
    );
  });

  it('leaves secret-named assignments alone in generated code when asked to', () => {
    assert.equal(scrubSecrets('password = "testpass123"', [], { assignments: false }), 'password = "testpass123"');
  });
});
