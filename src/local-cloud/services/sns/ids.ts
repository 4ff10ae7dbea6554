/**
 * Message IDs, subscription IDs and confirmation tokens, derived from a hash of the topic and a serial
 * number kept in state, so the same requests give the same IDs on every run (no randomness in outputs).
 */
import { digest } from '../../core/ids.js';

export function uuidFrom(...parts: string[]): string {
  const hex = digest('sns', ...parts).toString('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A confirmation token: 128 hex digits, as long as the shorter tokens AWS sends. */
export function confirmationToken(...parts: string[]): string {
  return digest('sns-token-1', ...parts).toString('hex') + digest('sns-token-2', ...parts).toString('hex');
}
