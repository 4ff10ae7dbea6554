/**
 * What a target receives (pure): the whole event, or the target's constant `Input`, the part of the
 * event its `InputPath` selects, or its `InputTransformer` template filled from `InputPathsMap`.
 *
 * Paths are the JSONPath subset EventBridge documents: `$`, `.name`, `['name']`, `[index]`. In a
 * template, `<name>` inside a JSON string is replaced by the raw text of a string value, elsewhere by the
 * value's JSON (so `{"id": <id>}` gives `{"id": "i-123"}`). The reserved names `aws.events.rule-arn`,
 * `aws.events.rule-name`, `aws.events.event`, `aws.events.event.json` and
 * `aws.events.event.ingestion-time` are available too.
 */
import type { EventEnvelope } from './envelope.js';
import type { StoredTarget } from './state.js';

type Step = string | number;

const STEP = /^(?:\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\])/;

/** The steps of a path, or undefined when it is not one EventBridge accepts. */
export function parsePath(path: string): Step[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: Step[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) return undefined;
    steps.push(match[3] !== undefined ? Number(match[3]) : (match[1] ?? match[2])!);
    rest = rest.slice(match[0].length);
  }
  return steps;
}

export function resolvePath(value: unknown, path: string): unknown {
  let current = value;
  for (const step of parsePath(path) ?? []) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<Step, unknown>)[step];
  }
  return current;
}

export const RESERVED_PREFIX = 'aws.events.';

export interface RuleRef {
  name: string;
  arn: string;
}

function fill(template: string, values: ReadonlyMap<string, unknown>): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\' && inString) {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    if (c === '<') {
      const match = /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i));
      if (match && values.has(match[1]!)) {
        const value = values.get(match[1]!);
        if (inString) {
          const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
          out += JSON.stringify(text).slice(1, -1);
        } else {
          out += value === undefined ? 'null' : JSON.stringify(value);
        }
        i += match[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** The JSON text the target is given for `event`. */
export function targetInput(input: {
  target: StoredTarget;
  event: EventEnvelope;
  rule: RuleRef;
  ingestedAt: Date;
}): string {
  const { target, event, rule } = input;
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const selected = resolvePath(event, target.InputPath);
    return selected === undefined ? 'null' : JSON.stringify(selected);
  }
  const transformer = target.InputTransformer;
  if (transformer === undefined) return JSON.stringify(event);
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {}))
    values.set(name, resolvePath(event, path));
  values.set('aws.events.rule-arn', rule.arn);
  values.set('aws.events.rule-name', rule.name);
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);
  values.set('aws.events.event.ingestion-time', input.ingestedAt.toISOString());
  return fill(transformer.InputTemplate, values);
}
