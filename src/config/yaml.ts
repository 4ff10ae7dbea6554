/**
 * YAML parsing that keeps positions, so every problem can name file:line:column.
 */
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FleetpipeError } from '../errors.js';

export interface ParsedYaml {
  file: string;
  value: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
}

export interface Position {
  line: number;
  column: number;
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const problems = [...doc.errors];
  if (problems.length > 0) {
    throw FleetpipeError.combine(
      problems.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return new FleetpipeError('YamlSyntaxError', `invalid YAML: ${what}`, {
          file,
          line: pos.line,
          column: pos.col,
          hint:
            e.code === 'DUPLICATE_KEY'
              ? 'remove one of the duplicated keys'
              : 'check indentation, colons and quoting at this position',
        });
      }),
    );
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return { file, value, doc, lines };
}

/**
 * Where a path points in the document: the value node, or (with `key`) the key
 * node of the last segment. Falls back to the nearest ancestor that exists.
 */
export function positionOf(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  key = false,
): Position | undefined {
  let node: unknown = parsed.doc.contents;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (!isNode(node) && !isPair(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1 && isNode(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      if (isNode(node)) best = node;
      else if (isNode(pair.key)) best = pair.key;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
      const item = node.items[Number(seg)] as unknown;
      if (item === undefined) break;
      node = item;
      if (isNode(item)) best = item;
    } else break;
  }
  const start = best?.range?.[0];
  if (start === undefined) return undefined;
  const pos = parsed.lines.linePos(start);
  return { line: pos.line, column: pos.col };
}
