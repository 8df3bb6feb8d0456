import { describe, it } from 'vitest';
import { CRDT_TYPES } from '../../../../src/engine/index.js';
import { lawProperties } from './crdt.properties.js';

// Shapiro et al. 2011: a state-based object whose states form a semilattice, whose merge is the least upper bound
// and whose updates are inflations converges (strong eventual consistency). Each law is checked on reachable
// states: replicas applying random updates and exchanging states.
describe.each(CRDT_TYPES)('%s (Shapiro et al. 2011, CvRDT laws)', (type) => {
  for (const [name, law] of Object.entries(lawProperties(type))) {
    it(`should always be ${name}`, () => law.assert(150));
  }
});
