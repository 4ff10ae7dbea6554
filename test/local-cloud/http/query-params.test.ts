import { describe, expect, it } from 'vitest';
import { QueryParams } from '../../../src/local-cloud/http/query-params.js';

describe('QueryParams', () => {
  const params = QueryParams.fromForm(
    [
      'Action=CreateStack',
      'StackName=my+stack',
      'Parameters.member.2.ParameterKey=B',
      'Parameters.member.2.ParameterValue=two',
      'Parameters.member.1.ParameterKey=A',
      'Parameters.member.1.ParameterValue=one%20%26%20more',
      'Capabilities.member.10=CAPABILITY_AUTO_EXPAND',
      'Capabilities.member.1=CAPABILITY_IAM',
      'Tags.member.1.Key=team',
      'Tags.member.1.Value=platform',
      'Attributes.entry.1.key=Policy',
      'Attributes.entry.1.value=%7B%7D',
      'Attributes.entry.2.key=DisplayName',
      'Attributes.entry.2.value=',
      'TimeoutInMinutes=30',
      'DisableRollback=TRUE',
      'Flag',
    ].join('&'),
  );

  it('decodes form values (+ is a space, percent escapes are UTF-8)', () => {
    expect(params.get('StackName')).toBe('my stack');
    expect(params.get('Flag')).toBe('');
    expect(QueryParams.fromForm('Name=%C3%BC%E2%82%AC').get('Name')).toBe('ü€');
  });

  it('reads scalar lists in numeric index order', () => {
    expect(params.list('Capabilities')).toEqual(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
    expect(params.list('Missing')).toEqual([]);
  });

  it('reads structure lists as scoped views', () => {
    expect(params.members('Parameters').map((m) => m.toObject())).toEqual([
      { ParameterKey: 'A', ParameterValue: 'one & more' },
      { ParameterKey: 'B', ParameterValue: 'two' },
    ]);
    expect(params.members('Tags')[0]?.get('Key')).toBe('team');
  });

  it('reads maps', () => {
    expect(params.map('Attributes')).toEqual({ Policy: '{}', DisplayName: '' });
  });

  it('reads integers and booleans, refusing other text with ValidationError', () => {
    expect(params.int('TimeoutInMinutes')).toBe(30);
    expect(params.bool('DisableRollback')).toBe(true);
    expect(params.int('Nope')).toBeUndefined();
    expect(() => params.int('StackName')).toThrow(expect.objectContaining({ code: 'ValidationError' }));
    expect(() => params.bool('StackName')).toThrow(expect.objectContaining({ code: 'ValidationError' }));
  });

  it('refuses malformed encoding with MalformedQueryString', () => {
    expect(() => QueryParams.fromForm('Action=%E0%A4%A')).toThrow(
      expect.objectContaining({ code: 'MalformedQueryString', status: 400 }),
    );
  });

  it('merges with the later source winning', () => {
    const merged = QueryParams.fromForm('A=1&B=2').merge(QueryParams.fromForm('B=3'));
    expect(merged.toObject()).toEqual({ A: '1', B: '3' });
  });
});
