/**
 * Which shard each function stack lives in, when the root cannot hold them all.
 *
 * Why a hash trie: a function's place must not depend on which other functions
 * exist. Moving a function stack from one parent stack to another makes
 * CloudFormation create it in the new parent before deleting it from the old
 * one, and the create fails on the function's fixed name (and log group name)
 * that the old stack still holds. So layouts that renumber when a function is
 * added (fill shards in name order, N equal shards) are out.
 *
 * Each function's key is sha256(name) in hex. A shard with prefix p holds the
 * functions whose key starts with p. Starting from the 16 one-digit prefixes,
 * a group that does not fit one template (checked on the real synthesized
 * template, exact limits) is split into its 16 children p+'0'..p+'f'; empty
 * groups are left out. Whether a group fits depends only on its own members,
 * so adding a function changes only the groups on its own key's path: an
 * existing function moves only when the shard it shares with the newcomer
 * overflows (its members then move one level down). Removing a function can
 * likewise merge a split group back once its parent fits again.
 */
import { FleetpipeError } from '../../errors.js';
import { compareStrings, sha256Hex } from './cfn.js';

const HexDigits = '0123456789abcdef';

export function shardKey(functionName: string): string {
  return sha256Hex(functionName);
}

/** `Shard` + the prefix in upper case: `Shard3`, `Shard3A`. */
export function shardId(prefix: string): string {
  return `Shard${prefix.toUpperCase()}`;
}

export interface ShardGroup<T> {
  prefix: string;
  id: string;
  /** In input order. */
  members: T[];
}

export interface PartitionInput<T> {
  items: T[];
  /** The hash-trie key of an item (see shardKey). */
  keyOf: (item: T) => string;
  /** Whether the group fits one template. Must depend on the members only. */
  fits: (group: { prefix: string; id: string; members: T[] }) => boolean;
  /** Names an item in the error when even a group of one does not fit. */
  nameOf: (item: T) => string;
}

/** The shard groups, in prefix order. Throws when a single item does not fit a template by itself. */
export function partitionByHashTrie<T>(input: PartitionInput<T>): ShardGroup<T>[] {
  const keyed = input.items.map((item) => ({ item, key: input.keyOf(item) }));
  const groups: ShardGroup<T>[] = [];
  const visit = (prefix: string, members: typeof keyed): void => {
    for (const digit of HexDigits) {
      const child = prefix + digit;
      const inChild = members.filter((m) => m.key[prefix.length] === digit);
      if (inChild.length === 0) continue;
      const group = { prefix: child, id: shardId(child), members: inChild.map((m) => m.item) };
      if (input.fits(group)) groups.push(group);
      else if (inChild.length === 1) throw tooLargeAlone(input.nameOf(inChild[0]!.item));
      else visit(child, inChild);
    }
  };
  visit('', keyed);
  return groups.sort((a, b) => compareStrings(a.prefix, b.prefix));
}

function tooLargeAlone(name: string): FleetpipeError {
  return new FleetpipeError(
    'ShardTooLarge',
    `The nested stack of function ${name} does not fit a shard template on its own.`,
    {
      source: 'toolkit',
      hint: 'This means the CloudFormation limits in use are smaller than one function stack; check the limits passed to synthesize.',
    },
  );
}
