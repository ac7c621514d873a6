/**
 * The extension's settings, defined once: zod schemas with defaults and the package.json
 * descriptions. Kept free of `vscode` so a plain-Node spec can compare it with the manifest.
 */
// zod/mini: the same validation as zod, a fraction of the load time (this module loads at activation).
import * as z from 'zod/mini';

export const SETTINGS_SECTION = 'fastapiBackendEngineer';

export const SETTING_DEFINITIONS = {
  'index.maxFileBytes': {
    schema: z.int().check(z.positive()),
    default: 1_048_576,
    description: 'Python files larger than this many bytes are skipped when reading the project.',
  },
  'codeLens.enabled': {
    schema: z.boolean(),
    default: true,
    description: 'Show "Generate CRUD" above every SQLModel table class.',
  },
  'review.openChangesEditor': {
    schema: z.boolean(),
    default: true,
    description: 'Open every proposed file in the multi-file diff editor as soon as a change is proposed.',
  },
  'apply.openNewRouter': {
    schema: z.boolean(),
    default: true,
    description: 'Open the new router module after proposed changes are applied.',
  },
  'anthropic.model': {
    schema: z.string().check(z.trim(), z.minLength(1)),
    default: 'sonnet',
    description: 'Claude model for the chat and `ask`: an alias (sonnet, opus, haiku) or a full model id.',
  },
  'anthropic.idleTimeoutSeconds': {
    schema: z.number().check(z.positive()),
    default: 60,
    description: 'Stop an answer from the Anthropic API when nothing arrives for this many seconds (nothing is written).',
  },
  'anthropic.baseUrl': {
    schema: z.union([z.literal(''), z.url()]),
    default: '',
    description: 'Base URL of an Anthropic-compatible API (a gateway or proxy); empty for the Anthropic API.',
  },
  'python.interpreter': {
    schema: z.string(),
    default: '',
    description:
      "Python interpreter that verifies proposals when the Python extension has none for the folder and the folder has no .venv or venv (absolute, or relative to the folder).",
  },
  'verify.onPropose': {
    schema: z.boolean(),
    default: false,
    description: "Verify every proposal as soon as it is shown: import check, ruff, the project's type checker and pytest on a scratch copy.",
  },
  'verify.tests': {
    schema: z.enum(['generated', 'affected', 'all']),
    default: 'affected',
    description: 'Which tests verification runs: the generated ones, those that import a changed module (and the generated ones), or all.',
  },
  'verify.timeoutSeconds': {
    schema: z.int().check(z.positive(), z.lte(3600)),
    default: 120,
    description: 'Seconds each verification check may run before it is stopped and reported as timed out.',
  },
} as const;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;

export type ExtensionSettings = {
  readonly [K in SettingKey]: z.infer<(typeof SETTING_DEFINITIONS)[K]['schema']>;
};

const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

/** Validates raw values; an invalid value falls back to its default and is reported. */
export function parseSettings(
  read: (key: SettingKey) => unknown,
  onInvalid: (key: SettingKey, problem: string) => void = () => undefined,
): ExtensionSettings {
  const entries = SETTING_KEYS.map((key) => {
    const definition = SETTING_DEFINITIONS[key];
    const raw = read(key);
    if (raw === undefined) return [key, definition.default] as const;
    const parsed = definition.schema.safeParse(raw);
    if (parsed.success) return [key, parsed.data] as const;
    onInvalid(key, parsed.error.issues.map((issue) => issue.message).join('; '));
    return [key, definition.default] as const;
  });
  return Object.fromEntries(entries) as unknown as ExtensionSettings;
}
