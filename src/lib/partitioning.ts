import {
  choosePartitioning as choosePartitioningSpec,
  planDirectory,
  planHashPlacement,
  planRangePartitioning,
  type DirectoryPlan,
  type DirectorySpec,
  type HashPlacement,
  type HashPlacementSpec,
  type PartitioningChoice,
  type PartitioningNeeds,
  type RangePartitioning,
  type RangePartitioningSpec,
} from '../engine/index.js';
import { checkOptionKeys, inLibraryTerms, optionKeys } from './options.js';

const PLACEMENT_KEYS = optionKeys<HashPlacementSpec>()(
  'algorithm',
  'nodes',
  'virtualNodes',
  'tableSize',
  'epsilon',
  'keys',
  'replicas',
  'distinctZones',
  'change',
  'sampleKeys',
  'seed',
  '__vnodeLabel',
);

const DIRECTORY_KEYS = optionKeys<DirectorySpec>()(
  'nodes',
  'virtualNodes',
  'tableSize',
  'epsilon',
  'defaultAlgorithm',
  'entries',
  'keys',
  'moves',
  'replicas',
  'distinctZones',
  'directoryReplicas',
  'sampleKeys',
  'seed',
  '__vnodeLabel',
  '__plantedBug',
);

const RANGE_KEYS = optionKeys<RangePartitioningSpec>()(
  'nodes',
  'keys',
  'keyLoads',
  'loadSkew',
  'sampleKeys',
  'seed',
  'splitPoints',
  'partitions',
  'splitBy',
  'hotLoadFactor',
  'hotLoadThreshold',
  'replicas',
  'distinctZones',
  'query',
  '__plantedBug',
);

const NEEDS_KEYS = optionKeys<PartitioningNeeds>()(
  'nodes',
  'rangeQueries',
  'loadSkew',
  'sequentialKeys',
  'manualPlacement',
  'keys',
  'keyLoads',
  'partitions',
  'sampleKeys',
  'seed',
);

/** hash_ring's hash placements run to the end: owners, replicas, exact or sampled balance, movement on a change. */
export function placeKeys(spec: HashPlacementSpec): HashPlacement {
  checkOptionKeys('placeKeys', spec, PLACEMENT_KEYS);
  return inLibraryTerms(PLACEMENT_KEYS, () => {
    const job = planHashPlacement(spec);
    while (!job.advance(1_000_000));
    return job.result();
  });
}

/** hash_ring's directory partitioning run to the end: routes, moves (audited), the directory's own quorum. */
export function partitionByDirectory(spec: DirectorySpec): DirectoryPlan {
  checkOptionKeys('partitionByDirectory', spec, DIRECTORY_KEYS);
  return inLibraryTerms(DIRECTORY_KEYS, () => {
    const job = planDirectory(spec);
    while (!job.advance(1_000_000));
    return job.result();
  });
}

/** hash_ring's range partitioning: split points, hot ranges split at their load median, the keys that move. */
export function partitionByRange(spec: RangePartitioningSpec): RangePartitioning {
  checkOptionKeys('partitionByRange', spec, RANGE_KEYS);
  return inLibraryTerms(RANGE_KEYS, () => planRangePartitioning(spec));
}

/** design_protocol's partitioning choice: hash, range or directory, from the workload and figures measured on it. */
export function choosePartitioning(needs: PartitioningNeeds): PartitioningChoice {
  checkOptionKeys('choosePartitioning', needs, NEEDS_KEYS);
  return inLibraryTerms(NEEDS_KEYS, () => choosePartitioningSpec(needs));
}
