/**
 * Where a TemplateURL points in S3. CloudFormation accepts virtual-hosted URLs (with or without a region,
 * `s3-<region>` or `s3.<region>`), path-style URLs, and — locally — path-style URLs on the local cloud's
 * own endpoint (`http://127.0.0.1:PORT/bucket/key`).
 */
import { AwsError } from '../../http/index.js';

export interface TemplateLocation {
  bucket: string;
  key: string;
}

const VIRTUAL_HOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/;
const PATH_HOST = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/;

function invalidUrl(): AwsError {
  return new AwsError('ValidationError', 'TemplateURL must be a supported URL.');
}

/** The bucket and key of a TemplateURL; a ValidationError for anything else. */
export function templateLocation(url: string): TemplateLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl();
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidUrl();
  const path = decodeURIComponent(parsed.pathname).replace(/^\//, '');
  const virtual = VIRTUAL_HOST.exec(parsed.hostname);
  if (virtual && !PATH_HOST.test(parsed.hostname)) {
    if (path === '') throw invalidUrl();
    return { bucket: virtual[1]!, key: path };
  }
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalidUrl();
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}
