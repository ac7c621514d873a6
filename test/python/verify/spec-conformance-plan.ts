/**
 * What spec_conformance.py needs to know about one generated project: which operations the
 * engine implemented and which it left as 501 stubs, the security dependencies to let requests
 * past, and the session dependency to give an in-memory database. Worked out by running the
 * engine in-process on the project before the proposal is written (the same input the CLI's
 * `spec --write` gets), so it describes exactly what was written.
 */
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { planSession } from '../../../src/core/generate/crud/dependencies';
import { generateFromSpec } from '../../../src/core/generate/spec/index';
import { planLayout } from '../../../src/core/generate/spec/layout';
import { planSecurity } from '../../../src/core/generate/spec/security';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { readSpec } from '../../../src/core/spec/read';

export interface ConformancePlan {
  readonly spec: string;
  readonly app: string;
  readonly examples: number;
  readonly session?: string;
  /** The project's session is an AsyncSession: the in-memory override here is synchronous only. */
  readonly asyncSession: boolean;
  readonly security: readonly string[];
  readonly operations: Readonly<Record<string, { readonly implemented: boolean }>>;
}

export async function conformancePlan(root: string, specPath: string, examples: number): Promise<ConformancePlan> {
  const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
  const spec = await readSpec(new NodeFileSource(root), specPath);
  const changeSet = generateFromSpec(facts, spec);
  // `app/api/routes/pets.py:88 vaccinatePet`; the security module's entries carry no line.
  const stubs = new Set(changeSet.report.toImplement.map((line) => /^\S+:\d+ (\S+)$/.exec(line)?.[1]).filter((id): id is string => id !== undefined));
  const skipped = new Set(changeSet.report.skipped.map((line) => /\((\S+)\) is already served/.exec(line)?.[1]));
  const operations: Record<string, { implemented: boolean }> = {};
  for (const operation of spec.operations) {
    if (!skipped.has(operation.operationId)) operations[operation.operationId] = { implemented: !stubs.has(operation.operationId) };
  }
  const security = planSecurity(facts, spec, spec.operations, planLayout(facts, spec).security);
  const dependencies = new Set([...security.byOperation.values()].flat().map((dependency) => `${dependency.module}:${dependency.function}`));
  const app = facts.apps[0];
  if (app === undefined) throw new Error(`no FastAPI app in ${root}`);
  let session: string | undefined;
  let asyncSession = false;
  try {
    const use = planSession(facts);
    session = `${use.functionModule}:${use.function}`;
    asyncSession = use.type === 'AsyncSession';
  } catch {
    session = undefined;
  }
  return { spec: specPath, app: `${app.module}:${app.variable}`, examples, ...(session === undefined ? {} : { session }), asyncSession, security: [...dependencies], operations };
}
