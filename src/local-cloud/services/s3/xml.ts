/** S3's XML conventions: the document namespace, and how responses are framed. */
import type { HttpResult, XmlValue } from '../../http/index.js';
import { xmlDocument } from '../../http/index.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A 200 answer whose body is the S3 document `<root>` holding `value`. */
export function xmlResult(root: string, value: XmlValue, headers: Record<string, string> = {}): HttpResult {
  return {
    headers: { 'content-type': 'application/xml', ...headers },
    body: xmlDocument(root, value, { xmlns: S3_XMLNS, declaration: true }),
  };
}

/** `2024-01-02T03:04:05.000Z`, as S3 writes timestamps in XML. */
export function xmlTime(iso: string): string {
  return new Date(iso).toISOString();
}

/** S3's `encoding-type=url`: keys percent-encoded like form data, `/` left alone. */
export function urlEncodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}
