/**
 * Event IDs in the UUID shape AWS uses, derived from a hash of where and which event it is, so the same
 * requests give the same IDs on every run (no randomness in outputs).
 */
import { digest } from '../../core/ids.js';

export function uuidFrom(...parts: string[]): string {
  const hex = digest('events', ...parts).toString('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
