/**
 * DeleteParameter (ParameterNotFound when missing) and DeleteParameters (up to 10; the ones that do
 * not exist or are malformed come back in InvalidParameters). A parameter goes with all its versions
 * and tags. Both take names only, not ARNs.
 */
import { isAwsError } from '../../../http/errors.js';
import { SsmErrors } from '../errors.js';
import { authorizeOnParameter } from '../lookup.js';
import { canonicalName, MAX_NAME_MEMBER_LENGTH } from '../names.js';
import { ssmSlice, scopeKey } from '../state.js';
import type { SsmOperations } from './types.js';

function tryName(raw: string): string | undefined {
  try {
    return canonicalName(raw);
  } catch (err) {
    if (isAwsError(err)) return undefined;
    throw err;
  }
}

export const deleteOperations: SsmOperations = {
  DeleteParameter(rt, f, call) {
    const name = canonicalName(f.requiredString('Name', { max: MAX_NAME_MEMBER_LENGTH }));
    const target = { where: call.where, name };
    const parameter = authorizeOnParameter(rt.deps.store, call, target, 'ssm:DeleteParameter');
    if (!parameter) throw SsmErrors.notFound();
    rt.deps.store.dispatch(ssmSlice, 'deleteParameter', { scope: scopeKey(call.where), name });
    return {};
  },

  DeleteParameters(rt, f, call) {
    const names = f.requiredStringList('Names', { min: 1, max: 10 });
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const raw of new Set(names)) {
      const name = tryName(raw);
      const parameter =
        name !== undefined &&
        authorizeOnParameter(rt.deps.store, call, { where: call.where, name }, 'ssm:DeleteParameters');
      if (!parameter) {
        invalid.push(raw);
        continue;
      }
      rt.deps.store.dispatch(ssmSlice, 'deleteParameter', {
        scope: scopeKey(call.where),
        name: parameter.name,
      });
      deleted.push(raw);
    }
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  },
};
