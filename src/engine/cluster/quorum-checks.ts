/**
 * Checks of explicit quorum sizes. Strict read/write quorums need R + W > N so every read meets the latest write
 * (Gifford 1979); Flexible Paxos needs only |Q1| + |Q2| > N (Howard, Malkhi & Spiegelman 2016). With byzantine
 * nodes an overlap of one is not enough: it must hold f + 1 nodes so that one of them is honest.
 */

export interface QuorumSizes {
  readonly readQuorum?: number | undefined;
  readonly writeQuorum?: number | undefined;
  readonly phase1Quorum?: number | undefined;
  readonly phase2Quorum?: number | undefined;
}

export interface QuorumCheck {
  readonly rule:
    | 'quorum_bounds'
    | 'read_write_quorum_overlap'
    | 'write_quorum_overlap'
    | 'flexible_paxos_intersection'
    | 'quorum_availability';
  readonly held: boolean;
  /** `error` checks make the cluster invalid; `warning` checks flag a weaker guarantee. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

const FIELD_NAMES: Record<keyof QuorumSizes, string> = {
  readQuorum: 'read_quorum',
  writeQuorum: 'write_quorum',
  phase1Quorum: 'phase1_quorum',
  phase2Quorum: 'phase2_quorum',
};

export function checkQuorums(nodes: number, f: number, byzantine: boolean, sizes: QuorumSizes): QuorumCheck[] {
  const checks: QuorumCheck[] = [];
  for (const key of Object.keys(FIELD_NAMES) as (keyof QuorumSizes)[]) {
    const q = sizes[key];
    if (q !== undefined && q > nodes) {
      checks.push({
        rule: 'quorum_bounds',
        held: false,
        severity: 'error',
        message: `${FIELD_NAMES[key]} = ${q} exceeds the ${nodes} nodes; a quorum is at most n.`,
      });
    }
  }
  if (checks.length > 0) return checks;
  const overlapNeeded = byzantine ? f + 1 : 1;
  const { readQuorum: r, writeQuorum: w, phase1Quorum: q1, phase2Quorum: q2 } = sizes;
  if (r !== undefined && w !== undefined) checks.push(readWriteOverlap(nodes, r, w, overlapNeeded));
  if (w !== undefined) checks.push(writeWriteOverlap(nodes, w));
  if (q1 !== undefined || q2 !== undefined) checks.push(flexibleIntersection(nodes, q1, q2, overlapNeeded));
  checks.push(...availability(nodes, f, sizes));
  return checks;
}

function readWriteOverlap(n: number, r: number, w: number, need: number): QuorumCheck {
  const overlap = r + w - n;
  const held = overlap >= need;
  const rule = need === 1 ? 'R + W > N' : `R + W >= N + f + 1 (overlap of ${need} so one node in it is honest)`;
  return {
    rule: 'read_write_quorum_overlap',
    held,
    severity: 'error',
    message: held
      ? `R=${r} + W=${w} = ${r + w} > N=${n}: every read quorum meets every write quorum in ${overlap} node(s), so reads see the latest acknowledged write.`
      : `${rule} fails: R=${r} + W=${w} = ${r + w} against N=${n}, so a read can miss the latest write (stale reads). Raise R or W to make R + W at least ${n + need}.`,
  };
}

function writeWriteOverlap(n: number, w: number): QuorumCheck {
  const held = 2 * w > n;
  return {
    rule: 'write_quorum_overlap',
    held,
    severity: 'warning',
    message: held
      ? `W=${w} > N/2: any two write quorums overlap, so concurrent writes are seen by a common node.`
      : `W=${w} <= N/2: two write quorums can be disjoint, so concurrent writes need versioning (vector clocks or LWW) to reconcile. Use W >= ${Math.floor(n / 2) + 1} to serialise writes.`,
  };
}

function flexibleIntersection(n: number, q1: number | undefined, q2: number | undefined, need: number): QuorumCheck {
  if (q1 === undefined || q2 === undefined) {
    const known = (q1 ?? q2) as number;
    const other = q1 === undefined ? 'phase1_quorum' : 'phase2_quorum';
    return {
      rule: 'flexible_paxos_intersection',
      held: true,
      severity: 'error',
      message: `With ${q1 === undefined ? 'phase2_quorum' : 'phase1_quorum'} = ${known}, ${other} must be at least ${n + need - known} for |Q1| + |Q2| > N.`,
    };
  }
  const held = q1 + q2 - n >= need;
  return {
    rule: 'flexible_paxos_intersection',
    held,
    severity: 'error',
    message: held
      ? `|Q1|=${q1} + |Q2|=${q2} = ${q1 + q2} > N=${n}: every leader election quorum meets every replication quorum, so a new leader learns every chosen value.`
      : `|Q1| + |Q2| > N fails: ${q1} + ${q2} = ${q1 + q2} against N=${n}, so a new leader can miss a chosen value and overwrite it. Raise phase1_quorum to ${n + need - q2} or phase2_quorum to ${n + need - q1}.`,
  };
}

function availability(n: number, f: number, sizes: QuorumSizes): QuorumCheck[] {
  const checks: QuorumCheck[] = [];
  const alive = n - f;
  for (const key of Object.keys(FIELD_NAMES) as (keyof QuorumSizes)[]) {
    const q = sizes[key];
    if (q === undefined || q <= alive) continue;
    checks.push({
      rule: 'quorum_availability',
      held: false,
      severity: 'error',
      message: `${FIELD_NAMES[key]} = ${q} cannot be met once ${f} of ${n} nodes fail (${alive} remain): lower it to ${alive} or tolerate only ${n - q} failures.`,
    });
  }
  return checks;
}
