/** Client operations as the replicated state machine sees them, and the error codes a client can receive. */

/** A key-value operation; `noop` is what a new leader commits to learn its commit index (Raft §8). */
export type Operation = 'put' | 'get' | 'noop';

export interface Command {
  /** Unique per operation in a run (negative for protocol-made no-ops). */
  readonly id: number;
  readonly op: Operation;
  readonly key: string;
  /** The value written by a put; null for get and noop. */
  readonly value: number | null;
  /** `{request_id}:{operation_type}`: retries of one request share it, and the state machine applies it once. */
  readonly idempotencyKey: string;
  /** The same key as a number (request id and operation), so the state machine's lookups stay cheap. */
  readonly dedupKey: number;
  /**
   * Virtual time the client sent this attempt. The dedup window is measured between attempts' send times, which
   * every replica sees alike, so all replicas take the same dedup decisions.
   */
  readonly sentAtMs: number;
}

/** The seed's retry policy: these codes are retried with backoff... */
export const RETRYABLE_ERRORS = [
  'LEADER_NOT_FOUND',
  'QUORUM_UNREACHABLE',
  'TIMEOUT',
  'NETWORK_PARTITION_HEALING',
] as const;
/** ...and these end the operation at once. */
export const ABORT_ERRORS = ['INVALID_TERM', 'DUPLICATE_REQUEST', 'PERMANENT_FAILURE'] as const;

export type ClientErrorCode = (typeof RETRYABLE_ERRORS)[number] | (typeof ABORT_ERRORS)[number];

export function isRetryable(code: ClientErrorCode): boolean {
  return (RETRYABLE_ERRORS as readonly string[]).includes(code);
}

export const idempotencyKey = (requestId: string, operation: Operation): string => `${requestId}:${operation}`;

const OP_CODE: Record<Operation, number> = { put: 1, get: 2, noop: 3 };

/** Numeric form of `{request_id}:{operation_type}` for a numeric request id. */
export const dedupKey = (requestId: number, operation: Operation): number => requestId * 4 + OP_CODE[operation];
