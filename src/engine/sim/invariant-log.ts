import type { InvariantReport, NodeId } from './protocol.js';

/**
 * Counts violations of a protocol's named invariants and keeps the first of each, for a safety monitor's report.
 * `rules` gives every invariant its paper rule, in the order the report lists them.
 */
export class InvariantLog<N extends string> {
  private readonly counts = new Map<N, number>();
  private readonly first = new Map<N, { atMs: number; node: NodeId | undefined; detail: string }>();

  constructor(
    private readonly rules: Readonly<Record<N, string>>,
    private readonly nowMs: () => number,
  ) {}

  violate(name: N, node: NodeId | undefined, detail: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    if (!this.first.has(name)) this.first.set(name, { atMs: this.nowMs(), node, detail });
  }

  report(): InvariantReport[] {
    return (Object.keys(this.rules) as N[]).map((name) => {
      const violations = this.counts.get(name) ?? 0;
      const firstViolation = this.first.get(name);
      return {
        name,
        rule: this.rules[name],
        held: violations === 0,
        violations,
        ...(firstViolation ? { firstViolation } : {}),
      };
    });
  }
}
