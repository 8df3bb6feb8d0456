import type { Issue } from '../errors.js';

/** Timers every leader-based protocol here shares: a randomized failure-detection timeout and a heartbeat. */
export interface LeaderTimers {
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  readonly heartbeatMs: number;
}

export function validateLeaderTimers(o: LeaderTimers): Issue[] {
  const issues: Issue[] = [];
  if (!(o.electionTimeoutMinMs > 0)) {
    issues.push({ path: 'election_timeout_ms.0', message: 'the minimum election timeout must be above 0 ms' });
  }
  if (o.electionTimeoutMaxMs < o.electionTimeoutMinMs) {
    issues.push({ path: 'election_timeout_ms', message: 'give [min, max] with min <= max, e.g. [150, 300]' });
  }
  if (!(o.heartbeatMs > 0)) issues.push({ path: 'heartbeat_ms', message: 'the heartbeat interval must be above 0 ms' });
  return issues;
}
