/**
 * `parseTemplate`: template text → `Template`. Pure: no I/O, no clock.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { TemplateLimits, type TemplateSource } from './limits.js';
import { buildTemplate } from './structure.js';
import { readTemplateText } from './syntax.js';
import type { Template } from './types.js';
import { utf8Length } from './values.js';

export interface ParseOptions {
  /**
   * Where the body came from: an inline TemplateBody (51,200-byte limit) or a TemplateURL (1 MB).
   * Default `body`.
   */
  source?: TemplateSource;
  /** Overrides the size limit of `source`, in UTF-8 bytes (tests use small ones). */
  maxBytes?: number;
}

/**
 * Parses a JSON or YAML template body (YAML short-form tags become long forms) and checks the shape of
 * each section. Throws a `TemplateError` worded as CloudFormation's for a body over the size limit, text
 * that is not well-formed, unknown top-level sections, malformed Parameters / Mappings / Resources /
 * Outputs, non-alphanumeric logical IDs and more than 500 resources, 200 parameters or 200 outputs.
 * Semantic checks (references, conditions, cycles, transforms) are `validateTemplate`'s.
 */
export function parseTemplate(body: string, options: ParseOptions = {}): Template {
  const source = options.source ?? 'body';
  const limit =
    options.maxBytes ??
    (source === 'url' ? TemplateLimits.maxUrlBodyBytes : TemplateLimits.maxInlineBodyBytes);
  if (utf8Length(body) > limit) {
    throw new TemplateError(source === 'url' ? M.urlBodyTooLong(limit) : M.bodyTooLong(body, limit));
  }
  return buildTemplate(readTemplateText(body));
}
