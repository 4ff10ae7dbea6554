/**
 * Publish's message rules (pure): the message, its subject, `MessageStructure=json`, and message
 * attributes, with SNS's limits and wording (256 KB for message and attributes together, subjects under
 * 100 characters, at most 10 attributes).
 */
import type { QueryParams } from '../../http/index.js';
import { SnsErrors } from './errors.js';
import type { MessageAttribute } from './state.js';

export const SNS_LIMITS = {
  maxMessageBytes: 262_144,
  maxSubjectChars: 99,
  maxMessageAttributes: 10,
} as const;

const TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]{1,255})?$/;
const NAME = /^[A-Za-z0-9_.-]{1,256}$/;

function checkName(name: string): void {
  const lower = name.toLowerCase();
  if (
    !NAME.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..') ||
    lower.startsWith('aws.') ||
    lower.startsWith('amazon.')
  ) {
    throw SnsErrors.parameterValue(`Invalid message attribute name '${name}'.`);
  }
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` / `.Value.BinaryValue`. */
export function readMessageAttributes(params: QueryParams): Record<string, MessageAttribute> {
  const entries = params.members('MessageAttributes', 'entry');
  if (entries.length > SNS_LIMITS.maxMessageAttributes) {
    throw SnsErrors.parameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${SNS_LIMITS.maxMessageAttributes}].`,
    );
  }
  const attributes: Record<string, MessageAttribute> = {};
  for (const entry of entries) {
    const name = entry.get('Name') ?? '';
    checkName(name);
    const type = entry.get('Value.DataType');
    if (type === undefined || type === '') {
      throw SnsErrors.parameterValue(
        `The message attribute '${name}' must contain non-empty message attribute type.`,
      );
    }
    if (!TYPE.test(type) && type !== 'String.Array') {
      throw SnsErrors.parameterValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const stringValue = entry.get('Value.StringValue');
    const binaryValue = entry.get('Value.BinaryValue');
    if (type.startsWith('Binary')) {
      if (binaryValue === undefined || binaryValue === '') {
        throw SnsErrors.parameterValue(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
        );
      }
      attributes[name] = { DataType: type, BinaryValue: binaryValue };
      continue;
    }
    if (stringValue === undefined || stringValue === '') {
      throw SnsErrors.parameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (type.startsWith('Number') && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(stringValue.trim())) {
      throw SnsErrors.parameterValue(`Could not cast message attribute '${name}' value to number.`);
    }
    if (type === 'String.Array' && !isJsonArray(stringValue)) {
      throw SnsErrors.parameterValue(
        `Invalid value for message attribute '${name}': String.Array must be a JSON array.`,
      );
    }
    attributes[name] = { DataType: type, StringValue: stringValue };
  }
  return attributes;
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

export interface MessageInput {
  message: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes: Readonly<Record<string, MessageAttribute>>;
}

function attributeBytes(attributes: Readonly<Record<string, MessageAttribute>>): number {
  let bytes = 0;
  for (const [name, a] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    bytes +=
      Buffer.byteLength(a.StringValue ?? '') +
      (a.BinaryValue === undefined ? 0 : Buffer.from(a.BinaryValue, 'base64').length);
  }
  return bytes;
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Checks a message to publish. */
export function checkMessage(input: MessageInput): void {
  if (input.message === '') throw SnsErrors.invalidParameter('Empty message');
  if (
    Buffer.byteLength(input.message, 'utf8') + attributeBytes(input.messageAttributes) >
    SNS_LIMITS.maxMessageBytes
  ) {
    throw SnsErrors.invalidParameter('Message too long');
  }
  const { subject } = input;
  if (
    subject !== undefined &&
    (subject === '' || subject.length > SNS_LIMITS.maxSubjectChars || hasControlCharacters(subject))
  ) {
    throw SnsErrors.invalidParameter('Subject');
  }
  if (input.messageStructure === undefined) return;
  if (input.messageStructure !== 'json') throw SnsErrors.invalidParameter('MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.message);
  } catch {
    throw SnsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    typeof (parsed as Record<string, unknown>)['default'] !== 'string'
  ) {
    throw SnsErrors.invalidParameter('Message Structure - No default entry in JSON message body');
  }
  if (Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw SnsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
  }
}

/** The text a protocol gets: with MessageStructure=json, its own entry or `default`. */
export function messageFor(
  protocol: string,
  input: Pick<MessageInput, 'message' | 'messageStructure'>,
): string {
  if (input.messageStructure !== 'json') return input.message;
  const parsed = JSON.parse(input.message) as Record<string, string>;
  return parsed[protocol] ?? parsed['default']!;
}
