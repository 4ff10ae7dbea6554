/**
 * Parsed document → `Template`: checks the shape of every section and normalizes it into typed
 * declarations, raising CloudFormation's "Template format error" family for what is malformed. Checks
 * that need the whole template (references, cycles, conditions) are in validate.ts.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { TemplateLimits } from './limits.js';
import { readMappings, readParameters } from './sections.js';
import type {
  OutputDeclaration,
  ResourceDeclaration,
  Template,
  TemplateObject,
  TemplateValue,
} from './types.js';
import { isAlphanumeric, isObject, scalarString } from './values.js';

/** The top-level sections a template may have. */
export const TEMPLATE_SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
] as const;

/** The only AWSTemplateFormatVersion there is. */
export const SUPPORTED_FORMAT_VERSION = '2010-09-09';

const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
  'Version',
]);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
const OUTPUT_ATTRIBUTES = new Set(['Value', 'Description', 'Export', 'Condition']);
const FOR_EACH_PREFIX = 'Fn::ForEach::';

/** Builds the typed template from a parsed document, checking each section's shape. */
export function buildTemplate(document: TemplateValue): Template {
  if (!isObject(document)) throw new TemplateError(M.unsupportedStructure());
  const invalid = Object.keys(document).filter(
    (key) => !(TEMPLATE_SECTIONS as readonly string[]).includes(key),
  );
  if (invalid.length > 0) throw new TemplateError(M.invalidSections(invalid));

  const template: Template = {
    parameters: readParameters(document.Parameters),
    rules: readObjectSection('Rules', document.Rules),
    mappings: readMappings(document.Mappings),
    conditions: readObjectSection('Conditions', document.Conditions),
    transforms: readTransforms(document.Transform),
    resources: readResources(document.Resources),
    outputs: readOutputs(document.Outputs),
    document,
  };
  const version = readFormatVersion(document.AWSTemplateFormatVersion);
  if (version !== undefined) template.formatVersion = version;
  const description = readDescription(document.Description);
  if (description !== undefined) template.description = description;
  if (document.Metadata !== undefined && document.Metadata !== null) {
    template.metadata = readObjectSection('Metadata', document.Metadata);
  }
  checkCounts(template);
  return template;
}

function readFormatVersion(value: TemplateValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const version = scalarString(value);
  if (version !== SUPPORTED_FORMAT_VERSION)
    throw new TemplateError(M.unsupportedVersion(String(version ?? JSON.stringify(value))));
  return version;
}

function readDescription(value: TemplateValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TemplateError(M.descriptionNotString());
  if (value.length > TemplateLimits.maxDescriptionLength) {
    throw new TemplateError(M.descriptionTooLong(TemplateLimits.maxDescriptionLength));
  }
  return value;
}

function readObjectSection(section: string, value: TemplateValue | undefined): TemplateObject {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new TemplateError(M.sectionNotObject(section));
  return value;
}

/** Transform: a name, a list of names, or `{ Name, Parameters }` objects (AWS::Include style). */
function readTransforms(value: TemplateValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry) => {
    const name = isObject(entry) ? scalarString(entry.Name) : scalarString(entry);
    if (name === undefined) throw new TemplateError(M.sectionNotObject('Transform'));
    return name;
  });
}

function readResources(section: TemplateValue | undefined): Record<string, ResourceDeclaration> {
  if (section === undefined || section === null) throw new TemplateError(M.noResources());
  if (!isObject(section)) throw new TemplateError(M.resourceNotObject());
  const names = Object.keys(section);
  if (names.length === 0) throw new TemplateError(M.noResources());
  const out: Record<string, ResourceDeclaration> = {};
  for (const name of names) {
    if (name.startsWith(FOR_EACH_PREFIX)) throw new TemplateError(M.forEachUnsupported(`/Resources/${name}`));
    if (!isAlphanumeric(name)) throw new TemplateError(M.resourceNameNotAlphanumeric(name));
    const raw = section[name];
    if (!isObject(raw)) throw new TemplateError(M.resourceNotObject(), { detail: `/Resources/${name}` });
    out[name] = readResource(name, raw);
  }
  return out;
}

