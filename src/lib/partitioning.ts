import {
  planDirectory,
  planHashPlacement,
  type DirectoryPlan,
  type DirectorySpec,
  type HashPlacement,
  type HashPlacementSpec,
} from '../engine/index.js';

/** hash_ring's hash placements run to the end: owners, replicas, exact or sampled balance, movement on a change. */
export function placeKeys(spec: HashPlacementSpec): HashPlacement {
  const job = planHashPlacement(spec);
  while (!job.advance(1_000_000));
  return job.result();
}

/** hash_ring's directory partitioning run to the end: routes, moves (audited), the directory's own quorum. */
export function partitionByDirectory(spec: DirectorySpec): DirectoryPlan {
  const job = planDirectory(spec);
  while (!job.advance(1_000_000));
  return job.result();
}
