import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as der from '../../../src/local-cloud/http/der.js';
import type { RequestContext } from '../../../src/local-cloud/http/types.js';
import { generateLocalTls } from '../../../src/local-cloud/http/x509.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import { loadOrCreateTls, TLS_FILES } from '../../../src/local-cloud/tls.js';
import { ALICE, credentialTable, registerTestSts, send, tempDir } from './fixtures.js';

const run = promisify(execFile);
const NOW = new Date('2030-03-04T05:06:07Z');

describe('DER encoder', () => {
  it('encodes INTEGERs minimally, with a sign byte when the high bit is set', () => {
    expect(der.integer(0).toString('hex')).toBe('020100');
    expect(der.integer(127).toString('hex')).toBe('02017f');
    expect(der.integer(128).toString('hex')).toBe('02020080');
    expect(der.integer(256).toString('hex')).toBe('02020100');
    expect(der.integer(Buffer.from([0, 0, 0x01])).toString('hex')).toBe('020101');
  });

  it('encodes OIDs and long lengths', () => {
    expect(der.oid('1.2.840.113549').toString('hex')).toBe('06062a864886f70d');
    expect(der.oid('2.5.29.17').toString('hex')).toBe('0603551d11');
    const long = der.octetString(Buffer.alloc(300));
    expect(long.subarray(0, 4).toString('hex')).toBe('0482012c');
  });

  it('uses UTCTime before 2050 and GeneralizedTime after', () => {
    expect(der.time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2)).toBe('491231235959Z');
    expect(der.time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2)).toBe('20500101000000Z');
  });
});

describe('X.509 generation', () => {
  const tls = generateLocalTls({
    notBefore: new Date('2030-03-03T05:06:07Z'),
    notAfter: new Date('2040-03-01T05:06:07Z'),
    dnsNames: ['localhost', '*.s3.localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
  });

  it('builds a CA and a server certificate Node can parse and verify', () => {
    const ca = new X509Certificate(tls.caCertPem);
    const cert = new X509Certificate(tls.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkHost('bucket.s3.localhost')).toBe('*.s3.localhost');
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, DNS:*.s3.localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(new Date(cert.validFrom).toISOString()).toBe('2030-03-03T05:06:07.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2040-03-01T05:06:07.000Z');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
  });

  it('passes openssl verification of the chain', async () => {
    const dir = await tempDir('x509');
    try {
      await writeFile(join(dir.path, 'ca.pem'), tls.caCertPem);
      await writeFile(join(dir.path, 'cert.pem'), tls.certPem);
      const text = await run('openssl', ['x509', '-noout', '-text', '-in', join(dir.path, 'cert.pem')]);
      expect(text.stdout).toContain('Version: 3 (0x2)');
      expect(text.stdout).toContain('ecdsa-with-SHA256');
      expect(text.stdout).toMatch(/DNS:localhost, DNS:\*\.s3\.localhost, IP Address:127\.0\.0\.1/);
      expect(text.stdout).toContain('TLS Web Server Authentication');
      // -attime: the certificates are dated in 2030, so check them as of that time.
      const verified = await run('openssl', [
        'verify',
        '-attime',
        String(NOW.getTime() / 1000),
        '-CAfile',
        join(dir.path, 'ca.pem'),
        join(dir.path, 'cert.pem'),
      ]);
      expect(verified.stdout.trim()).toBe(`${join(dir.path, 'cert.pem')}: OK`);
    } finally {
      await dir.remove();
    }
  });
});

describe('TLS files in the state directory', () => {
  it('are generated once, reused, and regenerated when damaged', async () => {
    const dir = await tempDir('tls-state');
    try {
      const first = await loadOrCreateTls({ dir: dir.path, now: NOW });
      for (const file of Object.values(TLS_FILES)) await access(join(dir.path, file));
      const second = await loadOrCreateTls({ dir: dir.path, now: NOW });
      expect(second.caCertPem).toBe(first.caCertPem);
      expect(second.certPem).toBe(first.certPem);

      await writeFile(join(dir.path, TLS_FILES.cert), 'not a certificate');
      const third = await loadOrCreateTls({ dir: dir.path, now: NOW });
      expect(third.caCertPem).not.toBe(first.caCertPem);
      expect(await readFile(join(dir.path, TLS_FILES.cert), 'utf8')).toBe(third.certPem);

      // Close to expiry (ten years on), the set is replaced.
      const later = await loadOrCreateTls({ dir: dir.path, now: new Date('2040-02-20T00:00:00Z') });
      expect(later.certPem).not.toBe(third.certPem);
    } finally {
      await dir.remove();
    }
  });
});

describe('HTTPS endpoint', () => {
  let cloud: LocalCloud;
  const seen: RequestContext[] = [];
  let state: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    state = await tempDir('https');
    cloud = await startLocalCloud({
      https: true,
      stateDir: state.path,
      credentials: credentialTable(),
      services: (registry) => registerTestSts(registry, seen),
    });
  });
  afterAll(async () => {
    await cloud.close();
    await state.remove();
  });

  it('serves the SDK over TLS with the local CA trusted, marking the request secure', async () => {
    expect(cloud.httpsEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new STSClient({
      endpoint: cloud.httpsEndpoint,
      region: 'us-east-1',
      credentials: ALICE,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: cloud.caCertPem }) }),
    });
    const out = await client.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(ALICE.account);
    expect(seen.at(-1)?.secureTransport).toBe(true);
    expect(seen.at(-1)?.conditionKeys['aws:SecureTransport']).toBe('true');
    expect(seen.at(-1)?.endpoint).toBe(cloud.httpsEndpoint);
  });

  it('is refused by clients that do not trust the CA', async () => {
    await expect(send(cloud.httpsEndpoint!, { method: 'GET', path: '/' })).rejects.toThrow(
      /self[- ]signed|unable to verify/i,
    );
  });

  it('keeps the CA across restarts with the same state directory', async () => {
    const again = await startLocalCloud({ https: true, stateDir: state.path });
    try {
      expect(again.caCertPem).toBe(cloud.caCertPem);
      const res = await send(again.httpsEndpoint!, { method: 'GET', path: '/' }, { ca: again.caCertPem });
      expect(res.status).toBe(501); // no S3 handler registered: reached the dispatcher over TLS
    } finally {
      await again.close();
    }
  });
});
