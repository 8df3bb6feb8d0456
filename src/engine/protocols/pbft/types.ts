import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';
import { fmix32 } from '../bits.js';

/**
 * A batch of client requests ordered at one sequence number (Castro & Liskov 1999 §5.1: the primary batches
 * requests). The digest stands for the batch in prepares, commits and certificates; a null request (§4.4, for gaps
 * after a view change) is the empty batch.
 */
export interface Batch {
  readonly digest: number;
  readonly commands: readonly Command[];
}

/** A prepared certificate as a view-change message carries it (§4.4: the set P). */
export interface PreparedProof {
  readonly seq: number;
  readonly view: number;
  readonly batch: Batch;
}

export interface Base {
  readonly from: NodeId;
  readonly to: NodeId;
}

/** PBFT's protocol messages (§4.2 normal case, §4.3 checkpoints, §4.4 view changes) plus state transfer. */
export type PbftMessage =
  | (Base & { readonly type: 'PrePrepare'; readonly view: number; readonly seq: number; readonly batch: Batch })
  | (Base & { readonly type: 'Prepare'; readonly view: number; readonly seq: number; readonly digest: number })
  | (Base & { readonly type: 'Commit'; readonly view: number; readonly seq: number; readonly digest: number })
  | (Base & { readonly type: 'Checkpoint'; readonly seq: number; readonly digest: number })
  | (Base & {
      readonly type: 'ViewChange';
      readonly view: number;
      /** The sender's last stable checkpoint (§4.4: n and C). */
      readonly stableSeq: number;
      readonly stableDigest: number;
      readonly prepared: readonly PreparedProof[];
    })
  | (Base & {
      readonly type: 'NewView';
      readonly view: number;
      /** The view-change messages the new primary decided from (§4.4: V). */
      readonly viewChanges: readonly ViewChangeMessage[];
      /** The pre-prepares of the new view for the sequence numbers in between (§4.4: O). */
      readonly prePrepares: readonly { readonly seq: number; readonly batch: Batch }[];
    })
  | (Base & { readonly type: 'Fetch'; readonly fromSeq: number; readonly toSeq: number })
  | (Base & { readonly type: 'Transfer'; readonly fromSeq: number; readonly batches: readonly Batch[] });

export type ViewChangeMessage = Extract<PbftMessage, { type: 'ViewChange' }>;

export type { ByzantineBehaviour } from '../../sim/faults.js';

/** Test-only switches that plant known bugs, so tests can prove the checkers catch them. */
export interface PbftBugs {
  /** Commit locally at 2f matching commits instead of 2f + 1 (§4.2 committed-local needs 2f + 1). */
  readonly commitAtTwoF?: boolean;
  /** A new primary ignores the prepared certificates in the view changes and fills every slot with null (§4.4). */
  readonly newViewIgnoresPrepared?: boolean;
}

export interface PbftOptions {
  /** A backup waiting this long for a request to execute starts a view change; doubled per failed view (§4.5.2). */
  readonly viewChangeTimeoutMs: number;
  /** Messages for sequence numbers still in progress are sent again at this interval. */
  readonly retransmitMs: number;
  /** Most requests in one pre-prepare (§5.1 batching). */
  readonly batchSize: number;
  /** Most sequence numbers the primary keeps in progress at once; further requests wait and batch up. */
  readonly pipelineDepth: number;
  /** A checkpoint every this many sequence numbers (§4.3: K); the log window is 2K (the watermarks H = h + L). */
  readonly checkpointInterval: number;
  readonly __bugs?: PbftBugs | undefined;
}

export const DEFAULT_PBFT_OPTIONS: PbftOptions = {
  viewChangeTimeoutMs: 300,
  retransmitMs: 50,
  batchSize: 16,
  pipelineDepth: 4,
  checkpointInterval: 64,
};

/** Most faulty replicas n tolerates: f = floor((n - 1) / 3). */
export const pbftFaults = (nodes: number): number => Math.floor((nodes - 1) / 3);

/** Quorum so that any two intersect in an honest replica: ceil((n + f + 1) / 2), 2f + 1 when n = 3f + 1. */
export const pbftQuorum = (nodes: number): number => Math.ceil((nodes + pbftFaults(nodes) + 1) / 2);

/** The primary of a view (§4.1: p = v mod |R|). */
export const primaryOf = (view: number, nodes: number): NodeId => view % nodes;

export { bit, popcount } from '../bits.js';

/** The digest of a batch: a hash over its command ids in order (the empty batch, a null request, is 1). */
export function batchOf(commands: readonly Command[]): Batch {
  let h = 0x811c9dc5;
  for (const c of commands) h = fmix32(h ^ fmix32((c.id | 0) + 0x9e3779b9) ^ Math.floor(c.id / 4_294_967_296));
  return { digest: commands.length === 0 ? 1 : (h >>> 0) + 2, commands };
}

/** The state digest after executing `digest` on top of `prev` (what checkpoints compare, §4.3). */
export const chainDigest = (prev: number, digest: number): number => fmix32(fmix32(prev + 0x7f4a7c15) ^ digest);
