/**
 * Secrets planted where a FastAPI project keeps them, in every spelling the scrubber must know.
 * Each value is unique, so "was it sent" is a plain substring check on what the server received.
 * Values are made up; the token shapes follow the issuers' documented formats.
 */

export interface PlantedSecret {
  readonly name: string;
  readonly value: string;
}

const alnum = (seed: string, length: number): string => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

/** Shaped tokens, built from parts so no literal token sits in the repository. */
const GITHUB_TOKEN = `ghp_${alnum('Zq9Lk2Wm', 36)}`;
const STRIPE_KEY = `sk_live_${alnum('51HxQv8Tz', 24)}`;
const SLACK_TOKEN = `xoxb-${alnum('2468013579', 12)}-${alnum('AbCdEfGhIjKl', 24)}`;
const GOOGLE_KEY = `AIza${alnum('SyB3xQ-7_kLmN', 35)}`;
const ANTHROPIC_KEY = `sk-ant-api03-${alnum('Hx7Rq2Lp9Vt', 93)}AA`;
const AWS_KEY_ID = `AKIA${alnum('Z7QWRTY2UP', 16)}`;
const JWT_A = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImFkbWluIjp0cnVlfQ.${alnum('s1gN4tUrEaB', 43)}`;
const JWT_B = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.${alnum('T3stS1gXy', 43)}`;
const JWT_C = `eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwcyJ9.${alnum('HeAdErS1g', 43)}`;
const PRIVATE_KEY_BODY = alnum('MIIEpAIBAAKCAQEA7q', 64);

export const FILE_SECRETS: readonly PlantedSecret[] = [
  { name: 'assignment in the app module (also in the /crud draft)', value: 'main-secret-value-01' },
  { name: 'os.getenv default', value: 'getenv-default-secret-02' },
  { name: 'triple-quoted string', value: 'triple-quoted-secret-03' },
  { name: 'raw string', value: 'raw-string-secret-04' },
  { name: 'byte string', value: 'bytes-secret-value-05' },
  { name: 'dict value', value: 'dict-value-secret-06' },
  { name: 'password inside a database URL', value: 'url-password-07' },
  { name: 'Field(default=...) literal', value: 'field-default-secret-08' },
  { name: 'aws_secret_access_key', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz09SECRET' },
  { name: 'Stripe live key (sk_live_)', value: STRIPE_KEY },
  { name: 'GitHub token (ghp_)', value: GITHUB_TOKEN },
  { name: 'JWT in a dict', value: JWT_A },
  { name: 'JWT in a test file', value: JWT_B },
  { name: 'password in a test file', value: 'test-password-13' },
  { name: 'os.environ.get default', value: 'environ-get-default-14' },
  { name: 'keyword argument', value: 'kwarg-secret-15' },
  { name: 'SecretStr literal', value: 'secretstr-secret-16' },
  { name: 'AWS access key id', value: AWS_KEY_ID },
  { name: 'Anthropic key in a file', value: ANTHROPIC_KEY },
  { name: 'password of a redis URL without user', value: 'redis-pass-19' },
  { name: 'single-quoted dict value', value: 'single-quoted-dict-20' },
  { name: 'PEM private key body', value: PRIVATE_KEY_BODY },
  { name: 'u-prefixed string', value: 'unicode-prefix-secret-22' },
  { name: 'Slack bot token', value: SLACK_TOKEN },
  { name: 'Google API key', value: GOOGLE_KEY },
  { name: 'unquoted YAML value', value: 'yaml-unquoted-secret-25' },
  { name: 'database URL in an INI file', value: 'ini-url-secret-26' },
  { name: 'file excluded only by .git/info/exclude', value: 'excluded-file-secret-27' },
  { name: 'symlink to a file outside the workspace', value: 'outside-link-secret-28' },
  { name: 'JWT after Bearer in a header dict', value: JWT_C },
  { name: 'fernet key', value: 'fernet-secret-value-33' },
  { name: 'password of a Sentry DSN', value: 'sentry-secret-34' },
  { name: 'password of a mongodb+srv URL', value: 'mongo-secret-36' },
];

const value = (index: number): string => FILE_SECRETS[index]?.value ?? '';

export const SECRET_FILES: Readonly<Record<string, string>> = {
  'app/main.py': `"""The application."""

from fastapi import FastAPI

from app.routers import teams

SECRET_KEY = "${value(0)}"

app = FastAPI()
app.include_router(teams.router)
`,
  'app/config.py': `"""Settings."""

import os

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

SECRET_KEY = os.getenv("SECRET_KEY", "${value(1)}")
JWT_SECRET = """${value(2)}"""
API_TOKEN = r"${value(3)}"
SIGNING_KEY = b"${value(4)}"
CONFIG = {"password": "${value(5)}", "name": "public-name"}
DATABASE_URL = "postgresql://app:${value(6)}@db:5432/app"
aws_secret_access_key = "${value(8)}"
PAYMENT_PROVIDER = "${value(9)}"
REPO_ACCESS = "${value(10)}"
SESSION = {"jwt": "${value(11)}"}
DB_PASSWORD = os.environ.get("DB_PASSWORD", "${value(14)}")
AWS_ACCESS_KEY_ID = "${value(17)}"
CLAUDE = "${value(18)}"
REDIS_URL = "redis://:${value(19)}@localhost:6379/0"
EXTRA = {'api_key': '${value(20)}'}
private_key = """-----BEGIN RSA PRIVATE KEY-----
${value(21)}
-----END RSA PRIVATE KEY-----"""
client_secret = u"${value(22)}"
SLACK = "${value(23)}"
GOOGLE = "${value(24)}"
HEADERS = {"Authorization": "Bearer ${value(29)}"}
fernet_key = '${value(30)}'
SENTRY_DSN = "https://publickey:${value(31)}@o1.ingest.sentry.io/1"
MONGO_URL = "mongodb+srv://user:${value(32)}@cluster0.example.net/db"
PROJECT_NAME = "Heroes-public-name"


class Settings(BaseSettings):
    """Application settings."""

    admin_password: str = Field(default="${value(7)}")
    secret_key: SecretStr = SecretStr("${value(16)}")


settings = Settings(secret_key="${value(15)}")
`,
  'tests/test_auth.py': `"""Auth tests."""

TOKEN = "${value(12)}"


def test_login(client) -> None:
    response = client.post("/login", data={"username": "alice", "password": "${value(13)}"})
    assert response.status_code == 200
`,
  'docker-compose.yml': `services:
  db:
    environment:
      POSTGRES_PASSWORD: ${value(25)}
      POSTGRES_USER: app
`,
  'alembic.ini': `[alembic]
sqlalchemy.url = postgresql://app:${value(26)}@db/app
`,
  'local_settings.py': `VALUE = "${value(27)}"\n`,
  '.git/info/exclude': 'local_settings.py\n',
};

/** Outside the workspace; `app/linked.py` points here. */
export const OUTSIDE_FILE = `VALUE = "${value(28)}"\n`;

/** Typed by the user: in the request and in an earlier turn. */
export const TYPED_SECRETS: readonly PlantedSecret[] = [
  { name: 'GitHub token typed into the request', value: `ghp_${alnum('TypedInReq7', 36)}` },
  { name: 'password typed in an earlier turn', value: 'history-secret-31' },
];

/** Text the request must still carry: scrubbing may not eat the project. */
export const MUST_STILL_BE_SENT: readonly string[] = ['Heroes-public-name', 'public-name', 'POSTGRES_USER: app', '[alembic]', 'os.getenv("SECRET_KEY", '];
