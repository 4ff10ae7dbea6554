/**
 * Reading Parameter Store request members: the shared `Fields` reader with the codes SSM answers
 * (`ValidationException`; `SerializationException` for a wrong JSON type). SSM names members in its
 * messages in lower camel case (`at 'name'`), while the wire uses `Name`.
 */
import { lowerFirst } from '../shared/errors.js';
import { Fields } from '../shared/fields.js';
import type { Body } from '../shared/json-input.js';

export type { Fields } from '../shared/fields.js';
export type { Body, StringLimits } from '../shared/json-input.js';

export class SsmFields extends Fields {
  constructor(body: Body) {
    super(body, { validationCode: 'ValidationException' });
  }

  override at(member: string): string {
    return super.at(lowerFirst(member));
  }
}
