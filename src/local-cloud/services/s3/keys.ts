/** A bucket's keys in S3 listing order, sorted once per change of the key set. */
import { compareKeys } from './names.js';
import type { BucketRecord } from './state.js';

const cache = new WeakMap<object, { generation: number; keys: string[] }>();

export function sortedKeys(bucket: BucketRecord): string[] {
  const hit = cache.get(bucket.objects);
  if (hit && hit.generation === bucket.generation) return hit.keys;
  const keys = Object.keys(bucket.objects).sort(compareKeys);
  cache.set(bucket.objects, { generation: bucket.generation, keys });
  return keys;
}
