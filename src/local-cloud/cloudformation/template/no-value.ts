/** The marker for a value removed by `AWS::NoValue` while resolving; it never escapes `resolve`. */
import type { TemplateValue } from './types.js';

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Resolved = TemplateValue | typeof NO_VALUE;
