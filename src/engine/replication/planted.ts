/**
 * Test-only switch: plants a known bug in the replica pipeline so tests can prove that the RPO accounting and the
 * durability properties catch it. Never set outside tests; the tool has no way to reach it.
 */
export type PlantedReplicationBug =
  /** A replica acknowledges a write when it arrives even when it holds writes only once applied (durable_on apply). */
  'ack_before_durable';

let planted: PlantedReplicationBug | null = null;

export function __plantReplicationBug(bug: PlantedReplicationBug | null): void {
  planted = bug;
}

export function isPlanted(bug: PlantedReplicationBug): boolean {
  return planted === bug;
}
