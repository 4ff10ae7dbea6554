import { describe, expect, it } from 'vitest';
import { partitionByHashTrie, type ShardGroup, shardId, shardKey } from '../../../src/build/synth/shard.js';
import { FleetpipeError } from '../../../src/errors.js';
import { thrownBy } from './fixtures.js';

const names = (count: number, start = 0) => Array.from({ length: count }, (_, i) => `acme-fn-${start + i}`);

function partition(items: string[], capacity: number): ShardGroup<string>[] {
  return partitionByHashTrie({
    items,
    keyOf: shardKey,
    nameOf: (n) => n,
    fits: ({ members }) => members.length <= capacity,
  });
}

function shardOf(groups: ShardGroup<string>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups) for (const m of g.members) out.set(m, g.prefix);
  return out;
}

/** The next names (after `from`) whose key starts with `prefix`. */
function namesWithPrefix(prefix: string, count: number, from = 0): string[] {
  const found: string[] = [];
  for (let i = from; found.length < count; i++)
    if (shardKey(`acme-new-${i}`).startsWith(prefix)) found.push(`acme-new-${i}`);
  return found;
}

describe('shard IDs and keys', () => {
  it('are the hash prefix in upper case, and sha256 of the name', () => {
    expect(shardId('3a')).toBe('Shard3A');
    expect(shardKey('x')).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
  });
});

describe('partitionByHashTrie', () => {
  it('puts every item in exactly one non-empty group that fits and matches its prefix', () => {
    const items = names(1200);
    const groups = partition(items, 60);
    expect(groups.flatMap((g) => g.members).sort()).toEqual([...items].sort());
    for (const g of groups) {
      expect(g.members.length).toBeGreaterThan(0);
      expect(g.members.length).toBeLessThanOrEqual(60);
      expect(g.id).toBe(shardId(g.prefix));
      for (const m of g.members) expect(shardKey(m).startsWith(g.prefix)).toBe(true);
    }
    const prefixes = groups.map((g) => g.prefix);
    expect(prefixes).toEqual([...prefixes].sort());
  });

  it('splits a group only when it does not fit (its parent overflowed)', () => {
    const items = names(1200);
    const groups = partition(items, 60);
    expect(groups.some((g) => g.prefix.length > 1)).toBe(true);
    for (const g of groups.filter((x) => x.prefix.length > 1)) {
      const parent = g.prefix.slice(0, -1);
      expect(items.filter((n) => shardKey(n).startsWith(parent)).length).toBeGreaterThan(60);
    }
  });

  it('never starts with one group for everything: the sharded layout begins at one hex digit', () => {
    expect(partition(names(3), 1000).every((g) => g.prefix.length === 1)).toBe(true);
  });

  it('throws when a single item does not fit alone', () => {
    const error = thrownBy(() => partition(['acme-a', 'acme-b'], 0));
    expect(error).toBeInstanceOf(FleetpipeError);
    expect(error).toMatchObject({ code: 'ShardTooLarge' });
  });
});

describe('stability: existing functions stay where they are', () => {
  const base = names(1200);
  const capacity = 90;
  const before = shardOf(partition(base, capacity));

  /**
   * A function may move only if the shard it was in received one of the added
   * functions (and so overflowed); then it moves down into a child of that shard.
   */
  function assertOnlyOverflowMoves(after: Map<string, string>, added: string[]) {
    const addedKeys = added.map(shardKey);
    for (const [name, prefix] of before) {
      const now = after.get(name);
      if (now === prefix) continue;
      expect(now!.startsWith(prefix)).toBe(true);
      expect(addedKeys.some((k) => k.startsWith(prefix))).toBe(true);
    }
  }

  it('adding one function moves nobody when its shard has room', () => {
    const added = ['acme-fn-new'];
    const after = shardOf(partition([...base, ...added], capacity));
    for (const [name, prefix] of before) expect(after.get(name)).toBe(prefix);
  });

  it('adding 50 functions moves only members of shards that overflowed', () => {
    const added = names(50, 5000);
    assertOnlyOverflowMoves(shardOf(partition([...base, ...added], capacity)), added);
  });

  it('adding 50 functions in front of the name order (a renumbering layout would move everything)', () => {
    const added = Array.from({ length: 50 }, (_, i) => `acme-aaa-${i}`);
    assertOnlyOverflowMoves(shardOf(partition([...added, ...base], capacity)), added);
  });

  it('removing one function moves nobody while its shard still needs to be split', () => {
    const removed = base[600]!;
    const after = shardOf(
      partition(
        base.filter((n) => n !== removed),
        capacity,
      ),
    );
    for (const [name, prefix] of before) if (name !== removed) expect(after.get(name)).toBe(prefix);
  });

  it('when a shard overflows, exactly its members move, one level down; all other shards stay', () => {
    const groups = partition(base, capacity);
    const full = groups.find((g) => g.prefix.length === 1)!;
    // Capacity exactly at that shard's size: one more member overflows it.
    const cap = full.members.length;
    const tight = shardOf(partition(base, cap));
    const [newcomer] = namesWithPrefix(full.prefix, 1);
    const after = shardOf(partition([...base, newcomer!], cap));
    for (const [name, prefix] of tight) {
      if (prefix === full.prefix) {
        expect(after.get(name)).toHaveLength(2);
        expect(after.get(name)!.startsWith(full.prefix)).toBe(true);
      } else expect(after.get(name)).toBe(prefix);
    }
  });
});
