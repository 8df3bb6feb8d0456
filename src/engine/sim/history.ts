/** The client history in Jepsen's shape, as the linearizability checker reads it. */
export interface HistoryOp {
  readonly process: number;
  readonly type: 'invoke' | 'ok' | 'fail' | 'info';
  readonly f: 'get' | 'put';
  readonly key: string;
  /** put: the value written; get: null at invoke, the value read at ok (null for a key never written). */
  readonly value: number | null;
  /** Virtual time in ms. */
  readonly time: number;
}
