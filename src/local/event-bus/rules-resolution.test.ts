import { describe, expect, it } from 'vitest';
import type { CfnTemplate, CloudAssembly } from '../../cloud-assembly/assembly';
import { EventPatternError } from './event-pattern';
import { resolveRuleTargets } from './rules';

const HASH = 'a'.repeat(64);
const fn = (tags: { Key: string; Value: string }[] = []) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Tags: tags, Timeout: 10 },
});

/** A root stack passing a nested function's Arn into a nested events stack, as Amplify does. */
const assembly = (eventsTemplate: CfnTemplate, functionTemplate: CfnTemplate): CloudAssembly => ({
  dir: '/nowhere',
  templates: [
    {
      fileName: 'root.template.json',
      template: {
        Resources: {
          FnStack: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: { TemplateURL: `https://s3/x/${'b'.repeat(64)}.json` },
          },
          EventsStack: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: {
              TemplateURL: { 'Fn::Join': ['', ['https://s3/', `${HASH}.json`]] },
              Parameters: { FnArnParam: { 'Fn::GetAtt': ['FnStack', 'Outputs.FnArnOut'] } },
            },
          },
        },
      },
    },
    { fileName: 'events.nested.template.json', template: eventsTemplate },
    { fileName: 'fn.nested.template.json', template: functionTemplate },
  ],
});
/** Asset object keys (what a TemplateURL ends with) -> template files. */
const assets = new Map([
  [`${HASH}.json`, 'events.nested.template.json'],
  [`${'b'.repeat(64)}.json`, 'fn.nested.template.json'],
]);

const rule = (pattern: unknown, targets: unknown[]) => ({
  Type: 'AWS::Events::Rule',
  Properties: { EventPattern: pattern, Targets: targets },
});

const functionStack: CfnTemplate = {
  Resources: { MyFnlambda12345678: fn() },
  Outputs: { FnArnOut: { Value: { 'Fn::GetAtt': ['MyFnlambda12345678', 'Arn'] } } },
};

describe('resolveRuleTargets', () => {
  it('given a function without tag or EventInvokeConfig, when resolved across nested stacks, then it gets its logical id and Lambda defaults', () => {
    const events: CfnTemplate = {
      Parameters: { FnArnParam: { Type: 'String' } },
      Resources: { R1: rule({ source: ['x'] }, [{ Id: 'T', Arn: { Ref: 'FnArnParam' } }]) },
    };
    const { ruleTargets, skippedTargets } = resolveRuleTargets(assembly(events, functionStack), assets);
    expect(skippedTargets).toEqual([]);
    expect(ruleTargets).toMatchObject([
      {
        ruleLogicalId: 'R1',
        state: 'ENABLED',
        functionName: 'MyFnlambda12345678',
        functionLogicalId: 'MyFnlambda12345678',
        functionTimeoutSeconds: 10,
        asyncConfig: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600, from: 'lambda-defaults' },
      },
    ]);
    expect(ruleTargets[0]!.retryPolicy).toBeUndefined();
  });

  it('given a target that is a queue, when resolved, then it is skipped with a reason', () => {
    const events: CfnTemplate = {
      Resources: {
        Q: { Type: 'AWS::SQS::Queue' },
        R1: rule({ source: ['x'] }, [{ Id: 'T', Arn: { 'Fn::GetAtt': ['Q', 'Arn'] } }]),
      },
    };
    const { ruleTargets, skippedTargets } = resolveRuleTargets(assembly(events, functionStack), assets);
    expect(ruleTargets).toEqual([]);
    expect(skippedTargets).toEqual([
      { ruleLogicalId: 'R1', targetId: 'T', reason: 'target is a AWS::SQS::Queue, not a Lambda function' },
    ]);
  });

  it('given a rule with an unknown operator, when resolved, then loading fails naming the rule', () => {
    const events: CfnTemplate = {
      Resources: { Bad: rule({ source: [{ 'starts-with': 'x' }] }, []) },
    };
    expect(() => resolveRuleTargets(assembly(events, functionStack), assets)).toThrow(EventPatternError);
    expect(() => resolveRuleTargets(assembly(events, functionStack), assets)).toThrow(/rule Bad/);
  });
});
