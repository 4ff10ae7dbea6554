/**
 * Reading values: GetParameter (a name or ARN, with `:version`), GetParameters (up to 10; the ones that
 * are malformed or missing come back in InvalidParameters), GetParametersByPath (one level or
 * recursive, filtered, paged; authorized once on the path's ARN, as AWS does). WithDecryption returns
 * SecureString plaintext after the KMS check; without it the ciphertext.
 */
import { isAwsError } from '../../../http/errors.js';
import { visibleValue } from '../encryption.js';
import { matchesAll, readParameterFilters } from '../filters.js';
import { SsmErrors } from '../errors.js';
import { authorizeOnParameter, currentVersion, parametersIn, selectVersion } from '../lookup.js';
import {
  canonicalPath,
  isUnder,
  MAX_NAME_MEMBER_LENGTH,
  type ParameterReference,
  parameterArn,
  parseReference,
  pathArn,
} from '../names.js';
import { paginate } from '../paging.js';
import type { SsmCall, SsmRuntime } from '../runtime.js';
import { parameterShape } from '../shapes.js';
import type { StoredParameter } from '../state.js';
import type { SsmOperations } from './types.js';

function selectorText(ref: ParameterReference): string | undefined {
  if (!ref.selector) return undefined;
  return ref.selector.kind === 'version' ? ref.selector.text : ref.selector.label;
}

function readOne(
  rt: SsmRuntime,
  call: SsmCall,
  input: { ref: ParameterReference; parameter: StoredParameter; decrypt: boolean },
): Record<string, unknown> {
  const { ref, parameter } = input;
  const version = selectVersion(parameter, ref.selector);
  const value = visibleValue(rt, call, {
    version,
    parameterArn: parameterArn(ref.where, parameter.name),
    where: ref.where,
    decrypt: input.decrypt,
  });
  return parameterShape(ref.where, parameter, version, { value, selector: selectorText(ref) });
}

/** The reference a name denotes, or undefined when it is malformed (GetParameters lists those). */
function tryReference(raw: string, call: SsmCall): ParameterReference | undefined {
  try {
    return parseReference(raw, call.where, { selector: true });
  } catch (err) {
    if (isAwsError(err) && err.code === 'ValidationException') return undefined;
    throw err;
  }
}

/** A parameter version, or undefined when it (or the version) does not exist. */
function tryRead(
  rt: SsmRuntime,
  call: SsmCall,
  input: { ref: ParameterReference; parameter: StoredParameter; decrypt: boolean },
): Record<string, unknown> | undefined {
  try {
    return readOne(rt, call, input);
  } catch (err) {
    if (isAwsError(err) && (err.code === 'ParameterNotFound' || err.code === 'ParameterVersionNotFound')) {
      return undefined;
    }
    throw err;
  }
}

export const getOperations: SsmOperations = {
  GetParameter(rt, f, call) {
    const raw = f.requiredString('Name', { max: MAX_NAME_MEMBER_LENGTH });
    const decrypt = f.boolean('WithDecryption') ?? false;
    const ref = parseReference(raw, call.where, { selector: true });
    const parameter = authorizeOnParameter(rt.deps.store, call, ref, 'ssm:GetParameter');
    if (!parameter) throw SsmErrors.notFound();
    return { Parameter: readOne(rt, call, { ref, parameter, decrypt }) };
  },

  GetParameters(rt, f, call) {
    const names = f.requiredStringList('Names', { min: 1, max: 10 });
    const decrypt = f.boolean('WithDecryption') ?? false;
    const found: Record<string, unknown>[] = [];
    const invalid: string[] = [];
    for (const raw of new Set(names)) {
      const ref = tryReference(raw, call);
      const parameter = ref && authorizeOnParameter(rt.deps.store, call, ref, 'ssm:GetParameters');
      const shape = ref && parameter && tryRead(rt, call, { ref, parameter, decrypt });
      if (shape) found.push(shape);
      else invalid.push(raw);
    }
    found.sort((a, b) => String(a['Name']).localeCompare(String(b['Name']), 'en'));
    return { Parameters: found, InvalidParameters: invalid };
  },

  GetParametersByPath(rt, f, call) {
    const path = canonicalPath(f.requiredString('Path', { max: MAX_NAME_MEMBER_LENGTH }));
    const recursive = f.boolean('Recursive') ?? false;
    const filters = readParameterFilters(f, 'byPath');
    const decrypt = f.boolean('WithDecryption') ?? false;
    const limit = f.integer('MaxResults', { min: 1, max: 10 }) ?? 10;
    const token = f.string('NextToken');
    call.authorize({
      action: 'ssm:GetParametersByPath',
      resource: pathArn(call.where, path),
      resourceAccount: call.where.accountId,
      contextKeys: { 'ssm:Recursive': String(recursive) },
    });
    const matching = parametersIn(rt.deps.store, call.where).filter(
      (p) => isUnder(p.name, path, recursive) && matchesAll(filters, p, currentVersion(p)),
    );
    const page = paginate({ items: matching, sortKey: (p) => p.name, limit, token });
    return {
      Parameters: page.items.map((parameter) =>
        readOne(rt, call, { ref: { where: call.where, name: parameter.name }, parameter, decrypt }),
      ),
      NextToken: page.nextToken,
    };
  },
};
