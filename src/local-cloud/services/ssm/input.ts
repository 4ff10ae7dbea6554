/**
 * Reading Parameter Store request members: the Code* services' `Fields` reader with the codes SSM answers
 * (`ValidationException`; `SerializationException` for a wrong JSON type). SSM names members in its
 * messages in lower camel case (`at 'name'`), while the wire uses `Name`.
 */
import { type Body, Fields } from '../codepipeline/fields.js';

export type { Body, Fields, StringLimits } from '../codepipeline/fields.js';

function lowerFirst(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

export class SsmFields extends Fields {
  constructor(body: Body) {
    super(body, { validationCode: 'ValidationException' });
  }

  override at(member: string): string {
    return super.at(lowerFirst(member));
  }
}
