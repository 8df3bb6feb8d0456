import type { PartitioningEvidence, PartitioningNeeds, PartitioningScheme } from './choose.js';
import type { SequentialEvidence } from './choose-sequential.js';

const fixed = (x: number): string => x.toFixed(2);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Why the chosen scheme fits, each reason carrying the figures measured on the same keys. */
export function reasonsFor(
  scheme: PartitioningScheme,
  needs: PartitioningNeeds,
  e: PartitioningEvidence,
  keyBuckets: number | undefined,
): string[] {
  const scan = `a scan over a tenth of the ${e.keys} keys contacts ${e.scanNodesRange} node(s) with ranges and ${e.scanNodesHash} of ${needs.nodes.length} with hashing`;
  if (scheme === 'directory') {
    return [
      'Keys or tenants must sit on chosen nodes: only an explicit routing table can put a given key on a given node and move it alone; everything it does not name falls back to a hash ring.',
      'The table is consulted on every lookup, so it is cached by routers and replicated: with 3 copies an update needs 2 and survives 1 failure.',
    ];
  }
  if (scheme === 'range') {
    const s = e.sequential;
    if (s) {
      return [
        `Range queries are needed: ${scan}.`,
        plainInserts(s),
        ...(keyBuckets ? [bucketed(s)] : []),
        `Stored keys (reads of what is there, measured on the sample): busiest node ${fixed(e.maxOverMeanRange)} x its fair load, ` +
          (e.hotRanges > 0
            ? `${fixed(e.maxOverMeanRangeAfterSplits)} after splitting ${e.hotRanges} range(s) over the threshold`
            : 'none over the split threshold') +
          ` (hashing: ${fixed(e.maxOverMeanHash)}); the insert hot spot above is not in these figures.`,
      ];
    }
    const split =
      e.hotRanges > 0
        ? ` ${e.hotRanges} range(s) run hot; splitting them takes the busiest node from ${fixed(e.maxOverMeanRange)} to ${fixed(e.maxOverMeanRangeAfterSplits)} x its fair load (hashing: ${fixed(e.maxOverMeanHash)}).`
        : ` No range is hot: busiest node ${fixed(e.maxOverMeanRange)} x its fair load (hashing: ${fixed(e.maxOverMeanHash)}).`;
    return [`Range queries are needed: ${scan}.`, `Keys stay in order, so neighbours share a range.${split}`];
  }
  const balance =
    e.maxOverMeanRange < e.maxOverMeanHash
      ? `ranges cut from these very keys are more even now (${fixed(e.maxOverMeanRange)}), but must be re-split as keys and load drift`
      : `ranges: ${fixed(e.maxOverMeanRange)} before splitting`;
  return [
    `No range queries or manual placement are needed, so key order buys nothing and hashing places keys without knowing their distribution in advance: busiest node ${fixed(e.maxOverMeanHash)} x its fair load (${balance}).`,
    ...(e.sequential
      ? [
          `Keys arrive in order, and hashing spreads the inserts like any other keys: busiest node ${fixed(e.sequential.insertMaxOverMeanHash)} x its fair insert load, where ranges would put all ${e.sequential.inserts} measured inserts on ${e.sequential.insertNodesRange} node (${fixed(e.sequential.insertMaxOverMeanRange)} x).`,
        ]
      : []),
    `Adding a node moves ${pct(e.movedOnJoinHash)} of the keys (ideal ${pct(e.idealOnJoin)}), all onto the new node, with no split points to maintain.`,
  ];
}

function plainInserts(s: SequentialEvidence): string {
  return `Keys arrive in order: over ${s.inserts} inserts continuing a sequence of ${s.storedKeys} stored keys, plain ranges put every insert on ${s.insertRangesRange} range on ${s.insertNodesRange} node (${fixed(s.insertMaxOverMeanRange)} x its fair insert load); splitting cannot help, since each new key sorts after the last split point.`;
}

function bucketed(s: SequentialEvidence): string {
  return `So each key is prefixed with one of ${s.buckets} hash buckets computed from the key (hash-sharded keys), and the ranges are pre-split at the bucket boundaries: the same inserts land on ${s.insertRangesBucketed} ranges on ${s.insertNodesBucketed} node(s), busiest ${fixed(s.insertMaxOverMeanBucketed)} x its fair insert load. The price: a scan over a tenth of the sequence asks every bucket, ${s.scanRangesBucketed} ranges on ${s.scanNodesBucketed} node(s), where plain ranges ask ${s.scanNodesRange} and hashing ${s.scanNodesHash} (hashing would spread the inserts to ${fixed(s.insertMaxOverMeanHash)} x).`;
}

/** The schemes not chosen, each with what it would have cost on these keys. */
export function rejected(
  scheme: PartitioningScheme,
  needs: PartitioningNeeds,
  e: PartitioningEvidence,
): { scheme: PartitioningScheme; why: string }[] {
  const out: { scheme: PartitioningScheme; why: string }[] = [];
  const s = e.sequential;
  if (scheme !== 'hash') {
    out.push({
      scheme: 'hash',
      why: needs.manualPlacement
        ? 'a hash decides where each key goes; it cannot honour a chosen placement'
        : `hashing scatters a scan over ${e.scanNodesHash} of ${needs.nodes.length} nodes (ranges: ${e.scanNodesRange})` +
          (s
            ? `; it would spread the inserts of keys arriving in order (busiest node ${fixed(s.insertMaxOverMeanHash)} x)`
            : ''),
    });
  }
  if (scheme !== 'range') {
    out.push({
      scheme: 'range',
      why: needs.manualPlacement
        ? 'ranges place contiguous keys together, not chosen keys on chosen nodes'
        : `no scans need key order, and ranges need split points kept up to date as keys and load drift (busiest node now ${fixed(e.maxOverMeanRange)} x fair, ${e.hotRanges} hot range(s))` +
          (s
            ? `; with keys arriving in order every insert lands on the last range (${fixed(s.insertMaxOverMeanRange)} x its node's fair insert load)`
            : ''),
    });
  }
  if (scheme !== 'directory') {
    out.push({
      scheme: 'directory',
      why: 'no key needs a chosen node; a directory adds a lookup and a replicated table to keep consistent',
    });
  }
  return out;
}

export function commonWarnings(
  needs: PartitioningNeeds,
  e: PartitioningEvidence,
  keyBuckets: number | undefined,
): string[] {
  const warnings: string[] = [];
  const s = e.sequential;
  if (s && needs.manualPlacement) {
    warnings.push(
      `Keys arrive in increasing order: keys no entry names are spread by the default ring (busiest node ${fixed(s.insertMaxOverMeanHash)} x its fair insert load), but a prefix entry covering the sequence (a tenant's prefix) sends every insert under it to its one node.`,
    );
  } else if (s && needs.rangeQueries) {
    warnings.push(
      `Keys arrive in increasing order: every new key sorts after every split point, so without a prefix all inserts land on the last range and its one node (${fixed(s.insertMaxOverMeanRange)} x its fair insert load)` +
        (keyBuckets
          ? `; this layout assumes each key is prefixed with one of ${keyBuckets} hash buckets, and every scan asks all of them.`
          : '.'),
    );
  }
  if (e.hottestKey.share > 1 / needs.nodes.length) {
    warnings.push(
      `Key ${e.hottestKey.key} alone carries ${pct(e.hottestKey.share)} of the load, more than a node's fair share: no partitioning divides one key; cache it, replicate its reads or spread its writes over suffixed keys.`,
    );
  }
  return warnings;
}
