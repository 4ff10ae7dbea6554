/**
 * Names fleetpipe gives CloudFormation (pure): the change set's name, derived from what is deployed so
 * the same input gives the same name, and the ClientRequestToken that marks one execution's events.
 */
import { createHash } from 'node:crypto';
import { FleetpipeError } from '../errors.js';
import { CloudFormationLimits } from '../limits.js';

/** Change set names fleetpipe makes start with this; other change sets are someone else's. */
export const CHANGE_SET_PREFIX = 'fleetpipe-';

/** CloudFormation's limit for change set names. */
const MAX_NAME_LENGTH = CloudFormationLimits.maxChangeSetNameLength;
const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const sortedEntries = (record: Record<string, string> | undefined): [string, string][] =>
  Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** `fleetpipe-<40 hex>`: a hash of template URL, parameters, capabilities and tags. */
export function defaultChangeSetName(input: {
  templateUrl: string;
  parameters: Record<string, string>;
  capabilities: readonly string[];
  tags?: Record<string, string>;
}): string {
  const canonical = JSON.stringify({
    templateUrl: input.templateUrl,
    parameters: sortedEntries(input.parameters),
    capabilities: [...input.capabilities].sort(),
    tags: sortedEntries(input.tags),
  });
  return `${CHANGE_SET_PREFIX}${sha256(canonical).slice(0, 40)}`;
}

/** A change set name CloudFormation accepts, or a FleetpipeError saying why not. */
export function checkChangeSetName(name: string): string {
  if (name.length > MAX_NAME_LENGTH || !CHANGE_SET_NAME.test(name)) {
    throw new FleetpipeError(
      'InvalidChangeSetName',
      `Change set name "${name}" is not valid: CloudFormation wants a letter, then letters, digits and ` +
        `hyphens, at most ${MAX_NAME_LENGTH} characters.`,
      { hint: 'pass a name like "fleetpipe-release-42", or leave changeSetName out to use a derived one' },
    );
  }
  return name;
}

/**
 * The ClientRequestToken of a change set's execution: derived from the change set's ARN, which is new
 * for every change set, so each execution has its own token and a retried call the same one.
 */
export function executionToken(changeSetId: string): string {
  return `${CHANGE_SET_PREFIX}exec-${sha256(changeSetId).slice(0, 40)}`;
}
