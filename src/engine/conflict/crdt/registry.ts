import { configError } from '../../errors.js';
import { gCounter, pnCounter } from './counters.js';
import { orSet } from './or-set.js';
import { lwwRegister, mvRegister } from './registers.js';
import { gSet, lwwElementSet, twoPSet } from './sets.js';
import { CRDT_TYPES, type Crdt, type CrdtType, type StateJson } from './types.js';

/** Every CRDT by type. Method parameters are bivariant, so each typed CRDT fits `Crdt<unknown>`. */
export const CRDTS: Readonly<Record<CrdtType, Crdt<unknown>>> = {
  g_counter: gCounter,
  pn_counter: pnCounter,
  lww_register: lwwRegister,
  mv_register: mvRegister,
  g_set: gSet,
  two_p_set: twoPSet,
  or_set: orSet,
  lww_element_set: lwwElementSet,
};

export function isCrdtType(value: unknown): value is CrdtType {
  return typeof value === 'string' && (CRDT_TYPES as readonly string[]).includes(value);
}

/** The type whose fields a state uses, or undefined for an empty state `{}` (which every type accepts). */
export function typeOfFields(state: StateJson, path: string): CrdtType | undefined {
  const fields = Object.keys(state).filter((f) => f !== 'type');
  const owners = new Set<CrdtType>();
  for (const field of fields) {
    const owner = CRDT_TYPES.find((t) => CRDTS[t].fields.includes(field));
    if (owner === undefined)
      throw configError(`${path}.${field}`, `is not a field of any CRDT state (${fieldGuide()})`);
    owners.add(owner);
  }
  if (owners.size > 1) {
    const [first, second] = [...owners];
    throw configError(path, `mixes fields of ${first} and ${second}: one state belongs to one CRDT (${fieldGuide()})`);
  }
  return [...owners][0];
}

/** "g_counter: counts; pn_counter: increments, decrements; ..." for error messages. */
export function fieldGuide(): string {
  return CRDT_TYPES.map((t) => `${t}: ${CRDTS[t].fields.join(', ')}`).join('; ');
}
