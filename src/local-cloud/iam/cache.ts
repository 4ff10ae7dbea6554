/**
 * Compiled policies, kept so that a policy is parsed once and not on every request.
 * JSON text is keyed by its exact string in a bounded least-recently-used map; document objects are
 * keyed by identity in a WeakMap (treat them as immutable once evaluated).
 */
import { type CompiledPolicy, parsePolicy } from './policy.js';
import type { PolicyDocument, PolicyGrammar } from './types.js';

export type PolicySource = string | PolicyDocument | CompiledPolicy;

export const DEFAULT_POLICY_CACHE_ENTRIES = 2000;

function isCompiled(source: PolicySource): source is CompiledPolicy {
  return typeof source === 'object' && (source as CompiledPolicy).kind === 'compiled-policy';
}

export class PolicyCache {
  private readonly texts = new Map<string, CompiledPolicy>();
  private readonly objects = new WeakMap<object, Partial<Record<PolicyGrammar, CompiledPolicy>>>();

  constructor(private readonly maxEntries: number = DEFAULT_POLICY_CACHE_ENTRIES) {}

  /** The compiled form of a policy; throws `PolicyError` for a malformed one. */
  compile(source: PolicySource, grammar: PolicyGrammar): CompiledPolicy {
    if (isCompiled(source)) return source;
    if (typeof source === 'string') return this.compileText(source, grammar);
    const byGrammar = this.objects.get(source) ?? {};
    const cached = byGrammar[grammar];
    if (cached) return cached;
    const compiled = parsePolicy(source, grammar);
    byGrammar[grammar] = compiled;
    this.objects.set(source, byGrammar);
    return compiled;
  }

  /** Number of JSON texts held. */
  get size(): number {
    return this.texts.size;
  }

  private compileText(text: string, grammar: PolicyGrammar): CompiledPolicy {
    const key = `${grammar}\u0000${text}`;
    const cached = this.texts.get(key);
    if (cached) {
      // Refresh its place in the least-recently-used order.
      this.texts.delete(key);
      this.texts.set(key, cached);
      return cached;
    }
    const compiled = parsePolicy(text, grammar);
    this.texts.set(key, compiled);
    if (this.texts.size > this.maxEntries) {
      const oldest = this.texts.keys().next().value;
      if (oldest !== undefined) this.texts.delete(oldest);
    }
    return compiled;
  }
}
