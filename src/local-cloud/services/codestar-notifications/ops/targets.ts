/**
 * Targets: Subscribe and Unsubscribe (one target of one rule), ListTargets (the targets of the caller's
 * account and region, with their filters) and DeleteTarget (refused while rules use the target, unless
 * ForceUnsubscribeAll). Every target is ACTIVE: nothing is delivered here.
 */
import { paginate } from '../../shared/paging.js';
import { NotificationErrors } from '../errors.js';
import { MAX_TARGETS, readFilters, readPage, readTarget, TARGET_ADDRESS, TOKEN } from '../input.js';
import { notificationsSlice, type StoredTarget } from '../state.js';
import { type NotificationsOperations, requireRule, ruleArnOf, rulesInScope, stateOf } from './types.js';

const TARGET_FILTERS = ['TARGET_TYPE', 'TARGET_ADDRESS', 'TARGET_STATUS'] as const;
const STATUS = 'ACTIVE';

/** Whether a target passes a ListTargets filter. */
const TARGET_TESTS: Readonly<
  Record<(typeof TARGET_FILTERS)[number], (target: StoredTarget, value: string) => boolean>
> = {
  TARGET_TYPE: (t, value) => t.TargetType === value,
  TARGET_ADDRESS: (t, value) => t.TargetAddress === value,
  TARGET_STATUS: (_t, value) => value === STATUS,
};

export const targetOperations: NotificationsOperations = {
  Subscribe(deps, f, call) {
    const arn = ruleArnOf(f);
    const target = readTarget(f.requiredObject('Target'), call.where);
    f.string('ClientRequestToken', TOKEN);
    const rule = requireRule(deps.store, call, arn, 'codestar-notifications:Subscribe');
    const others = rule.targets.filter((t) => t.TargetAddress !== target.TargetAddress);
    if (others.length >= MAX_TARGETS) {
      throw NotificationErrors.limitExceeded(`A notification rule can have at most ${MAX_TARGETS} targets.`);
    }
    deps.store.dispatch(notificationsSlice, 'update', {
      rule: { ...rule, targets: [...others, target], lastModified: call.now.getTime() },
    });
    return { Arn: arn };
  },

  Unsubscribe(deps, f, call) {
    const arn = ruleArnOf(f);
    const address = f.requiredString('TargetAddress', TARGET_ADDRESS);
    const rule = requireRule(deps.store, call, arn, 'codestar-notifications:Unsubscribe');
    const targets = rule.targets.filter((t) => t.TargetAddress !== address);
    if (targets.length !== rule.targets.length) {
      deps.store.dispatch(notificationsSlice, 'update', {
        rule: { ...rule, targets, lastModified: call.now.getTime() },
      });
    }
    return { Arn: arn };
  },

  ListTargets(deps, f, call) {
    const filters = readFilters(f, TARGET_FILTERS);
    const { limit, token } = readPage(f);
    call.authorize({ action: 'codestar-notifications:ListTargets', resource: '*' });
    const matches = (t: StoredTarget) => filters.every(({ name, value }) => TARGET_TESTS[name](t, value));
    const items = Object.values(stateOf(deps.store).targets).filter(
      (t) => t.accountId === call.where.accountId && t.region === call.where.region && matches(t),
    );
    const page = paginate({
      items,
      sortKey: (t) => t.TargetAddress,
      limit,
      token,
      invalidToken: NotificationErrors.invalidToken,
    });
    return {
      Targets: page.items.map((t) => ({
        TargetAddress: t.TargetAddress,
        TargetType: t.TargetType,
        TargetStatus: STATUS,
      })),
      NextToken: page.nextToken,
    };
  },

  DeleteTarget(deps, f, call) {
    const address = f.requiredString('TargetAddress', TARGET_ADDRESS);
    const force = f.boolean('ForceUnsubscribeAll') ?? false;
    call.authorize({ action: 'codestar-notifications:DeleteTarget', resource: '*' });
    const users = rulesInScope(deps.store, call).filter((r) =>
      r.targets.some((t) => t.TargetAddress === address),
    );
    if (users.length > 0 && !force) {
      throw NotificationErrors.validation(
        `Target ${address} is used by ${users.length} notification rule(s); unsubscribe it first or set ForceUnsubscribeAll.`,
      );
    }
    deps.store.dispatch(notificationsSlice, 'deleteTarget', {
      accountId: call.where.accountId,
      region: call.where.region,
      address,
    });
    return {};
  },
};
