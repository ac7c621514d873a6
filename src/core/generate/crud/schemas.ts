/**
 * The missing members of the model's schema family: Create, Update (every field optional),
 * Public (id and read-only fields) and the list envelope, where the project keeps schemas.
 */
import type { ProjectFacts, ResolvedField } from '../../project/facts';
import type { ImportFact } from '../../python/facts';
import { scanImports } from '../python/module-scan';
import { toPep604, toTyping } from '../python/annotation-style';
import { errorDetailClass } from '../python/route-docs';
import { bracketed, INDENT } from '../python/text';
import { anyRouteErrors } from './operation-docs';
import { validationKeywords } from './model-analysis';
import type { CrudPlan } from './plan-types';
import { emitReexport } from './reexport';
import { ChangeWorkspace, type FileDraft } from './workspace';

function fieldValue(field: ResolvedField, optional: boolean): string {
  const keywords = validationKeywords(field);
  const defaultText = optional ? 'None' : field.hasDefault ? (field.default ?? undefined) : undefined;
  if (keywords.length === 0) {
    return defaultText === undefined ? '' : ` = ${defaultText}`;
  }
  const args = [...(defaultText === undefined ? [] : [`default=${defaultText}`]), ...keywords.map(([key, value]) => `${key}=${value}`)];
  return ` = Field(${args.join(', ')})`;
}

function optionalAnnotation(field: ResolvedField): string {
  return field.optional ? field.annotation : `${field.annotation} | None`;
}

/** A class line and its body lines, wrapped like the formatter would. */
function renderClass(name: string, base: string, body: readonly string[]): string {
  return [`class ${name}(${base}):`, ...(body.length === 0 ? [`${INDENT}pass`] : body)].join('\n');
}

function fieldLine(name: string, annotation: string, value: string): string {
  const flat = `${INDENT}${name}: ${annotation}${value}`;
  if (flat.length <= 88 || !value.startsWith(' = Field(')) {
    return flat;
  }
  const args = value.slice(' = Field('.length, -1).split(', ');
  return bracketed(INDENT, `${name}: ${annotation} = Field`, args);
}

