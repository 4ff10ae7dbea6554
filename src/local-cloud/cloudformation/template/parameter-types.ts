/**
 * The parameter types CloudFormation recognizes, and what `Ref` of each yields.
 *
 * AWS-specific types (`AWS::EC2::VPC::Id`, …) are accepted and treated as strings: the local cloud does
 * not check that the VPC or key pair exists. `AWS::SSM::Parameter::Value<T>` parameters hold the name of
 * an SSM parameter; the template sees its value, of type T.
 */

export type ParameterValueKind = 'string' | 'number' | 'list' | 'numberList';

export interface ParameterTypeInfo {
  /** What the template sees through `Ref`. */
  kind: ParameterValueKind;
  /** The value is the name of an SSM parameter whose value the template sees. */
  ssm: boolean;
}

const AWS_SPECIFIC = [
  'AWS::EC2::AvailabilityZone::Name',
  'AWS::EC2::Image::Id',
  'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName',
  'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id',
  'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id',
  'AWS::Route53::HostedZone::Id',
];

const SSM_PREFIX = 'AWS::SSM::Parameter::Value<';

/** The value kind of a type, or undefined when CloudFormation would not recognize the type. */
function plainKind(type: string): ParameterValueKind | undefined {
  if (type === 'String' || type === 'AWS::SSM::Parameter::Name' || AWS_SPECIFIC.includes(type))
    return 'string';
  if (type === 'Number') return 'number';
  if (type === 'List<Number>') return 'numberList';
  if (type === 'CommaDelimitedList') return 'list';
  const list = /^List<(.+)>$/.exec(type);
  if (list && AWS_SPECIFIC.includes(list[1]!)) return 'list';
  return undefined;
}

/** Information about a parameter type, or undefined for a type CloudFormation does not recognize. */
export function parameterTypeInfo(type: string): ParameterTypeInfo | undefined {
  if (type.startsWith(SSM_PREFIX) && type.endsWith('>')) {
    const inner = type.slice(SSM_PREFIX.length, -1);
    if (inner === 'String') return { kind: 'string', ssm: true };
    if (inner === 'List<String>' || inner === 'CommaDelimitedList') return { kind: 'list', ssm: true };
    const kind = plainKind(inner);
    return kind === 'string' || kind === 'list' ? { kind, ssm: true } : undefined;
  }
  const kind = plainKind(type);
  return kind === undefined ? undefined : { kind, ssm: false };
}
