/** Reading resolved resource properties. */
import { ProviderError } from './types.js';

export type Props = Record<string, unknown>;

export function optionalString(props: Props, key: string): string | undefined {
  const value = props[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ProviderError(`Property ${key} must be a string`, 'ValidationError');
}

export function requiredString(props: Props, key: string): string {
  const value = optionalString(props, key);
  if (value === undefined) throw new ProviderError(`Property ${key} cannot be empty.`, 'ValidationError');
  return value;
}

export function optionalNumber(props: Props, key: string): number | undefined {
  const value = props[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) {
    throw new ProviderError(`Property ${key} must be a number`, 'ValidationError');
  }
  return n;
}

export function stringList(props: Props, key: string): string[] {
  const value = props[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProviderError(`Property ${key} must be a list`, 'ValidationError');
  return value.map((v) => String(v));
}

export function objectList(props: Props, key: string): Props[] {
  const value = props[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProviderError(`Property ${key} must be a list`, 'ValidationError');
  return value as Props[];
}

/** A policy document or JSON value given as an object or as a string, as a JSON string. */
export function jsonText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface Tag {
  Key: string;
  Value: string;
}

/** `Tags: [{Key, Value}]` */
export function tagList(props: Props, key = 'Tags'): Tag[] {
  return objectList(props, key).map((t) => ({ Key: String(t['Key']), Value: String(t['Value'] ?? '') }));
}

export function tagMap(tags: Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

export function changed(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}