function readResource(name: string, raw: TemplateObject): ResourceDeclaration {
  const type = raw.Type;
  if (typeof type !== 'string' || type === '') throw new TemplateError(M.resourceWithoutType(name));
  for (const attribute of Object.keys(raw)) {
    if (!RESOURCE_ATTRIBUTES.has(attribute)) throw new TemplateError(M.invalidResourceAttribute(attribute));
  }
  const properties = raw.Properties ?? {};
  if (!isObject(properties)) throw new TemplateError(M.propertiesNotObject(name));
  const resource: ResourceDeclaration = { type, properties, dependsOn: readDependsOn(name, raw.DependsOn) };
  if (raw.Condition !== undefined) {
    if (typeof raw.Condition !== 'string') throw new TemplateError(M.conditionNotString());
    resource.condition = raw.Condition;
  }
  for (const [attribute, key] of [
    ['DeletionPolicy', 'deletionPolicy'],
    ['UpdateReplacePolicy', 'updateReplacePolicy'],
  ] as const) {
    const value = raw[attribute];
    if (value === undefined) continue;
    if (typeof value === 'string' && !DELETION_POLICIES.has(value)) {
      throw new TemplateError(M.invalidDeletionPolicy(name, attribute, value));
    }
    resource[key] = value;
  }
  if (raw.Metadata !== undefined) resource.metadata = raw.Metadata;
  if (raw.CreationPolicy !== undefined) resource.creationPolicy = raw.CreationPolicy;
  if (raw.UpdatePolicy !== undefined) resource.updatePolicy = raw.UpdatePolicy;
  return resource;
}

function readDependsOn(name: string, value: TemplateValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return [...value];
  throw new TemplateError(M.dependsOnNotStrings(name));
}

function readOutputs(section: TemplateValue | undefined): Record<string, OutputDeclaration> {
  if (section === undefined || section === null) return {};
  if (!isObject(section)) throw new TemplateError(M.sectionNotObject('Outputs'));
  const out: Record<string, OutputDeclaration> = {};
  for (const [name, raw] of Object.entries(section)) {
    if (!isAlphanumeric(name)) throw new TemplateError(M.outputNameNotAlphanumeric(name));
    if (!isObject(raw)) throw new TemplateError(M.outputWithoutValue(), { detail: `/Outputs/${name}` });
    out[name] = readOutput(name, raw);
  }
  return out;
}

function readOutput(name: string, raw: TemplateObject): OutputDeclaration {
  for (const attribute of Object.keys(raw)) {
    if (!OUTPUT_ATTRIBUTES.has(attribute)) throw new TemplateError(M.invalidOutputAttribute(attribute));
  }
  if (!('Value' in raw)) throw new TemplateError(M.outputWithoutValue());
  if (raw.Value === null) throw new TemplateError(M.outputNullValue(name));
  const output: OutputDeclaration = { value: raw.Value! };
  if (raw.Description !== undefined) output.description = raw.Description;
  if (raw.Condition !== undefined) {
    if (typeof raw.Condition !== 'string') throw new TemplateError(M.conditionNotString());
    output.condition = raw.Condition;
  }
  if (raw.Export !== undefined) {
    const exportName = isObject(raw.Export) ? raw.Export.Name : undefined;
    if (exportName === undefined || exportName === null || exportName === '') {
      throw new TemplateError(M.exportWithoutName(name));
    }
    output.exportName = exportName;
  }
  return output;
}

function checkCounts(template: Template): void {
  const resources = Object.keys(template.resources).length;
  if (resources > TemplateLimits.maxResources) {
    throw new TemplateError(M.tooManyResources(resources, TemplateLimits.maxResources));
  }
  const parameters = Object.keys(template.parameters).length;
  if (parameters > TemplateLimits.maxParameters) {
    throw new TemplateError(M.tooManyParameters(parameters, TemplateLimits.maxParameters));
  }
  const outputs = Object.keys(template.outputs).length;
  if (outputs > TemplateLimits.maxOutputs) {
    throw new TemplateError(M.tooManyOutputs(outputs, TemplateLimits.maxOutputs));
  }
}
