/**
 * TLS material for the local cloud's HTTPS endpoint: a self-signed CA and a server certificate for
 * 127.0.0.1 / localhost, generated on first start (pure Node, no openssl) and kept as PEM files in the
 * state directory, so clients can trust the CA once and keep trusting it across restarts.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateLocalTls } from './http/x509.js';

export interface TlsMaterial {
  /** The CA clients must trust (e.g. `ca` of an https agent, `AWS_CA_BUNDLE`). */
  readonly caCertPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Where the PEM files live. */
  readonly dir: string;
}

export const TLS_FILES = {
  caCert: 'ca-cert.pem',
  caKey: 'ca-key.pem',
  cert: 'server-cert.pem',
  key: 'server-key.pem',
} as const;

/** Names the server certificate covers. */
export const TLS_DNS_NAMES = ['localhost', '*.localhost', '*.s3.localhost'] as const;
export const TLS_IP_ADDRESSES = ['127.0.0.1', '::1'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates are valid from a day before creation (tolerates clock skew) … */
const BACKDATE_MS = DAY_MS;
/** … for ten years. */
const VALIDITY_MS = 3650 * DAY_MS;
/** Certificates this close to expiry are replaced at start. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** True when the stored files form a usable set: parseable, CA-signed, covering our names, not near expiry. */
function isReusable(files: Record<keyof typeof TLS_FILES, string | undefined>, now: Date): boolean {
  if (!files.caCert || !files.caKey || !files.cert || !files.key) return false;
  try {
    const ca = new X509Certificate(files.caCert);
    const cert = new X509Certificate(files.cert);
    if (!ca.ca || !cert.verify(ca.publicKey) || !cert.checkPrivateKey(createPrivateKey(files.key)))
      return false;
    if (!cert.checkIP('127.0.0.1') || !cert.checkHost('localhost')) return false;
    const validTo = new Date(cert.validTo).getTime();
    return Number.isFinite(validTo) && validTo - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}

/** Loads the TLS files from `dir`, or generates and stores a new set when they are missing or unusable. */
export async function loadOrCreateTls(options: { dir: string; now: Date }): Promise<TlsMaterial> {
  const { dir, now } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths = {
    caCert: join(dir, TLS_FILES.caCert),
    caKey: join(dir, TLS_FILES.caKey),
    cert: join(dir, TLS_FILES.cert),
    key: join(dir, TLS_FILES.key),
  };
  const stored = {
    caCert: await readIfPresent(paths.caCert),
    caKey: await readIfPresent(paths.caKey),
    cert: await readIfPresent(paths.cert),
    key: await readIfPresent(paths.key),
  };
  if (isReusable(stored, now)) {
    return { caCertPem: stored.caCert!, certPem: stored.cert!, keyPem: stored.key!, dir };
  }
  const notBefore = new Date(Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000);
  const generated = generateLocalTls({
    notBefore,
    notAfter: new Date(notBefore.getTime() + VALIDITY_MS),
    dnsNames: TLS_DNS_NAMES,
    ipAddresses: TLS_IP_ADDRESSES,
  });
  await writeAtomically(paths.caKey, generated.caKeyPem, 0o600);
  await writeAtomically(paths.key, generated.keyPem, 0o600);
  await writeAtomically(paths.caCert, generated.caCertPem, 0o644);
  await writeAtomically(paths.cert, generated.certPem, 0o644);
  return { caCertPem: generated.caCertPem, certPem: generated.certPem, keyPem: generated.keyPem, dir };
}