export function emitSchemas(plan: CrudPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const { schemas } = plan;
  const errorDetail = plan.errorModel.isNew && anyRouteErrors(plan) ? plan.errorModel : undefined;
  const missing = [schemas.create, schemas.update, schemas.public, schemas.list, errorDetail].filter((ref) => ref?.isNew);
  if (missing.length === 0) {
    return;
  }
  const draft = workspace.file(schemas.targetFile, schemas.targetModule);
  // Beside the table class when they share a file, not at the end of a long module.
  const blocks: string[] = [];
  draft.descriptions.push(`adds ${missing.map((ref) => ref?.name).join(', ')}`);
  const usedText: string[] = [];
  const base = schemas.base;
  if (base) {
    ChangeWorkspace.importFrom(draft, base.module, base.name);
  }
  ChangeWorkspace.importFrom(draft, 'sqlmodel', 'SQLModel');

  const typingNames = new Set<'Optional' | 'Union'>();
  const styled = (annotation: string): string =>
    plan.annotationStyle === 'pep604' ? toPep604(annotation) : toTyping(annotation, typingNames);
  const render = (field: ResolvedField, optional: boolean, keepValue: boolean): string => {
    // A kept `= None` default needs a type that admits it, whatever the model's annotation says.
    const admitsNone = optional || (keepValue && field.hasDefault && field.default === 'None');
    const annotation = styled(admitsNone ? optionalAnnotation(field) : field.annotation);
    const value = keepValue ? fieldValue(field, optional) : '';
    usedText.push(annotation, value);
    return fieldLine(field.name, annotation, value);
  };

  const baseNames = new Set(
    (facts.models.find((model) => model.name === base?.name)?.fields ?? []).map((field) => field.name),
  );
  if (schemas.create.isNew) {
    const own = schemas.inputFields.filter((field) => !baseNames.has(field.name));
    const body = own.map((field) => render(field, false, true));
    blocks.push(renderClass(schemas.create.name, base?.name ?? 'SQLModel', body));
  }
  if (schemas.update.isNew) {
    blocks.push(renderClass(schemas.update.name, 'SQLModel', schemas.inputFields.map((field) => render(field, true, true))));
  }
  if (schemas.public.isNew) {
    const idLine = `${INDENT}${plan.primaryKey.name}: ${plan.idType}`;
    usedText.push(plan.idType);
    const others = [...schemas.inputFields, ...schemas.readOnlyFields].filter(
      (field) => field.name !== plan.primaryKey.name && !baseNames.has(field.name) && field.name !== 'password',
    );
    const body = [idLine, ...others.map((field) => render(field, false, false))];
    blocks.push(renderClass(schemas.public.name, base?.name ?? 'SQLModel', body));
  }
  if (schemas.list?.isNew) {
    const envelope = plan.envelope;
    blocks.push(
      renderClass(schemas.list.name, 'SQLModel', [
        `${INDENT}${envelope.items}: list[${schemas.public.name}]`,
        `${INDENT}${envelope.count}: int`,
      ]),
    );
  }
  if (errorDetail) {
    blocks.push(errorDetailClass('SQLModel'));
  }
  if (schemas.targetFile === plan.model.file && draft.before !== null) {
    draft.placed.push({ afterLine: lastFamilyLine(plan, facts), blocks });
  } else {
    draft.blocks.push(...blocks);
  }
  ChangeWorkspace.importFrom(draft, 'typing', ...[...typingNames].sort());
  if (usedText.some((text) => text.includes('Field('))) {
    ChangeWorkspace.importFrom(draft, 'sqlmodel', 'Field');
  }
  importTypesFromModelFile(plan, facts, workspace, draft, usedText.join(' '));
  if (schemas.reexport) {
    const names = missing.flatMap((ref) => (ref === undefined ? [] : [ref.name]));
    emitReexport(workspace, schemas.reexport, schemas.targetFile, schemas.targetModule, names);
  }
}

/** The last line of the table class: new family members go directly after it. */
function lastFamilyLine(plan: CrudPlan, facts: ProjectFacts): number {
  const table = facts.files.get(plan.model.file)?.classes.find((cls) => cls.name === plan.model.name);
  return table?.range.endLine ?? plan.model.range.endLine;
}

/** Names the copied annotations use (`date`, `Decimal`, `uuid`), imported as the model's file does. */
function importTypesFromModelFile(
  plan: CrudPlan,
  facts: ProjectFacts,
  workspace: ChangeWorkspace,
  draft: FileDraft,
  text: string,
): void {
  const words = new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const declaring = new Set(plan.model.fields.map((field) => field.declaredInFile));
  for (const file of declaring) {
    if (file === plan.schemas.targetFile) {
      continue;
    }
    const fileModule = facts.models.find((model) => model.file === file)?.module ?? '';
    const imports: readonly ImportFact[] = facts.files.get(file)?.imports ?? scanImports(workspace.textOf(file) ?? '');
    for (const fact of imports) {
      if (fact.kind === 'import' && words.has(fact.alias ?? fact.module.split('.')[0] ?? '')) {
        draft.imports.module(fact.module);
      }
      if (fact.kind === 'from') {
        for (const imported of fact.names) {
          if (words.has(imported.alias ?? imported.name) && imported.alias === undefined && imported.name !== 'SQLModel') {
            ChangeWorkspace.importFrom(draft, absoluteModule(fileModule, fact.level, fact.module), imported.name);
          }
        }
      }
    }
  }
}

/** `from ..base import X` seen in `app.models.hero` → `app.base`. */
function absoluteModule(fromModule: string, level: number, module: string): string {
  if (level === 0) {
    return module;
  }
  const parts = fromModule.split('.');
  const base = parts.slice(0, Math.max(0, parts.length - level));
  return [...base, ...(module === '' ? [] : [module])].join('.');
}
