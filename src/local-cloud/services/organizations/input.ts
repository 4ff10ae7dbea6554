/**
 * Reading Organizations request bodies: typed fields, ID patterns and NextToken/MaxResults pagination,
 * failing as Organizations does (InvalidInputException with a Reason).
 */
import { AwsError } from '../../http/index.js';

export function invalidInput(reason: string, message: string): AwsError {
  return new AwsError('InvalidInputException', message, { status: 400, fields: { Reason: reason } });
}

type Body = Readonly<Record<string, unknown>>;

export function stringField(body: Body, name: string, pattern?: RegExp): string {
  const value = body[name];
  if (value === undefined || value === null) {
    throw invalidInput('INPUT_REQUIRED', `You must specify a value for ${name}.`);
  }
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${name} must be a string.`);
  if (pattern && !pattern.test(value)) {
    throw invalidInput(
      'INVALID_PATTERN',
      `You specified a value for ${name} that does not match the required pattern.`,
    );
  }
  return value;
}

export const ID_PATTERNS = {
  account: /^\d{12}$/,
  parent: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  child: /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  taggable: /^(\d{12}|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128})$/,
} as const;

export const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

/** One page of `items`; `scope` ties a NextToken to the operation and arguments it came from. */
export function paginate<T>(items: readonly T[], body: Body, scope: string): Page<T> {
  const raw = body['MaxResults'];
  let size = DEFAULT_PAGE_SIZE;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) {
      throw new AwsError('SerializationException', 'MaxResults must be an integer.');
    }
    if (raw < 1)
      throw invalidInput(
        'MIN_VALUE_EXCEEDED',
        'You provided a value for MaxResults that is below the minimum of 1.',
      );
    if (raw > MAX_PAGE_SIZE) {
      throw invalidInput(
        'MAX_VALUE_EXCEEDED',
        `You provided a value for MaxResults that exceeds the maximum of ${MAX_PAGE_SIZE}.`,
      );
    }
    size = raw;
  }
  let start = 0;
  const token = body['NextToken'];
  if (token !== undefined && token !== null) {
    const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
    const match = /^(.*)#(\d+)$/.exec(text);
    if (!match || match[1] !== scope) {
      throw invalidInput(
        'INVALID_PAGINATION_TOKEN',
        'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
      );
    }
    start = Number(match[2]);
  }
  const end = start + size;
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, NextToken: Buffer.from(`${scope}#${end}`).toString('base64url') }
    : { items: page };
}
