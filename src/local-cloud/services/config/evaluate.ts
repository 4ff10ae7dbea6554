/**
 * Running rules: each invocation gets a result token, then the rule's function is invoked through
 * Lambda as `config.amazonaws.com` for the rule's account and ARN (asynchronously, as AWS Config does).
 * Whether the invocation was accepted is recorded in the rule's evaluation status; a function Lambda
 * refuses to run for Config (no resource policy allowing it) gets no event, and the status says why.
 */
import { AwsError } from '../../http/errors.js';
import { changeEvent, scheduledEvent, triggersOf } from './invoking-events.js';
import { type ConfigurationItem, storedItem } from './items.js';
import { resultToken, type Where } from './names.js';
import { type ConfigRuntime, scopeState, track } from './runtime.js';
import { inScope } from './scope.js';
import { type ConfigState, configSlice, type StoredConfigRule, scopeKey } from './state.js';

/** Every configuration item of an account and region: stored ones, then those of the sources. */
export function itemsOf(rt: ConfigRuntime, where: Where, now: Date): ConfigurationItem[] {
  const stored = Object.values(scopeState(rt, where).resources).map((r) => storedItem(where, r));
  return [...stored, ...rt.sources.flatMap((source) => source.items(where, now))];
}

function issueToken(rt: ConfigRuntime, where: Where, rule: StoredConfigRule, now: Date): string {
  const serial = rt.deps.store.get<ConfigState>(configSlice).serial + 1;
  const token = resultToken(where, rule.id, serial);
  rt.deps.store.dispatch(configSlice, 'issueToken', {
    token,
    serial,
    issued: { scope: scopeKey(where), ruleName: rule.name, ruleId: rule.id, invokedAt: now.toISOString() },
  });
  return token;
}

async function invoke(
  rt: ConfigRuntime,
  where: Where,
  rule: StoredConfigRule,
  build: (token: string, now: Date) => Record<string, unknown>,
): Promise<void> {
  const now = rt.deps.now();
  const record = (error?: { code: string; message: string }) =>
    rt.deps.store.dispatch(configSlice, 'invocationResult', {
      scope: scopeKey(where),
      ruleName: rule.name,
      at: rt.deps.now().toISOString(),
      ...(error ? { error } : {}),
    });
  if (!rt.lambda || rule.source.SourceIdentifier === undefined) {
    record({ code: 'ServiceUnavailable', message: 'Lambda is not available to AWS Config.' });
    return;
  }
  const payload = build(issueToken(rt, where, rule, now), now);
  try {
    await rt.lambda.invokeAsService({
      functionArn: rule.source.SourceIdentifier,
      servicePrincipal: 'config.amazonaws.com',
      sourceAccount: where.accountId,
      sourceArn: rule.arn,
      payload,
      invocationType: 'Event',
    });
    record();
  } catch (err) {
    const code = err instanceof AwsError ? err.code : 'InternalError';
    record({ code, message: err instanceof Error ? err.message : String(err) });
  }
}

async function runRule(rt: ConfigRuntime, where: Where, rule: StoredConfigRule, only?: ConfigurationItem) {
  if (rule.source.Owner !== 'CUSTOM_LAMBDA') return;
  const triggers = triggersOf(rule);
  const base = { rule, where };
  if (triggers.periodic && !only) {
    await invoke(rt, where, rule, (resultToken, now) => scheduledEvent({ ...base, now, resultToken }));
  }
  if (!triggers.onChange) return;
  const items = (only ? [only] : itemsOf(rt, where, rt.deps.now())).filter((item) =>
    inScope(rule.scope, item),
  );
  for (const item of items) {
    await invoke(rt, where, rule, (resultToken, now) => changeEvent({ ...base, now, resultToken, item }));
  }
}

/** StartConfigRulesEvaluation: runs the rules in the background (`idle()` waits for them). */
export function startRuleEvaluations(rt: ConfigRuntime, where: Where, rules: StoredConfigRule[]): void {
  track(
    rt,
    (async () => {
      for (const rule of rules) await runRule(rt, where, rule);
    })(),
  );
}

/** A configuration item changed: the change-triggered rules whose scope covers it run for it. */
export function startItemEvaluations(rt: ConfigRuntime, where: Where, item: ConfigurationItem): void {
  const rules = Object.values(scopeState(rt, where).rules).filter(
    (rule) => triggersOf(rule).onChange && inScope(rule.scope, item),
  );
  if (rules.length === 0) return;
  track(
    rt,
    (async () => {
      for (const rule of rules) await runRule(rt, where, rule, item);
    })(),
  );
}
