import type { Caps } from './schema-arbitrary.js';

/**
 * What keeps each generated valid call cheap (a few milliseconds): small simulations, few runs, small samples. The
 * caps bound only what the fuzzer generates; the schema's own maxima are exercised by mutations just past them, and
 * the largest valid inputs by test/e2e/worst-case.test.ts.
 */
export const FUZZ_CAPS: Readonly<Record<string, Caps>> = {
  validate_cluster: {},
  hash_ring: {
    max: {
      nodes: 8,
      virtual_nodes: 40,
      sample_keys: 2000,
      maglev_table_size: 4099,
      'nodes[].weight': 8,
      'add_nodes[].weight': 8,
      'reweight_nodes[].weight': 8,
      partitions: 64,
    },
    force: ['sample_keys'],
  },
  resolve_conflict: { minItems: { versions: 1 }, force: ['versions'] },
  troubleshoot: { fixed: { reproduce: false } },
  simulate_cluster: {
    max: {
      nodes: 7,
      duration_ms: 2_000,
      max_events: 60_000,
      writes_per_second: 200,
      reads_per_second: 200,
      client_concurrency: 20,
      keys: 20,
      trace: 20,
      linearizability_max_steps: 50_000,
      'faults[].at_ms': 2_000,
    },
    force: ['nodes', 'duration_ms', 'max_events', 'writes_per_second', 'linearizability_max_steps'],
  },
  check_history: {
    max: { history: 8, time_limit_ms: 200, edn: 200 },
    minItems: { history: 1 },
    force: ['time_limit_ms', 'history'],
  },
  simulate_replication: {
    max: {
      duration_seconds: 0.5,
      write_rate: 2_000,
      primary_failure_at_seconds: 0.5,
      'replica_failures[].at_seconds': 0.5,
    },
    force: ['duration_seconds', 'write_rate'],
  },
  design_protocol: {
    max: {
      'verify.runs': 2,
      'verify.duration_ms': 2_000,
      'verify.writes_per_second': 20,
      'distributed_context.cluster_config.nodes': 9,
    },
    force: ['verify', 'verify.runs', 'verify.duration_ms', 'verify.writes_per_second'],
  },
};

/**
 * A realistic call (a demo case) made cheap: every capped number above its cap, and every forced field that is
 * missing, set to the cap. Only plain object paths (no arrays) are touched.
 */
export function cheapen(tool: string, args: Record<string, unknown>): Record<string, unknown> {
  const caps = FUZZ_CAPS[tool] ?? {};
  const out = structuredClone(args);
  for (const [path, cap] of Object.entries(caps.max ?? {})) {
    if (path.includes('[') || caps.minItems?.[path] !== undefined) continue;
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce<Record<string, unknown> | undefined>((o, k) => {
      if (o === undefined) return undefined;
      if (o[k] === undefined && caps.force?.includes(keys.slice(0, keys.indexOf(k) + 1).join('.'))) o[k] = {};
      return o[k] as Record<string, unknown> | undefined;
    }, out);
    if (parent === undefined || Array.isArray(parent[last])) continue;
    const value = parent[last];
    if ((typeof value === 'number' && value > cap) || (value === undefined && caps.force?.includes(path)))
      parent[last] = cap;
  }
  return out;
}
