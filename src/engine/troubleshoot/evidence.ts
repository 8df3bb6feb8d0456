/**
 * How rules record what they saw. A weight is a log-odds contribution to an issue (see `diagnose.ts`): about +3
 * for an observation that on its own makes the issue likely, +1 for one that only fits it, negative for one that
 * argues against it. A decisive finding settles the issue (a safety violation in the logs, too few nodes up).
 */
import type { Finding, IssueId } from './types.js';

export const W = { decisive: 6, strong: 3, moderate: 2, weak: 1 } as const;

export class Evidence {
  readonly findings: Finding[] = [];
  constructor(private readonly issue: IssueId) {}

  /** Evidence for the issue; `cause` names the knowledge-base cause it points at, when it singles one out. */
  supports(weight: number, input: string, observation: string, cause?: string): this {
    this.findings.push({ issue: this.issue, weight, input, observation, ...(cause ? { cause } : {}) });
    return this;
  }

  /** Evidence against the issue; `weight` is given positive and recorded negative. */
  contradicts(weight: number, input: string, observation: string): this {
    this.findings.push({ issue: this.issue, weight: -weight, input, observation });
    return this;
  }

  /** Proof on its own: the issue is confirmed whatever else says. */
  proves(input: string, observation: string, cause: string, safetyViolation: boolean): this {
    this.findings.push({
      issue: this.issue,
      weight: W.decisive,
      decisive: true,
      safetyViolation,
      input,
      observation,
      cause,
    });
    return this;
  }
}
