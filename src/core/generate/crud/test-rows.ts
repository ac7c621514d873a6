/**
 * `make_<model>` helpers of a generated test module: store a row with sample values, creating
 * the parent rows its required foreign keys point at (and the owner, when there is one).
 */
import type { ModelFact, ProjectFacts } from '../../project/facts';
import type { ImportSet } from '../python/imports';
import { snakeCase, withArticle } from '../../python/naming';
import { bracketed, INDENT, signature } from '../python/text';
import { dataFields, foreignTable, modelForTable } from './model-analysis';
import type { CrudPlan } from './plan-types';
import { sampleFor } from './test-samples';

export interface RowHelper {
  readonly model: ModelFact;
  readonly name: string;
  readonly needsOwner: boolean;
  /** Parents passed in rather than created (the path parents of nested routes). */
  readonly givenParents: readonly ModelFact[];
}

export class RowHelpers {
  private readonly helpers = new Map<string, RowHelper>();
  private readonly blocks: string[] = [];
  /** Models of the helpers, parents before the rows that point at them. */
  private readonly stored: ModelFact[] = [];
  readonly problems: string[] = [];

  constructor(
    private readonly facts: ProjectFacts,
    private readonly plan: CrudPlan,
    private readonly imports: ImportSet,
    /** Name of the session fixture in test functions (`session`, `db`). */
    private readonly sessionVariable: string,
  ) {}

  /** Rows go through an `AsyncSession`: helpers are coroutines and every call is awaited. */
  private get awaited(): string {
    return this.plan.asyncSession ? 'await ' : '';
  }

  private get userModel(): ModelFact | undefined {
    return this.plan.auth?.userModel;
  }

  /** Whether building the model needs the signed-in user (it, or a parent, is owned). */
  needsOwner(model: ModelFact, seen = new Set<string>()): boolean {
    const user = this.userModel;
    if (user === undefined || model.name === user.name || seen.has(model.name)) {
      return false;
    }
    seen.add(model.name);
    if (model.name === this.plan.model.name && this.plan.ownerField !== undefined) {
      return true;
    }
    return this.requiredForeignKeys(model).some(({ table, parent }) =>
      table === user.tableName ? true : parent !== undefined && this.needsOwner(parent, seen),
    );
  }

  private requiredForeignKeys(model: ModelFact): { field: string; table: string; parent: ModelFact | undefined }[] {
    return dataFields(model)
      .filter((field) => !field.primaryKey && !field.optional && !field.hasDefault)
      .flatMap((field) => {
        const table = foreignTable(field);
        return table === undefined ? [] : [{ field: field.name, table, parent: modelForTable(this.facts, table) }];
      });
  }

  /** The helper for a model, defined on first use. */
  helper(model: ModelFact, givenParents: readonly ModelFact[] = []): RowHelper | undefined {
    const existing = this.helpers.get(model.name);
    if (existing !== undefined) {
      return existing;
    }
    const helper: RowHelper = { model, name: `make_${snakeCase(model.name)}`, needsOwner: this.needsOwner(model), givenParents };
    this.helpers.set(model.name, helper);
    const block = this.render(helper);
    if (block === undefined) {
      this.helpers.delete(model.name);
      return undefined;
    }
    this.blocks.push(block);
    this.stored.push(model);
    return helper;
  }

