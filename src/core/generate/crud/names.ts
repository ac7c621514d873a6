/**
 * The names generated code uses for one model, following the project's existing routes where
 * they show a habit (`list_tasks` vs `read_tasks`, `data` vs `task_in`, `offset` vs `skip`).
 */
import type { ModelFact, ProjectFacts, ProjectRoute } from '../../project/facts';
import { humanWords, pluralSnake, snakeCase } from '../../python/naming';
import type { CrudNames } from './plan-types';

function createRoutes(facts: ProjectFacts): ProjectRoute[] {
  return facts.routes.filter((route) => route.method === 'post');
}

/** The body parameter style of existing create routes: `data`, `<name>_in`, or `<name>`. */
function bodyStyle(facts: ProjectFacts): 'data' | 'in' | 'plain' {
  for (const route of createRoutes(facts)) {
    for (const parameter of route.parameters) {
      if (!/^[A-Z]\w*(Create|In|Input)$/.test(parameter.annotation ?? '')) {
        continue;
      }
      if (parameter.name === 'data' || parameter.name === 'payload') {
        return 'data';
      }
      return parameter.name.endsWith('_in') ? 'in' : 'plain';
    }
  }
  return 'in';
}

/** First verb of route functions that list or read one row: `list_`/`read_`/`get_`. */
function verb(facts: ProjectFacts, item: boolean, fallback: string): string {
  for (const route of facts.routes) {
    if (route.method !== 'get' || /\{[^}]+\}\/?$/.test(route.localPath) !== item) {
      continue;
    }
    // A list route's name ends in a plural (`list_tasks`), which keeps `read_me` out.
    const match = (item ? /^(list|read|get|fetch|retrieve)_/ : /^(list|read|get|fetch|retrieve)_\w+s$/).exec(route.functionName);
    if (match?.[1] !== undefined) {
      return match[1];
    }
  }
  return fallback;
}

function pageParams(facts: ProjectFacts): CrudNames['pageParams'] {
  for (const route of facts.routes) {
    const names = route.parameters.map((parameter) => parameter.name);
    if (names.includes('limit')) {
      return { skip: names.includes('offset') ? 'offset' : 'skip', limit: 'limit', max: 100 };
    }
  }
  return { skip: 'skip', limit: 'limit', max: 100 };
}

export function crudNames(facts: ProjectFacts, model: ModelFact, idParam: string | undefined): CrudNames {
  const snake = snakeCase(model.name);
  const plural = pluralSnake(snake);
  const style = bodyStyle(facts);
  const bodyParam = style === 'data' ? 'data' : style === 'in' ? `${snake}_in` : snake;
  const rowVar = style === 'plain' ? `db_${snake}` : snake;
  const listVerb = verb(facts, false, 'read');
  const readVerb = verb(facts, true, 'read');
  return {
    model: model.name,
    snake,
    plural,
    human: humanWords(model.name),
    humanPlural: plural.replace(/_/g, ' '),
    idParam: idParam ?? `${snake}_id`,
    bodyParam,
    rowVar,
    functions: {
      list: `${listVerb}_${plural === snake ? `${snake}_list` : plural}`,
      read: `${readVerb}_${snake}`,
      create: `create_${snake}`,
      update: `update_${snake}`,
      delete: `delete_${snake}`,
    },
    notFound: `${model.name} not found`,
    pageParams: pageParams(facts),
  };
}
