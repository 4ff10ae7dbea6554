/**
 * Reading CloudFormation query parameters: parameters lists, tags, capabilities, and the template from
 * TemplateBody or TemplateURL (read from local S3 as the caller).
 */
import { AwsError, type QueryParams, type RequestContext } from '../../http/index.js';
import type { S3Internal } from '../../services/s3/index.js';
import { templateLocation } from '../engine/template-url.js';
import type { ParameterInput, TemplateSource } from '../template/index.js';

export function validation(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

export function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') {
    throw validation(
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function parameterInputs(params: QueryParams): ParameterInput[] {
  return params.members('Parameters').map((member) => {
    const input: ParameterInput = { ParameterKey: member.get('ParameterKey') ?? '' };
    const value = member.get('ParameterValue');
    if (value !== undefined) input.ParameterValue = value;
    if (member.bool('UsePreviousValue')) input.UsePreviousValue = true;
    return input;
  });
}

export function tagInputs(params: QueryParams): Array<{ Key: string; Value: string }> {
  return params.members('Tags').map((m) => ({ Key: m.get('Key') ?? '', Value: m.get('Value') ?? '' }));
}

export interface TemplateInput {
  body: string;
  source: TemplateSource;
}

/** The template of TemplateBody, or of TemplateURL read from local S3 with the caller's permissions. */
export function templateInput(
  params: QueryParams,
  ctx: RequestContext,
  s3: S3Internal,
  options: { optional?: boolean } = {},
): TemplateInput | undefined {
  const body = params.get('TemplateBody');
  const url = params.get('TemplateURL');
  if (body !== undefined && url !== undefined) {
    throw validation('You cannot specify both TemplateURL and TemplateBody in the same request.');
  }
  if (body !== undefined) return { body, source: 'body' };
  if (url !== undefined) {
    const location = templateLocation(url);
    try {
      return { body: s3.getObject(ctx, location).toString('utf8'), source: 'url' };
    } catch (err) {
      throw validation(`S3 error: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (options.optional) return undefined;
  throw validation('Either Template URL or Template Body must be specified.');
}
