import { beforeAll, describe, expect, it } from 'vitest';
import type { CfnTemplate } from './assembly';
import { checkTemplateAgainstSpec, loadResourceSpec, type ResourceSpec } from './resource-spec';

let spec: ResourceSpec;
beforeAll(async () => {
  spec = await loadResourceSpec();
});

const check = (Resources: CfnTemplate['Resources']) => checkTemplateAgainstSpec(spec, { Resources });
const rule = (Properties: Record<string, unknown>) => ({ Type: 'AWS::Events::Rule', Properties });

describe('given the CloudFormation resource specification', () => {
  it('when a resource is valid then nothing is reported, and values computed at deploy time are not judged', () => {
    expect(
      check({
        Rule: rule({
          State: 'ENABLED',
          EventPattern: { source: ['aws.ivs'] },
          Targets: [
            { Id: 'Target0', Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 185 } },
          ],
        }),
        Queue: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true }, DeletionPolicy: 'Delete' },
        Disabled: rule({ State: { Ref: 'RuleState' }, ScheduleExpression: 'rate(1 hour)' }),
      }),
    ).toEqual([]);
  });

  it('when a resource type does not exist then it is reported', () => {
    expect(check({ X: { Type: 'AWS::Events::Rules' } })).toEqual(['X: unknown resource type AWS::Events::Rules']);
  });

  it('when a property is unknown, at the top or nested, then it is reported', () => {
    expect(
      check({ R: rule({ Stat: 'ENABLED', Targets: [{ Id: 'T', Arn: 'arn', RetryPolicy: { MaxRetries: 1 } }] }) }),
    ).toEqual(['R.Stat: unknown property', 'R.Targets[0].RetryPolicy.MaxRetries: unknown property']);
  });

  it('when a required property is missing, at the top or nested, then it is reported', () => {
    expect(check({ F: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: 'x' } } } })).toEqual([
      'F.Role: required property missing',
    ]);
    expect(check({ R: rule({ Targets: [{ Arn: 'arn' }] }) })).toEqual(['R.Targets[0].Id: required property missing']);
  });

  it('when a value is outside the enumeration the spec gives then it is reported', () => {
    expect(check({ R: rule({ State: 'ON' }) })).toEqual([
      'R.State: "ON" is not one of DISABLED, ENABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    ]);
  });

  it("when a custom resource carries its provider's input then only ServiceToken is required", () => {
    expect(check({ C: { Type: 'Custom::Anything', Properties: { ServiceToken: 'arn', whatever: { a: 1 } } } })).toEqual(
      [],
    );
    expect(check({ C: { Type: 'Custom::Anything', Properties: { whatever: 1 } } })).toEqual([
      'C.ServiceToken: required property missing',
    ]);
  });

  it("when CDK's analytics resource is present then it is accepted, though the spec does not list it", () => {
    expect(
      check({ CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:...' } } }),
    ).toEqual([]);
  });

  it('when a resource carries an attribute CloudFormation does not know then it is reported', () => {
    expect(check({ Q: { Type: 'AWS::SQS::Queue', DependOn: 'X' } as never })).toEqual([
      'Q: unknown resource attribute DependOn',
    ]);
  });
});
