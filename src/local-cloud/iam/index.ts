/**
 * The local cloud's IAM policy evaluator: policy documents are parsed and validated into compiled
 * policies, and `evaluate` decides each request the way IAM's documented evaluation logic does.
 * Self-contained and pure: it imports nothing from the rest of fleetpipe and does no I/O.
 */
export { accountOfArn, parseArn, parsePrincipalArn, splitArn } from './arn.js';
export { DEFAULT_POLICY_CACHE_ENTRIES, PolicyCache, type PolicySource } from './cache.js';
export { parseDate, parseOperator } from './conditions.js';
export { PolicyError, type PolicyErrorCode, PolicyMessages } from './errors.js';
export {
  type AssumeRoleEvaluationInput,
  type EvaluationInput,
  evaluate,
  evaluateAssumeRole,
  type PolicyInput,
  resolveResourceAccount,
} from './evaluate.js';
export { cidrContains, parseCidr, parseIp } from './ip.js';
export { type AccessDeniedMessageInput, accessDeniedMessage } from './messages.js';
export {
  type CompiledPolicy,
  type CompiledStatement,
  POLICY_VERSIONS,
  type PolicyValidation,
  parsePolicy,
  validatePolicy,
} from './policy.js';
export type {
  ConditionBlock,
  ContextValue,
  DecidingPolicyType,
  Decision,
  EvaluationReason,
  EvaluationResult,
  MatchedStatement,
  PolicyDocument,
  PolicyGrammar,
  PolicyStatement,
  PrincipalBlock,
  PrincipalType,
  RequestContext,
  RequestPrincipal,
  ResourcePolicyKind,
} from './types.js';
