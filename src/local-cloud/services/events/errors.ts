/**
 * EventBridge errors as the service sends them: codes, statuses and message wording of the real API.
 */
import { AwsError } from '../../http/errors.js';
import { constraintErrorOf } from '../shared/errors.js';

/** `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …` */
export const constraintError = constraintErrorOf({ code: 'ValidationException' });

export const EventsErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  serialization: (message: string) => new AwsError('SerializationException', message),
  ruleNotFound: (name: string, bus: string) =>
    new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`),
  busNotFound: (bus: string) => new AwsError('ResourceNotFoundException', `Event bus ${bus} does not exist.`),
  invalidPattern: (reason: string) =>
    new AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`),
  invalidSchedule: () => new AwsError('ValidationException', 'Parameter ScheduleExpression is not valid.'),
  hasTargets: () => new AwsError('ValidationException', "Rule can't be deleted since it has targets."),
  limitExceeded: (message: string) => new AwsError('LimitExceededException', message),
  invalidToken: () => new AwsError('ValidationException', 'The nextToken provided is invalid.'),
  anonymous: () =>
    new AwsError('AccessDeniedException', 'EventBridge requests must be signed by a known principal.', {
      status: 400,
    }),
} as const;
