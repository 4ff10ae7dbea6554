/**
 * A small, strict XML parser for request bodies (S3 CreateBucketConfiguration, Delete, Tagging,
 * VersioningConfiguration, ServerSideEncryptionConfiguration…). It builds an element tree, drops
 * namespace prefixes, and refuses anything it does not understand: DOCTYPE / entity declarations (no XXE),
 * unknown entities, mismatched tags, text outside the root, excessive depth. It never throws anything but
 * `XmlSyntaxError`; `parseXmlBody` turns that into S3's `MalformedXML`.
 */
import { malformedXml } from './errors.js';

export interface XmlNode {
  /** Local name (namespace prefix removed). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** The element's own text (its text and CDATA pieces joined; children's text is not included). */
  readonly text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at offset ${offset})`);
    this.name = 'XmlSyntaxError';
  }
}

export interface XmlParseOptions {
  /** Deepest element nesting accepted; 32 unless given. */
  maxDepth?: number;
  /** Most elements accepted; 100,000 unless given. */
  maxElements?: number;
}

interface MutableNode {
  name: string;
  qualifiedName: string;
  attributes: Record<string, string>;
  children: MutableNode[];
  text: string;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isAllowedCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

class Parser {
  private pos = 0;
  private docStart = 0;
  private elements = 0;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
    private readonly maxElements: number,
  ) {}

  parse(): XmlNode {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.docStart = this.pos;
    this.skipMisc(true);
    if (this.src[this.pos] !== '<') this.fail('expected the root element');
    const root = this.parseElement(1);
    this.skipMisc(false);
    if (this.pos < this.src.length) this.fail('content after the root element');
    return root;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.pos);
  }

  private startsWith(token: string): boolean {
    return this.src.startsWith(token, this.pos);
  }

  private skipSpace(): void {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  /** Whitespace, comments and processing instructions around the root element. */
  private skipMisc(prolog: boolean): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<?')) {
        const isDeclaration = /^<\?xml[\s?]/i.test(this.src.slice(this.pos, this.pos + 6));
        if (isDeclaration && (!prolog || this.pos !== this.docStart))
          this.fail('the XML declaration must come first');
        this.skipPast('?>', 'unterminated processing instruction');
      } else if (this.startsWith('<!--')) {
        this.skipComment();
      } else if (this.startsWith('<!')) {
        this.fail('DOCTYPE and declarations are not accepted');
      } else {
        return;
      }
    }
  }

  private skipPast(token: string, message: string): void {
    const end = this.src.indexOf(token, this.pos);
    if (end < 0) this.fail(message);
    this.pos = end + token.length;
  }

  private skipComment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    if (this.src.slice(this.pos + 4, end).includes('--')) this.fail('"--" inside a comment');
    this.pos = end + 3;
  }

  private parseName(): string {
    const start = this.pos;
    if (!NAME_START.test(this.src[this.pos] ?? '')) this.fail('expected a name');
    this.pos++;
    while (this.pos < this.src.length && NAME_CHAR.test(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private parseElement(depth: number): MutableNode {
    if (depth > this.maxDepth) this.fail(`elements nested deeper than ${this.maxDepth}`);
    this.elements++;
    if (this.elements > this.maxElements) this.fail(`more than ${this.maxElements} elements`);
    this.pos++; // '<'
    const qualifiedName = this.parseName();
    const node: MutableNode = {
      name: localName(qualifiedName),
      qualifiedName,
      attributes: {},
      children: [],
      text: '',
    };
    for (;;) {
      const hadSpace = isSpace(this.src[this.pos]);
      this.skipSpace();
      if (this.startsWith('/>')) {
        this.pos += 2;
        return node;
      }
      if (this.src[this.pos] === '>') {
        this.pos++;
        break;
      }
      if (this.pos >= this.src.length) this.fail('unterminated start tag');
      if (!hadSpace) this.fail('expected whitespace between attributes');
      const attrName = this.parseName();
      this.skipSpace();
      if (this.src[this.pos] !== '=') this.fail(`attribute ${attrName} has no value`);
      this.pos++;
      this.skipSpace();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('attribute values must be quoted');
      this.pos++;
      const end = this.src.indexOf(quote, this.pos);
      if (end < 0) this.fail('unterminated attribute value');
      const raw = this.src.slice(this.pos, end);
      if (raw.includes('<')) this.fail('"<" in an attribute value');
      if (Object.hasOwn(node.attributes, attrName)) this.fail(`duplicate attribute ${attrName}`);
      node.attributes[attrName] = this.decodeText(raw, this.pos);
      this.pos = end + 1;
    }
    this.parseContent(node, depth);
    return node;
  }

  private parseContent(node: MutableNode, depth: number): void {
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`element ${node.qualifiedName} is not closed`);
      if (this.startsWith('</')) {
        this.pos += 2;
        const closing = this.parseName();
        if (closing !== node.qualifiedName) {
          this.fail(`closing tag ${closing} does not match ${node.qualifiedName}`);
        }
        this.skipSpace();
        if (this.src[this.pos] !== '>') this.fail('unterminated end tag');
        this.pos++;
        node.text = text;
        return;
      }
      if (this.startsWith('<!--')) {
        this.skipComment();
      } else if (this.startsWith('<![CDATA[')) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.checkChars(this.src.slice(this.pos + 9, end), this.pos + 9);
        this.pos = end + 3;
      } else if (this.startsWith('<?')) {
        this.skipPast('?>', 'unterminated processing instruction');
      } else if (this.startsWith('<!')) {
        this.fail('declarations are not accepted inside elements');
      } else if (this.src[this.pos] === '<') {
        node.children.push(this.parseElement(depth + 1));
      } else {
        const next = this.src.indexOf('<', this.pos);
        const end = next < 0 ? this.src.length : next;
        const raw = this.src.slice(this.pos, end);
        if (raw.includes(']]>')) this.fail('"]]>" in text');
        text += this.decodeText(raw, this.pos);
        this.pos = end;
      }
    }
  }

  private checkChars(text: string, offset: number): string {
    for (const ch of text) {
      if (!isAllowedCodePoint(ch.codePointAt(0)!))
        throw new XmlSyntaxError('character not allowed in XML', offset);
    }
    return text;
  }

  /** Replaces the five predefined entities and character references; anything else is an error. */
  private decodeText(raw: string, offset: number): string {
    this.checkChars(raw, offset);
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]{0,10});?/g, (match, body: string, at: number) => {
      if (!match.endsWith(';')) throw new XmlSyntaxError('"&" must start an entity reference', offset + at);
      const named = PREDEFINED[body];
      if (named !== undefined) return named;
      const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
      if (!numeric) throw new XmlSyntaxError(`unknown entity &${body};`, offset + at);
      const cp =
        numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number.parseInt(numeric[2]!, 10);
      if (!isAllowedCodePoint(cp))
        throw new XmlSyntaxError('character reference to a forbidden character', offset + at);
      return String.fromCodePoint(cp);
    });
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** Parses a whole document; throws `XmlSyntaxError` on anything malformed. */
export function parseXml(input: string | Buffer, options: XmlParseOptions = {}): XmlNode {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new XmlSyntaxError('the document is not valid UTF-8', 0);
    }
  }
  return new Parser(text, options.maxDepth ?? 32, options.maxElements ?? 100_000).parse();
}

/**
 * Parses a request body for a service handler: malformed XML becomes S3's `MalformedXML` (400). When
 * `rootName` is given, a document with another root is malformed too.
 */
export function parseXmlBody(body: Buffer | string, rootName?: string): XmlNode {
  let root: XmlNode;
  try {
    root = parseXml(body);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw malformedXml();
    throw err;
  }
  if (rootName !== undefined && root.name !== rootName) throw malformedXml();
  return root;
}

/** The first child element called `name`, if any. */
export function childNode(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every child element called `name`, in document order. */
export function childNodes(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Text of the first child element called `name`, if there is one. */
export function childText(node: XmlNode, name: string): string | undefined {
  return childNode(node, name)?.text;
}
