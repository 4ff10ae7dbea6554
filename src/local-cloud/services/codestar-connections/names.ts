/**
 * ARNs and IDs of CodeStar Connections: `arn:aws:codestar-connections:<region>:<account>:connection/<uuid>`
 * and `…:host/<name>-<8 hex>`. IDs are derived from a serial number, not drawn at random, so they are
 * deterministic.
 */
import { createHash } from 'node:crypto';
import type { Where } from '../codepipeline/call.js';

function digest(where: Where, serial: number): string {
  return createHash('sha256').update(`${where.accountId}/${where.region}/${serial}`).digest('hex');
}

/** A UUID-shaped ID. */
export function connectionArn(where: Where, serial: number): string {
  const h = digest(where, serial);
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `arn:aws:codestar-connections:${where.region}:${where.accountId}:connection/${id}`;
}

export function hostArn(where: Where, name: string, serial: number): string {
  return `arn:aws:codestar-connections:${where.region}:${where.accountId}:host/${name}-${digest(where, serial).slice(0, 8)}`;
}

const ARN = /^arn:aws[a-z-]*:codestar-connections:([a-z0-9-]+):(\d{12}):(connection|host)\/[A-Za-z0-9\-_]+$/;

export function parseArn(arn: string): (Where & { kind: 'connection' | 'host' }) | undefined {
  const m = ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, kind: m[3] as 'connection' | 'host' } : undefined;
}
