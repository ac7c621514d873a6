/**
 * Reads the table model names out of `cli.js context --json`. Pure: takes the printed text.
 */
import { z } from 'zod';

const contextSchema = z.object({
  models: z.array(z.object({ name: z.string(), table: z.boolean() })),
});

export type TableModels = { ok: true; models: string[] } | { ok: false; reason: string };

export function tableModelsFromContext(printed: string): TableModels {
  let json: unknown;
  try {
    json = JSON.parse(printed);
  } catch {
    const start = printed.trim().split('\n')[0] ?? '';
    return { ok: false, reason: `context --json did not print JSON (it printed: ${JSON.stringify(start.slice(0, 120))})` };
  }
  const parsed = contextSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: `context --json has no usable "models" list: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  }
  const names = parsed.data.models.filter((model) => model.table).map((model) => model.name);
  // A name may appear twice when two modules define it; one generation run per name is enough.
  return { ok: true, models: [...new Set(names)].sort() };
}
