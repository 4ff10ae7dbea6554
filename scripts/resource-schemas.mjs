/**
 * Writes src/local-cloud/cloudformation/schemas/data.json: the property schemas of the resource types the
 * local CloudFormation supports, taken from AWS's resource specification as published in the npm package
 * @aws-cdk/aws-service-spec (a devDependency: the local cloud reads only the generated file).
 *
 *   npm run schemas                              # rewrite data.json
 *   node scripts/resource-schemas.mjs --stdout   # print it instead (the staleness test compares)
 *
 * Format, per resource type: `properties` (name → type), `required` (sorted names) and `types` (the
 * resource's named property types, each with its own `properties` and `required`). A type is one of
 *   "String" | "Integer" | "Number" | "Boolean" | "Json" | "Timestamp"
 *   { "list": type } | { "map": type } | { "union": [type, ...] } | { "ref": "<property type name>" }
 * The specification's built-in tag becomes the named type `Tag` (Key required, Value optional: the
 * specification does not say which resources require Value). No documentation strings; keys sorted.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const RESOURCE_TYPES = [
  'AWS::CloudFormation::Stack',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Version',
  'AWS::Lambda::Alias',
  'AWS::Logs::LogGroup',
  'AWS::Config::ConfigRule',
  'AWS::Events::Rule',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::SNS::TopicPolicy',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::SSM::Parameter',
  'AWS::CodePipeline::Pipeline',
  'AWS::CodeBuild::Project',
  'AWS::CodeStarConnections::Connection',
  'AWS::CodeStarNotifications::NotificationRule',
];

const OUTPUT = new URL('../src/local-cloud/cloudformation/schemas/data.json', import.meta.url);

const PRIMITIVES = {
  string: 'String',
  integer: 'Integer',
  number: 'Number',
  boolean: 'Boolean',
  json: 'Json',
  'date-time': 'Timestamp',
};

const TAG = { properties: { Key: 'String', Value: 'String' }, required: ['Key'] };

function loadDatabase() {
  const require = createRequire(import.meta.url);
  return require('@aws-cdk/aws-service-spec').loadAwsServiceSpecSync();
}

/** One resource type: its properties and every property type reachable from them. */
function resourceSchema(db, cfnType) {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', cfnType);
  if (found.length !== 1) throw new Error(`${cfnType}: ${found.length} entries in the specification`);
  const types = {};
  const encode = (type) => {
    const primitive = PRIMITIVES[type.type];
    if (primitive) return primitive;
    switch (type.type) {
      case 'tag':
        if (types.Tag && types.Tag !== TAG) throw new Error(`${cfnType}: a property type is named Tag`);
        types.Tag = TAG;
        return { ref: 'Tag' };
      case 'array':
        return { list: encode(type.element) };
      case 'map':
        return { map: encode(type.element) };
      case 'union':
        return { union: type.types.map(encode) };
      case 'ref': {
        const definition = db.get('typeDefinition', type.reference);
        if (definition.name === 'Tag' && types.Tag === TAG) throw new Error(`${cfnType}: Tag is ambiguous`);
        if (!(definition.name in types)) {
          types[definition.name] = null; // reserve the name first: types may be recursive
          types[definition.name] = objectSchema(definition.properties);
        }
        return { ref: definition.name };
      }
      default:
        throw new Error(`${cfnType}: unsupported type ${JSON.stringify(type)}`);
    }
  };
  const objectSchema = (properties) => {
    const out = { properties: {}, required: [] };
    for (const [name, property] of Object.entries(properties)) {
      if (property.deprecated === 'IGNORE') continue;
      out.properties[name] = encode(property.type);
      if (property.required) out.required.push(name);
    }
    out.required.sort();
    return out;
  };
  const schema = objectSchema(found[0].properties);
  return { ...schema, types };
}

/** Recursively sorts object keys (arrays keep their order), so the output is deterministic. */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted(value[key]);
  return out;
}

/** The text of data.json: one resource type per line. */
function generate(db) {
  const entries = [...RESOURCE_TYPES]
    .sort()
    .map((type) => `${JSON.stringify(type)}:${JSON.stringify(sorted(resourceSchema(db, type)))}`);
  return `{\n${entries.join(',\n')}\n}\n`;
}

const text = generate(loadDatabase());
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  writeFileSync(OUTPUT, text);
  process.stdout.write(`wrote src/local-cloud/cloudformation/schemas/data.json (${text.length} bytes)\n`);
}
