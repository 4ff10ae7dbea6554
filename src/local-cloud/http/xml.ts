/**
 * A tiny XML writer for AWS responses. Values map to elements by a few plain rules:
 *
 * - string / number / boolean / bigint → text; `Date` → ISO 8601 (`2024-01-02T03:04:05.000Z`);
 *   `null` / `undefined` → the element is left out;
 * - a plain object → one child element per key, in insertion order;
 * - a plain array → wrapped members, `<member>` each (the query protocol's list shape);
 * - `xmlList(items, 'Tag')` → wrapped members with another member name (`<TagSet><Tag>…</Tag></TagSet>`);
 * - `xmlFlat(items)` → the enclosing element repeated once per item (S3's `<Contents>` lists);
 * - `xmlMap(record)` → `<entry><key>k</key><value>v</value></entry>` members (SNS attribute maps).
 */

export type XmlValue =
  | string
  | number
  | boolean
  | bigint
  | Date
  | null
  | undefined
  | readonly XmlValue[]
  | XmlList
  | XmlFlat
  | XmlObject;

export interface XmlObject {
  readonly [name: string]: XmlValue;
}

/** A wrapped list whose members are named `memberName`. */
export class XmlList {
  constructor(
    readonly items: readonly XmlValue[],
    readonly memberName: string,
  ) {}
}

/** A flattened list: the element that holds it is repeated, once per item. */
export class XmlFlat {
  constructor(readonly items: readonly XmlValue[]) {}
}

export function xmlList(items: readonly XmlValue[], memberName = 'member'): XmlList {
  return new XmlList(items, memberName);
}

export function xmlFlat(items: readonly XmlValue[]): XmlFlat {
  return new XmlFlat(items);
}

export interface XmlMapNames {
  entry?: string;
  key?: string;
  value?: string;
}

export function xmlMap(record: Readonly<Record<string, XmlValue>>, names: XmlMapNames = {}): XmlList {
  const keyName = names.key ?? 'key';
  const valueName = names.value ?? 'value';
  const items = Object.entries(record).map(([key, value]) => ({ [keyName]: key, [valueName]: value }));
  return new XmlList(items, names.entry ?? 'entry');
}

/** True for code units XML 1.0 cannot carry: C0 controls other than tab/LF/CR, U+FFFE and U+FFFF. */
function isForbiddenUnit(unit: number): boolean {
  return (
    (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) || unit === 0xfffe || unit === 0xffff
  );
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#13;',
};
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\n': '&#10;',
  '\t': '&#9;',
};

function escapeWith(text: string, escapes: Readonly<Record<string, string>>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const c = text[i]!;
    if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += c + text[i + 1];
      i++;
    } else if (isForbiddenUnit(unit) || isHighSurrogate(unit) || isLowSurrogate(unit)) {
      out += '\uFFFD';
    } else {
      out += escapes[c] ?? c;
    }
  }
  return out;
}

/**
 * Escapes element text: `&`, `<`, `>` and CR (which parsers would otherwise normalise away); characters
 * XML cannot carry become U+FFFD.
 */
export function escapeXmlText(text: string): string {
  return escapeWith(text, TEXT_ESCAPES);
}

/** Escapes an attribute value (also `"`, LF and tab, which attribute normalisation would change). */
export function escapeXmlAttribute(text: string): string {
  return escapeWith(text, ATTRIBUTE_ESCAPES);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function assertName(name: string): void {
  if (!NAME.test(name)) throw new Error(`Not a valid XML element name: ${JSON.stringify(name)}`);
}

function scalarText(value: string | number | boolean | bigint | Date): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function isPlainObject(value: XmlValue): value is XmlObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof XmlList) &&
    !(value instanceof XmlFlat)
  );
}

function content(value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return (value as readonly XmlValue[]).map((item) => element('member', item)).join('');
  if (value instanceof XmlList) return value.items.map((item) => element(value.memberName, item)).join('');
  if (value instanceof XmlFlat) throw new Error('xmlFlat() can only be the value of an object key');
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([name, child]) => element(name, child))
      .join('');
  }
  return escapeXmlText(scalarText(value as string | number | boolean | bigint | Date));
}

function attributeText(attributes: Readonly<Record<string, string>> | undefined): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .map(([name, value]) => {
      assertName(name);
      return ` ${name}="${escapeXmlAttribute(value)}"`;
    })
    .join('');
}

/** One element (or, for `xmlFlat`, the element repeated); empty string when the value is null/undefined. */
export function element(
  name: string,
  value: XmlValue,
  attributes?: Readonly<Record<string, string>>,
): string {
  assertName(name);
  if (value === null || value === undefined) return '';
  if (value instanceof XmlFlat) return value.items.map((item) => element(name, item, attributes)).join('');
  const inner = content(value);
  const attrs = attributeText(attributes);
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}

export interface XmlDocumentOptions {
  /** Default namespace of the root element. */
  xmlns?: string;
  /** Emit `<?xml version="1.0" encoding="UTF-8"?>` first (S3 does; the query protocol does not need it). */
  declaration?: boolean;
}

/** A whole document: the root element with `value` as its content. An empty value still yields the root. */
export function xmlDocument(rootName: string, value: XmlValue, options: XmlDocumentOptions = {}): string {
  assertName(rootName);
  const attrs = options.xmlns === undefined ? undefined : { xmlns: options.xmlns };
  const inner = content(value);
  const root = `<${rootName}${attributeText(attrs)}>${inner}</${rootName}>`;
  return options.declaration ? `<?xml version="1.0" encoding="UTF-8"?>\n${root}` : root;
}
