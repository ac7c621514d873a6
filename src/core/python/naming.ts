/**
 * Python identifier casing: class names to snake_case variables and plural resource names.
 */

/** `TeamMember` → `team_member`, `HTTPRequest` → `http_request`, `Item2` → `item2`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  goose: 'geese',
  tooth: 'teeth',
  foot: 'feet',
  datum: 'data',
  criterion: 'criteria',
  analysis: 'analyses',
};

const UNCOUNTABLE = new Set(['data', 'info', 'information', 'equipment', 'news', 'series', 'species', 'metadata']);

/** Plural of one lowercase English word: `hero` → `heroes`, `category` → `categories`. */
function pluralizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower)) {
    return word;
  }
  const irregular = IRREGULAR_PLURALS[lower];
  if (irregular !== undefined) {
    return irregular;
  }
  if (/[^aeiou]y$/.test(lower)) {
    return `${word.slice(0, -1)}ies`;
  }
  if (/(s|x|z|ch|sh)$/.test(lower)) {
    return `${word}es`;
  }
  if (/(her|tomat|potat|ech|vet)o$/.test(lower)) {
    return `${word}es`;
  }
  if (/[^f]fe$/.test(lower)) {
    return `${word.slice(0, -2)}ves`;
  }
  if (/(l|ar|ea)f$/.test(lower)) {
    return `${word.slice(0, -1)}ves`;
  }
  return `${word}s`;
}

/** Plural of a snake_case name, inflecting the last word: `team_member` → `team_members`. */
export function pluralSnake(snake: string): string {
  const parts = snake.split('_');
  const last = parts.pop() ?? '';
  return [...parts, pluralizeWord(last)].join('_');
}

/** `TeamMember` → `TeamMembers`, `Category` → `Categories`: the plural class-name stem. */
export function pluralPascal(name: string): string {
  const match = /^(.*?)([A-Z]?[a-z0-9]*)$/.exec(name);
  const head = match?.[1] ?? '';
  const last = match?.[2] ?? name;
  if (last === '') {
    return `${name}s`;
  }
  const plural = pluralizeWord(last.toLowerCase());
  return `${head}${plural.charAt(0).toUpperCase()}${plural.slice(1)}`;
}

/** Words for prose: `TeamMember` → `team member`. */
export function humanWords(name: string): string {
  return snakeCase(name).replace(/_/g, ' ');
}

/** The resource name as a URL segment: `team_members` → `team-members`. */
export function urlSegment(pluralSnakeName: string): string {
  return pluralSnakeName.replace(/_/g, '-');
}

/** `a hero`, `an item`: the indefinite article for words of prose. */
export function withArticle(words: string): string {
  // A leading "u" sounding like "you" (user, unit, use) or "eu" takes "a": "a user", "an item".
  const vowelSound = /^[aeiou]/i.test(words) && !/^(u[bcdfghjklmnpqrstvwxz][aeiou]|eu)/i.test(words);
  return `${vowelSound ? 'an' : 'a'} ${words}`;
}
