import { describe, expect, it } from 'vitest';
import {
  childNode,
  childNodes,
  childText,
  parseXml,
  parseXmlBody,
  XmlSyntaxError,
} from '../../../src/local-cloud/http/xml-parser.js';
import {
  element,
  escapeXmlAttribute,
  escapeXmlText,
  xmlDocument,
  xmlFlat,
  xmlList,
  xmlMap,
} from '../../../src/local-cloud/http/xml.js';

describe('XML writer', () => {
  it('escapes text and attributes, replacing characters XML cannot carry', () => {
    expect(escapeXmlText(`a<b>&"c"\r\n`)).toBe('a&lt;b&gt;&amp;"c"&#13;\n');
    expect(escapeXmlAttribute('a"b\nc')).toBe('a&quot;b&#10;c');
    expect(escapeXmlText('bell\u0007 lone\uD800 pair\uD83D\uDE00')).toBe(
      'bell\uFFFD lone\uFFFD pair\uD83D\uDE00',
    );
  });

  it('writes objects, member lists, named lists, flat lists and maps', () => {
    const xml = xmlDocument(
      'ListRolesResponse',
      {
        ListRolesResult: {
          Roles: [{ RoleName: 'a' }, { RoleName: 'b' }],
          IsTruncated: false,
          Marker: undefined,
          Created: new Date('2024-01-02T03:04:05Z'),
        },
        TagSet: xmlList([{ Key: 'k', Value: 'v & w' }], 'Tag'),
        Contents: xmlFlat([{ Key: '1' }, { Key: '2' }]),
        Attributes: xmlMap({ Policy: '{"a":1}' }),
        Empty: '',
      },
      { xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' },
    );
    expect(xml).toBe(
      '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
        '<ListRolesResult><Roles><member><RoleName>a</RoleName></member><member><RoleName>b</RoleName></member></Roles>' +
        '<IsTruncated>false</IsTruncated><Created>2024-01-02T03:04:05.000Z</Created></ListRolesResult>' +
        '<TagSet><Tag><Key>k</Key><Value>v &amp; w</Value></Tag></TagSet>' +
        '<Contents><Key>1</Key></Contents><Contents><Key>2</Key></Contents>' +
        '<Attributes><entry><key>Policy</key><value>{"a":1}</value></entry></Attributes>' +
        '<Empty/></ListRolesResponse>',
    );
  });

  it('adds the declaration on request and refuses invalid element names', () => {
    expect(xmlDocument('Root', undefined, { declaration: true })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Root></Root>',
    );
    expect(() => element('bad name', 'x')).toThrow(/Not a valid XML element name/);
  });
});

describe('XML parser', () => {
  it('parses S3 request bodies, dropping namespace prefixes and decoding entities', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<s3:Quiet>true</s3:Quiet><Object><Key>a&amp;b &#x263A; &#65;</Key></Object><Object><Key><![CDATA[<raw>]]></Key>' +
        '<VersionId/></Object></s3:Delete>',
    );
    expect(root.name).toBe('Delete');
    expect(root.attributes).toEqual({ 'xmlns:s3': 'http://s3.amazonaws.com/doc/2006-03-01/' });
    expect(childText(root, 'Quiet')).toBe('true');
    expect(childNodes(root, 'Object').map((o) => childText(o, 'Key'))).toEqual(['a&b ☺ A', '<raw>']);
    expect(childNode(childNodes(root, 'Object')[1]!, 'VersionId')?.text).toBe('');
  });

  it.each([
    ['empty', ''],
    ['unclosed', '<a><b></b>'],
    ['mismatched', '<a></b>'],
    ['two roots', '<a/><b/>'],
    ['text after root', '<a/>junk'],
    ['doctype (XXE)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['bare ampersand', '<a>fish & chips</a>'],
    ['unquoted attribute', '<a b=c/>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['late declaration', '<a/><?xml version="1.0"?>'],
    ['control character', '<a>\u0001</a>'],
    ['forbidden char ref', '<a>&#0;</a>'],
    ['too deep', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`],
  ])('refuses %s', (_name, text) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
  });

  it('refuses invalid UTF-8 and maps errors to MalformedXML for handlers', () => {
    expect(() => parseXml(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(
      XmlSyntaxError,
    );
    expect(() => parseXmlBody('<Tagging><TagSet>')).toThrow(
      expect.objectContaining({ code: 'MalformedXML', status: 400 }),
    );
    expect(() => parseXmlBody('<Other/>', 'Tagging')).toThrow(
      expect.objectContaining({ code: 'MalformedXML' }),
    );
    expect(parseXmlBody(Buffer.from('<Tagging/>'), 'Tagging').name).toBe('Tagging');
  });

  it('never throws anything but XmlSyntaxError on arbitrary input', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed;
    };
    const alphabet = [
      '<',
      '>',
      '/',
      'a',
      'b',
      '=',
      '"',
      "'",
      '&',
      ';',
      '#',
      'x',
      '!',
      '?',
      '-',
      '[',
      ']',
      ' ',
      'C',
    ];
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: random() % 40 }, () => alphabet[random() % alphabet.length]).join('');
      try {
        parseXml(text);
      } catch (err) {
        expect(err).toBeInstanceOf(XmlSyntaxError);
      }
    }
  });
});