  private render(helper: RowHelper): string | undefined {
    const { model } = helper;
    const row = snakeCase(model.name);
    this.imports.from(model.name === this.plan.model.name ? this.plan.modelModule : model.module, model.name);
    if (this.plan.asyncSession) {
      this.imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
    } else {
      this.imports.from('sqlmodel', 'Session');
    }
    const parameters = [`session: ${this.plan.asyncSession ? 'AsyncSession' : 'Session'}`];
    const lines: string[] = [];
    const user = this.userModel;
    if (helper.needsOwner && user !== undefined) {
      this.imports.from(user.module, user.name);
      parameters.push(`owner: ${user.name}`);
      lines.push(...assertId(user, 'owner'));
    }
    for (const parent of helper.givenParents) {
      this.imports.from(parent.module, parent.name);
      parameters.push(`${snakeCase(parent.name)}: ${parent.name}`);
      lines.push(...assertId(parent, snakeCase(parent.name)));
    }
    parameters.push('index: int = 0');

    const values: string[] = [];
    const ownerField = model.name === this.plan.model.name ? this.plan.ownerField?.name : undefined;
    for (const field of dataFields(model)) {
      const required = !field.primaryKey && !field.optional && !field.hasDefault;
      if (!required && field.name !== ownerField) {
        continue;
      }
      const table = foreignTable(field);
      if (table !== undefined && user !== undefined && table === user.tableName && helper.needsOwner) {
        values.push(`${field.name}=owner.id`);
        continue;
      }
      const parent = table === undefined ? undefined : modelForTable(this.facts, table);
      if (parent !== undefined) {
        const variable = field.name.replace(/_id$/, '') || snakeCase(parent.name);
        const given = helper.givenParents.find((candidate) => candidate.name === parent.name);
        if (given === undefined) {
          const parentHelper = this.helper(parent);
          if (parentHelper === undefined) {
            return undefined;
          }
          const args = ['session', ...(parentHelper.needsOwner ? ['owner'] : []), 'index'];
          lines.push(bracketed(INDENT, `${variable} = ${this.awaited}${parentHelper.name}`, args), ...assertId(parent, variable));
          values.push(`${field.name}=${variable}.id`);
        } else {
          values.push(`${field.name}=${snakeCase(parent.name)}.id`);
        }
        continue;
      }
      const sample = sampleFor(field, 0, this.imports);
      if (sample === undefined) {
        this.problems.push(`no sample value for ${model.name}.${field.name} (${field.annotation})`);
        return undefined;
      }
      values.push(`${field.name}=${sample.python}`);
    }
    const wait = this.awaited;
    return [
      signature('', `${this.plan.asyncSession ? 'async def' : 'def'} ${helper.name}`, parameters, ` -> ${model.name}:`),
      `${INDENT}"""Store ${withArticle(model.name)} with sample values."""`,
      ...lines,
      bracketed(INDENT, `${row} = ${model.name}`, values),
      `${INDENT}session.add(${row})`,
      `${INDENT}${wait}session.commit()`,
      `${INDENT}${wait}session.refresh(${row})`,
      `${INDENT}return ${row}`,
    ].join('\n');
  }

  /** `variable = make_tag(session, user)` (or the bare call), laid out like the formatter. */
  assign(
    prefix: string,
    variable: string | undefined,
    helper: RowHelper,
    owner: string | undefined,
    parents: readonly string[],
    index?: number | string,
  ): string {
    const args = [
      this.sessionVariable,
      ...(helper.needsOwner && owner !== undefined ? [owner] : []),
      ...parents,
      ...(index === undefined ? [] : [String(index)]),
    ];
    const call = `${this.awaited}${helper.name}`;
    return bracketed(prefix, variable === undefined ? call : `${variable} = ${call}`, args);
  }

  /** Call of a helper: `make_tag(session, user)`, `make_tag(session, user, 2)`. */
  call(helper: RowHelper, owner: string | undefined, parents: readonly string[], index?: number): string {
    const args = [
      this.sessionVariable,
      ...(helper.needsOwner && owner !== undefined ? [owner] : []),
      ...parents,
      ...(index === undefined ? [] : [String(index)]),
    ];
    return `${helper.name}(${args.join(', ')})`;
  }

  definitions(): string[] {
    return this.blocks;
  }

  /** Every model a helper stores rows of, parents first. */
  storedModels(): readonly ModelFact[] {
    return this.stored;
  }
}

/** `assert owner.id is not None` when the key is `int | None` (it is set once stored). */
export function assertId(model: ModelFact, variable: string): string[] {
  const key = model.fields.find((field) => field.name === model.primaryKey[0]);
  return key?.optional ? [`${INDENT}assert ${variable}.${key.name} is not None`] : [];
}
