/**
 * DescribeParameters: every parameter of the account and region, filtered by ParameterFilters (or the
 * older Filters), paged. IAM governs it for the account as a whole (resource `*`), as AWS does: it
 * lists metadata, never values.
 */
import { SsmErrors } from '../errors.js';
import { matchesAll, readLegacyFilters, readParameterFilters } from '../filters.js';
import { currentVersion, parametersIn } from '../lookup.js';
import { paginate } from '../paging.js';
import { metadataShape } from '../shapes.js';
import type { SsmOperations } from './types.js';

export const describeOperations: SsmOperations = {
  DescribeParameters(rt, f, call) {
    const filters = readParameterFilters(f, 'describe');
    const legacy = readLegacyFilters(f);
    if (filters.length > 0 && legacy.length > 0) throw SsmErrors.filtersAndParameterFilters();
    const limit = f.integer('MaxResults', { min: 1, max: 50 }) ?? 50;
    const token = f.string('NextToken');
    // Parameters shared through RAM are never listed: sharing is not supported here.
    f.boolean('Shared');
    call.authorize({
      action: 'ssm:DescribeParameters',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const all = [...filters, ...legacy];
    const matching = parametersIn(rt.deps.store, call.where).filter((p) =>
      matchesAll(all, p, currentVersion(p)),
    );
    const page = paginate({ items: matching, sortKey: (p) => p.name, limit, token });
    return {
      Parameters: page.items.map((p) => metadataShape(call.where, p, currentVersion(p))),
      NextToken: page.nextToken,
    };
  },
};
