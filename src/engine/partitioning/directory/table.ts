import { configError, limitError } from '../../errors.js';
import { utf8 } from '../hash/utf8.js';
import type { RingNode } from '../nodes.js';
import { zoneFilter, type Partitioner } from '../partitioner.js';

export const DIRECTORY_LIMITS = {
  maxEntries: 100_000,
  maxMoves: 1000,
  maxEntryLength: 512,
  maxDirectoryReplicas: 15,
} as const;

/** A routing rule: one key, or every key starting with a prefix, lives on `node`. Exactly one of key and prefix. */
export interface DirectoryEntry {
  readonly key?: string | undefined;
  readonly prefix?: string | undefined;
  readonly node: string;
}

/** How a key was routed: by its own entry, by the longest matching prefix, or by the default scheme. */
export type DirectoryVia = 'key' | 'prefix' | 'default';

export interface Route {
  readonly node: number;
  readonly via: DirectoryVia;
  /** The key or prefix of the entry that decided (absent for the default scheme). */
  readonly entry?: string | undefined;
}

/** The entry's identity: kind and text ("key:user:1", "prefix:user:"). */
export function entryId(e: { readonly key?: string | undefined; readonly prefix?: string | undefined }): string {
  return e.key !== undefined ? `key:${e.key}` : `prefix:${e.prefix ?? ''}`;
}

/**
 * An explicit routing table (the seed's directory-based partitioning) over a default placement. Exact keys win over
 * prefixes, and the longest prefix wins, the way an IP routing table or Vitess's lookup vindexes resolve overlaps,
 * so pinning a key inside a moved prefix keeps it where it is.
 */
export class RoutingTable {
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private prefixLengths: number[] = [];

  constructor(
    readonly nodes: readonly RingNode[],
    private readonly fallback: Partitioner,
  ) {}

  /** Adds or replaces an entry; returns the node it routed to before (undefined when it is new). */
  set(
    entry: { readonly key?: string | undefined; readonly prefix?: string | undefined },
    node: number,
  ): number | undefined {
    const map = entry.key !== undefined ? this.exact : this.prefixes;
    const text = entry.key ?? entry.prefix ?? '';
    const previous = map.get(text);
    map.set(text, node);
    if (entry.prefix !== undefined && previous === undefined) {
      this.prefixLengths = [...new Set([...this.prefixLengths, text.length])].sort((a, b) => b - a);
    }
    return previous;
  }

  route(key: string, steps?: { value: number }): Route {
    let probes = 1;
    const pinned = this.exact.get(key);
    let route: Route | undefined = pinned === undefined ? undefined : { node: pinned, via: 'key', entry: key };
    for (const length of route ? [] : this.prefixLengths) {
      if (length > key.length) continue;
      probes++;
      const prefix = key.slice(0, length);
      const node = this.prefixes.get(prefix);
      if (node !== undefined) {
        route = { node, via: 'prefix', entry: prefix };
        break;
      }
    }
    if (steps) steps.value += probes;
    return route ?? { node: this.fallback.lookup(key), via: 'default' };
  }

  /** Owner first (the entry's node or the default's), then the default's preference list without it. */
  preference(key: string, count: number, distinctZones: boolean): number[] {
    const first = this.route(key).node;
    const accept = zoneFilter(this.nodes, distinctZones);
    accept(first);
    const chosen = [first];
    for (const i of this.fallback.preference(key, this.nodes.length, false)) {
      if (chosen.length >= count) break;
      if (i !== first && accept(i)) chosen.push(i);
    }
    return chosen;
  }

  /** The node an entry routes to, undefined when there is no such entry. */
  entryNode(e: { readonly key?: string | undefined; readonly prefix?: string | undefined }): number | undefined {
    return e.key !== undefined ? this.exact.get(e.key) : this.prefixes.get(e.prefix ?? '');
  }

  entries(): DirectoryEntry[] {
    const id = (i: number): string => this.nodes[i]?.id ?? '';
    return [
      ...[...this.exact].map(([key, node]) => ({ key, node: id(node) })),
      ...[...this.prefixes].map(([prefix, node]) => ({ prefix, node: id(node) })),
    ];
  }

  /** Bytes of the table held as UTF-8 keys and prefixes plus a 2-byte node number per entry. */
  bytes(): number {
    let total = 0;
    for (const text of [...this.exact.keys(), ...this.prefixes.keys()]) total += utf8(text).length + 2;
    return total;
  }

  get size(): number {
    return this.exact.size + this.prefixes.size;
  }

  clone(): RoutingTable {
    const copy = new RoutingTable(this.nodes, this.fallback);
    for (const [key, node] of this.exact) copy.exact.set(key, node);
    for (const [prefix, node] of this.prefixes) copy.prefixes.set(prefix, node);
    copy.prefixLengths = [...this.prefixLengths];
    return copy;
  }

  /** Keys with an entry of their own. */
  pinnedKeys(): string[] {
    return [...this.exact.keys()];
  }

  /** Keys pinned by an exact entry that start with `prefix` (what a careless prefix move would drag along). */
  keysUnder(prefix: string): string[] {
    return [...this.exact.keys()].filter((key) => key.startsWith(prefix));
  }
}

/** Resolves a node id named at `path`, refusing one that is not a node. */
export function nodeIndex(nodes: readonly RingNode[], id: string, path: string): number {
  const i = nodes.findIndex((n) => n.id === id);
  if (i < 0) {
    const known =
      nodes
        .slice(0, 10)
        .map((n) => n.id)
        .join(', ') + (nodes.length > 10 ? ', ...' : '');
    throw configError(path, `"${id}" is not a node; directory entries must name one of the nodes (${known})`);
  }
  return i;
}

/** Checks one entry or move target: exactly one of key and prefix, within bounds. */
export function checkEntryShape(
  e: { readonly key?: string | undefined; readonly prefix?: string | undefined },
  path: string,
): void {
  if ((e.key === undefined) === (e.prefix === undefined)) {
    throw configError(path, 'give exactly one of key (a single key) and prefix (every key starting with it)');
  }
  const text = e.key ?? e.prefix ?? '';
  if (text.length === 0 || text.length > DIRECTORY_LIMITS.maxEntryLength) {
    throw configError(
      `${path}.${e.key !== undefined ? 'key' : 'prefix'}`,
      `must be 1..${DIRECTORY_LIMITS.maxEntryLength} characters`,
    );
  }
}

/** Builds the table from the entries, refusing unknown nodes and an entry listed twice. */
export function buildTable(
  nodes: readonly RingNode[],
  fallback: Partitioner,
  entries: readonly DirectoryEntry[],
): RoutingTable {
  if (entries.length > DIRECTORY_LIMITS.maxEntries) {
    throw limitError('directory', `at most ${DIRECTORY_LIMITS.maxEntries} directory entries`);
  }
  const table = new RoutingTable(nodes, fallback);
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    checkEntryShape(entry, `directory.${i}`);
    const node = nodeIndex(nodes, entry.node, `directory.${i}.node`);
    const id = entryId(entry);
    const first = seen.get(id);
    if (first !== undefined) {
      throw configError(
        `directory.${i}`,
        `${id.replace(':', ' "')}" is also directory.${first}; give each key or prefix one entry`,
      );
    }
    seen.set(id, i);
    table.set(entry, node);
  });
  return table;
}
