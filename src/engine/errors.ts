/** Where in the caller's input a problem lies, and what to do about it. */
export interface Issue {
  /** Dotted path of the input field, e.g. `regions.1.nodes`. */
  readonly path: string;
  readonly message: string;
}

export type EngineErrorCode = 'config' | 'not_found' | 'limit';

/**
 * An expected error: the caller asked for something the engine cannot do (a cross-field rule zod cannot express,
 * an unknown id, a bound). Tools turn it into an `isError` result whose text names the field and the fix.
 */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    readonly issues: readonly Issue[],
  ) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  }
}

/** Bad or inconsistent input. */
export function configError(path: string, message: string): EngineError {
  return new EngineError('config', [{ path, message }]);
}

/** A bound was exceeded: the message says which and what the limit is. */
export function limitError(path: string, message: string): EngineError {
  return new EngineError('limit', [{ path, message }]);
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** A broken invariant inside our own code: a bug, never caught inside the engine. */
export class InvariantViolation extends Error {
  override name = 'InvariantViolation';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

export function unreachable(value: never): never {
  throw new InvariantViolation(`unreachable: ${JSON.stringify(value)}`);
}
