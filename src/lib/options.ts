import { EngineError, configError, isEngineError, type Issue } from '../engine/index.js';

/**
 * The library speaks camelCase while the engine's checks name the tools' snake_case fields. Without these guards a
 * caller who wrote the skill's Python names (`write_rate`) got the defaults back silently, and an error about
 * `writeRate` named `write_rate`, a field the caller never wrote.
 */

/** Every key of T, checked at compile time: a list that misses one does not type-check. */
export function optionKeys<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K &
      ([Exclude<keyof T & string, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })
  ): readonly string[] => keys;
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Refuses option names the function does not take, suggesting the camelCase spelling of a snake_case one. */
export function checkOptionKeys(fn: string, options: unknown, accepted: readonly string[], path = ''): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw configError(path || 'options', `${fn} takes an options object`);
  }
  for (const key of Object.keys(options)) {
    if (accepted.includes(key)) continue;
    const hint = accepted.includes(camel(key)) ? ` (did you mean "${camel(key)}"?)` : '';
    throw configError(
      path ? `${path}.${key}` : key,
      `${fn} has no option "${key}"${hint}; it takes ${accepted.map((k) => `"${k}"`).join(', ')}`,
    );
  }
}

/**
 * Runs an engine call and renames the snake_case fields its errors name to the library's camelCase names;
 * `renamePath` maps what the caller cannot recognise otherwise (the engine's `versions.0` is the caller's `v1`).
 */
export function inLibraryTerms<R>(
  accepted: readonly string[],
  call: () => R,
  renamePath: (path: string) => string = (path) => path,
): R {
  try {
    return call();
  } catch (error) {
    if (!isEngineError(error)) throw error;
    const renames = new Map(accepted.filter((k) => camel(toSnake(k)) === k).map((k) => [toSnake(k), k]));
    const rename = (text: string): string =>
      text.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (w) => renames.get(w) ?? w);
    const issues: Issue[] = error.issues.map((issue) => ({
      ...issue,
      path: renamePath(issue.path).split('.').map(rename).join('.'),
      message: rename(issue.message),
    }));
    throw new EngineError(error.code, issues);
  }
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
