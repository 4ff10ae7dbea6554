/**
 * What an update changes in a resource's tags, for APIs that tag and untag separately: the keys to remove
 * and the tags to set (new keys and changed values).
 */
export interface TagChanges {
  remove: string[];
  set: Record<string, string>;
}

export function tagChanges(
  previous: Readonly<Record<string, string>>,
  next: Readonly<Record<string, string>>,
): TagChanges {
  const remove = Object.keys(previous).filter((key) => !(key in next));
  const set: Record<string, string> = {};
  for (const [key, value] of Object.entries(next)) if (previous[key] !== value) set[key] = value;
  return { remove, set };
}
