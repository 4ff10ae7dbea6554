/**
 * Parameters and Mappings sections: shape checks and normalization into typed declarations. Called by
 * structure.ts; errors are CloudFormation's "Template format error" family.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { parameterTypeInfo } from './parameter-types.js';
import type { Mappings, ParameterDeclaration, TemplateObject, TemplateValue } from './types.js';
import { isAlphanumeric, isObject, scalarString } from './values.js';

const PARAMETER_ATTRIBUTES = new Set([
  'Type',
  'Default',
  'NoEcho',
  'AllowedValues',
  'AllowedPattern',
  'MaxLength',
  'MinLength',
  'MaxValue',
  'MinValue',
  'Description',
  'ConstraintDescription',
]);

/** The Parameters section as typed declarations (names alphanumeric, types known, attributes valid). */
export function readParameters(section: TemplateValue | undefined): Record<string, ParameterDeclaration> {
  if (section === undefined || section === null) return {};
  if (!isObject(section)) throw new TemplateError(M.sectionNotObject('Parameters'));
  const out: Record<string, ParameterDeclaration> = {};
  for (const [name, raw] of Object.entries(section)) {
    if (!isAlphanumeric(name)) throw new TemplateError(M.parameterNameNotAlphanumeric(name));
    if (!isObject(raw))
      throw new TemplateError(M.sectionNotObject('Parameters'), { detail: `/Parameters/${name}` });
    out[name] = readParameter(name, raw);
  }
  return out;
}

function readParameter(name: string, raw: TemplateObject): ParameterDeclaration {
  for (const attribute of Object.keys(raw)) {
    if (!PARAMETER_ATTRIBUTES.has(attribute)) throw new TemplateError(M.invalidParameterAttribute(attribute));
  }
  const type = scalarString(raw.Type);
  if (type === undefined || type === '') throw new TemplateError(M.parameterWithoutType(name));
  if (!parameterTypeInfo(type)) throw new TemplateError(M.unrecognizedParameterType(type));
  const declaration: ParameterDeclaration = { type, noEcho: readNoEcho(raw.NoEcho) };
  const defaultValue = readDefault(name, raw.Default);
  if (defaultValue !== undefined) declaration.default = defaultValue;
  const description = scalarString(raw.Description);
  if (description !== undefined) declaration.description = description;
  if (raw.AllowedValues !== undefined) {
    if (!Array.isArray(raw.AllowedValues)) throw new TemplateError(M.allowedValuesNotList(name));
    declaration.allowedValues = raw.AllowedValues.map((v) => scalarString(v) ?? JSON.stringify(v));
  }
  const pattern = scalarString(raw.AllowedPattern);
  if (pattern !== undefined) declaration.allowedPattern = pattern;
  const constraint = scalarString(raw.ConstraintDescription);
  if (constraint !== undefined) declaration.constraintDescription = constraint;
  for (const attribute of ['MinLength', 'MaxLength', 'MinValue', 'MaxValue'] as const) {
    const value = readNumber(name, attribute, raw[attribute]);
    if (value === undefined) continue;
    const key = (attribute[0]!.toLowerCase() + attribute.slice(1)) as
      | 'minLength'
      | 'maxLength'
      | 'minValue'
      | 'maxValue';
    declaration[key] = value;
  }
  return declaration;
}

function readNoEcho(value: TemplateValue | undefined): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function readDefault(name: string, value: TemplateValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => scalarString(v) ?? '').join(',');
  const text = scalarString(value);
  if (text === undefined)
    throw new TemplateError(M.sectionNotObject('Parameters'), { detail: `/Parameters/${name}/Default` });
  return text;
}

function readNumber(name: string, attribute: string, value: TemplateValue | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = scalarString(value);
  const number = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(number)) throw new TemplateError(M.parameterAttributeNotNumber(name, attribute));
  return number;
}

/** Mappings: two levels of maps ending in strings or lists of strings (no intrinsic functions). */
export function readMappings(section: TemplateValue | undefined): Mappings {
  if (section === undefined || section === null) return {};
  if (!isObject(section)) throw new TemplateError(M.sectionNotObject('Mappings'));
  const out: Mappings = {};
  for (const [mapName, topLevel] of Object.entries(section)) {
    if (!isAlphanumeric(mapName)) throw new TemplateError(M.mappingNameNotAlphanumeric(mapName));
    if (!isObject(topLevel)) throw new TemplateError(M.mappingMemberNotMap(mapName));
    const map: Record<string, Record<string, TemplateValue>> = {};
    for (const [topKey, secondLevel] of Object.entries(topLevel)) {
      if (!isObject(secondLevel)) throw new TemplateError(M.mappingMemberNotMap(topKey));
      for (const value of Object.values(secondLevel)) {
        if (!isMappingValue(value)) throw new TemplateError(M.mappingAttributeNotStringOrList());
      }
      map[topKey] = secondLevel;
    }
    out[mapName] = map;
  }
  return out;
}

function isMappingValue(value: TemplateValue): boolean {
  if (Array.isArray(value)) return value.every((v) => scalarString(v) !== undefined);
  return scalarString(value) !== undefined;
}
