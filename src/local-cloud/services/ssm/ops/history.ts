/**
 * GetParameterHistory: every version kept (oldest first), paged, with values decrypted when asked (each
 * SecureString version checked against its own key).
 */
import { visibleValue } from '../encryption.js';
import { SsmErrors } from '../errors.js';
import { authorizeOnParameter } from '../lookup.js';
import { MAX_NAME_MEMBER_LENGTH, parameterArn, parseReference } from '../names.js';
import { paginate, versionKey } from '../paging.js';
import { historyShape } from '../shapes.js';
import type { SsmOperations } from './types.js';

export const historyOperations: SsmOperations = {
  GetParameterHistory(rt, f, call) {
    const raw = f.requiredString('Name', { max: MAX_NAME_MEMBER_LENGTH });
    const decrypt = f.boolean('WithDecryption') ?? false;
    const limit = f.integer('MaxResults', { min: 1, max: 50 }) ?? 50;
    const token = f.string('NextToken');
    const ref = parseReference(raw, call.where, { selector: false });
    const parameter = authorizeOnParameter(rt.deps.store, call, ref, 'ssm:GetParameterHistory');
    if (!parameter) throw SsmErrors.notFound();
    const page = paginate({ items: parameter.versions, sortKey: (v) => versionKey(v.version), limit, token });
    const arn = parameterArn(ref.where, parameter.name);
    return {
      Parameters: page.items.map((version) =>
        historyShape(
          parameter,
          version,
          visibleValue(rt, call, { version, parameterArn: arn, where: ref.where, decrypt }),
        ),
      ),
      NextToken: page.nextToken,
    };
  },
};
