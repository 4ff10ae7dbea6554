/**
 * X.509 v3 certificates built with the DER encoder and signed with node:crypto (ECDSA P-256, SHA-256):
 * a self-signed CA and a server certificate for 127.0.0.1 / localhost issued by it.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import * as der from './der.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

export interface CertificateIdentity {
  readonly commonName: string;
  readonly organization?: string;
}

export interface CertificateRequest {
  readonly subject: CertificateIdentity;
  readonly issuer: CertificateIdentity;
  /** The certified key (public part). */
  readonly publicKey: KeyObject;
  /** The issuer's private key (the subject's own key for a self-signed certificate). */
  readonly signingKey: KeyObject;
  /** The issuer's public key, for the authority key identifier. */
  readonly issuerPublicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

function name(identity: CertificateIdentity): Buffer {
  const rdns = [];
  if (identity.organization) {
    rdns.push(der.set(der.sequence(der.oid(OID.organization), der.utf8String(identity.organization))));
  }
  rdns.push(der.set(der.sequence(der.oid(OID.commonName), der.utf8String(identity.commonName))));
  return der.sequence(...rdns);
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** SHA-1 of the SPKI: a key identifier that is stable for a key. */
function keyIdentifier(key: KeyObject): Buffer {
  return createHash('sha1').update(spki(key)).digest();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(id), der.octetString(value));
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (isIPv6(ip)) {
    const [head = '', tail = ''] = ip.split('::');
    const headGroups = head === '' ? [] : head.split(':');
    const tailGroups = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
    const zeros = 8 - headGroups.length - tailGroups.length;
    const groups = [...headGroups, ...Array<string>(ip.includes('::') ? zeros : 0).fill('0'), ...tailGroups];
    const out = Buffer.alloc(16);
    for (const [i, group] of groups.entries()) out.writeUInt16BE(Number.parseInt(group, 16), i * 2);
    return out;
  }
  throw new Error(`Not an IP address: ${ip}`);
}

function extensions(request: CertificateRequest): Buffer {
  const list = [
    extension(
      OID.basicConstraints,
      true,
      request.isCa ? der.sequence(der.boolean(true), der.integer(0)) : der.sequence(),
    ),
    // CA: digitalSignature, keyCertSign, cRLSign (0b10000110, 1 unused bit); server: digitalSignature.
    extension(
      OID.keyUsage,
      true,
      request.isCa ? der.bitString(Buffer.from([0x86]), 1) : der.bitString(Buffer.from([0x80]), 7),
    ),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(request.publicKey))),
    extension(
      OID.authorityKeyIdentifier,
      false,
      der.sequence(der.implicit(0, keyIdentifier(request.issuerPublicKey))),
    ),
  ];
  if (!request.isCa) {
    list.push(extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth))));
    const names = [
      ...(request.dnsNames ?? []).map((dns) => der.implicit(2, Buffer.from(dns, 'ascii'))),
      ...(request.ipAddresses ?? []).map((ip) => der.implicit(7, ipBytes(ip))),
    ];
    if (names.length > 0) list.push(extension(OID.subjectAltName, false, der.sequence(...names)));
  }
  return der.explicit(3, der.sequence(...list));
}

function pem(label: string, bytes: Buffer): string {
  const lines = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A signed certificate, PEM-encoded. The serial number is derived from the certified key. */
export function createCertificate(request: CertificateRequest): string {
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const serial = createHash('sha256').update(spki(request.publicKey)).digest().subarray(0, 16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.integer(serial),
    algorithm,
    name(request.issuer),
    der.sequence(der.time(request.notBefore), der.time(request.notAfter)),
    name(request.subject),
    spki(request.publicKey),
    extensions(request),
  );
  const signature = sign('sha256', tbs, request.signingKey);
  return pem('CERTIFICATE', der.sequence(tbs, algorithm, der.bitString(signature)));
}

export interface GeneratedTls {
  readonly caCertPem: string;
  readonly caKeyPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface GenerateTlsOptions {
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/** A fresh CA and a server certificate it signed. */
export function generateLocalTls(options: GenerateTlsOptions): GeneratedTls {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caIdentity = { commonName: 'fleetpipe local cloud CA', organization: 'fleetpipe' };
  const caCertPem = createCertificate({
    subject: caIdentity,
    issuer: caIdentity,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    issuerPublicKey: ca.publicKey,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    isCa: true,
  });
  const certPem = createCertificate({
    subject: { commonName: options.dnsNames[0] ?? 'localhost', organization: 'fleetpipe' },
    issuer: caIdentity,
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    issuerPublicKey: ca.publicKey,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    isCa: false,
    dnsNames: options.dnsNames,
    ipAddresses: options.ipAddresses,
  });
  return {
    caCertPem,
    caKeyPem: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem,
    keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
