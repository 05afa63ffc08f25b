import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeEnvelope } from './envelope';
import { loadLocalRules, type LocalRules, type RuleTarget } from './rules';

const RECORDING = 'IVS Recording State Change';
const STREAM = 'IVS Stream State Change';

const envelope = (source: string, detailType: string, detail: Record<string, unknown> = {}) =>
  makeEnvelope({
    source,
    detailType,
    detail,
    resources: ['arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij'],
  });

/** The rule targets a given event would be delivered to. */
const matchedRules = (rules: LocalRules, event: unknown): string[] =>
  rules.ruleTargets.filter((t) => t.matches(event)).map((t) => t.ruleLogicalId.replace(/[0-9A-F]{8}$/, ''));

const byRule = (rules: LocalRules, prefix: string): RuleTarget => {
  const found = rules.ruleTargets.filter((t) => t.ruleLogicalId.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('given the synthesized sandbox assembly', () => {
  let rules: LocalRules;
  beforeAll(async () => {
    rules = await loadLocalRules(inject('sandboxAssemblyDir'));
  });

  it('when its rules are read, then the three rules (IVS recording, IVS stream, S3 end files) target RecordingStatusHandler with its async config', () => {
    expect(rules.skippedTargets).toEqual([]);
    expect(rules.ruleTargets).toHaveLength(3);
    for (const target of rules.ruleTargets) {
      expect(target.functionName).toBe('RecordingStatusHandler');
      expect(target.functionLogicalId).toMatch(/^RecordingStatusHandlerlambda/);
      expect(target.state).toBe('ENABLED');
      expect(target.functionTimeoutSeconds).toBe(30);
      expect(target.retryPolicy).toEqual({
        maximumRetryAttempts: 185,
        maximumEventAgeInSeconds: 86_400,
      });
      expect(target.deadLetterQueue).toMatchObject({
        type: 'AWS::SQS::Queue',
        logicalId: expect.stringMatching(/^IVSEventsDeliveryDLQ/),
      });
      expect(target.asyncConfig).toMatchObject({
        maximumRetryAttempts: 2,
        maximumEventAgeInSeconds: 21_600,
        from: 'template',
        onFailure: {
          type: 'AWS::SQS::Queue',
          logicalId: expect.stringMatching(/^RecordingEventsFailedQueue/),
        },
      });
    }
    expect(byRule(rules, 'IVSRecordingStatusRule').pattern).toEqual({
      source: ['aws.ivs', 'custom.ivs.simulator'],
      'detail-type': [RECORDING],
    });
  });

  it.each([
    ['aws.ivs', RECORDING, ['IVSRecordingStatusRule']],
    ['custom.ivs.simulator', RECORDING, ['IVSRecordingStatusRule']],
    ['aws.ivs', STREAM, ['IVSStreamStatusRule']],
    ['custom.ivs.simulator', STREAM, ['IVSStreamStatusRule']],
    ['aws.ivs', 'IVS Stream Health Change', []],
    ['custom.other', RECORDING, []],
    ['aws.s3', STREAM, []],
  ])('when a %s "%s" event arrives, then it matches %j', (source, detailType, expected) => {
    expect(matchedRules(rules, envelope(source, detailType, { recording_status: 'Recording End' }))).toEqual(expected);
  });

  it('when the event carries extra fields, then it still matches', () => {
    const event = {
      ...envelope('custom.ivs.simulator', RECORDING),
      extra: { deep: [1, 2] },
      'replay-name': 'x',
    };
    expect(matchedRules(rules, event)).toEqual(['IVSRecordingStatusRule']);
  });
});

describe('given the synthesized branch assembly', () => {
  let rules: LocalRules;
  beforeAll(async () => {
    rules = await loadLocalRules(inject('branchAssemblyDir'));
  });

  it.each([
    ['aws.ivs', RECORDING, ['IVSRecordingStatusRule']],
    ['aws.ivs', STREAM, ['IVSStreamStatusRule']],
    ['custom.ivs.simulator', RECORDING, []],
    ['custom.ivs.simulator', STREAM, []],
    ['aws.ivs', 'IVS Limit Breach', []],
  ])('when a %s "%s" event arrives, then it matches %j', (source, detailType, expected) => {
    expect(matchedRules(rules, envelope(source, detailType))).toEqual(expected);
  });

  it('when its rules are read, then they target RecordingStatusHandler with 2 retries', () => {
    expect(rules.ruleTargets.map((t) => [t.functionName, t.asyncConfig.maximumRetryAttempts])).toEqual([
      ['RecordingStatusHandler', 2],
      ['RecordingStatusHandler', 2],
      ['RecordingStatusHandler', 2],
    ]);
  });
});
