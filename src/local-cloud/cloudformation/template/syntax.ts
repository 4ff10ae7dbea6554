/**
 * Template text → plain JSON value. A body whose first non-blank character is `{` is JSON (as
 * CloudFormation reads it); anything else is YAML with the short-form tags of yaml-tags.ts. Syntax errors
 * come back as CloudFormation's "JSON/YAML not well-formed" with its line and column.
 */
import jsYaml from 'js-yaml';
import { TemplateError, TemplateMessages } from './errors.js';
import { jsonErrorOffset, jsonErrorPosition } from './json-position.js';
import type { TemplateValue } from './types.js';
import { CLOUDFORMATION_SCHEMA } from './yaml-tags.js';

/** Whether CloudFormation would read this body as JSON. */
export function looksLikeJson(body: string): boolean {
  return body
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{');
}

/** Reads a template body; throws a `TemplateError` worded as AWS for text that is not well-formed. */
export function readTemplateText(body: string): TemplateValue {
  const text = body.replace(/^\uFEFF/, '');
  return looksLikeJson(text) ? readJson(text) : readYaml(text);
}

function readJson(text: string): TemplateValue {
  try {
    return JSON.parse(text) as TemplateValue;
  } catch {
    const offset = jsonErrorOffset(text);
    const { line, column } = jsonErrorPosition(text, offset < 0 ? text.length : offset);
    throw new TemplateError(TemplateMessages.jsonNotWellFormed(line, column));
  }
}

function readYaml(text: string): TemplateValue {
  try {
    const value = jsYaml.load(text, { schema: CLOUDFORMATION_SCHEMA }) as TemplateValue | undefined;
    return value ?? null;
  } catch (err) {
    if (err instanceof jsYaml.YAMLException) {
      const mark = err.mark as { line?: number; column?: number } | undefined;
      const line = mark?.line === undefined ? undefined : mark.line + 1;
      const column = mark?.column === undefined ? undefined : mark.column + 1;
      throw new TemplateError(TemplateMessages.yamlNotWellFormed(line, column), { detail: err.reason });
    }
    throw err;
  }
}
