import { describe, expect, it } from 'vitest';
import { SettingError } from '../deploy-settings/setting-values';
import { defaultRetentionDays, parseRetentionDays, RetentionDaysError } from './retention-settings';

describe('given the backend default RECORDING_RETENTION_DAYS', () => {
  it('when unset or empty then recordings are kept forever (null)', () => {
    expect(defaultRetentionDays({})).toBeNull();
    expect(defaultRetentionDays({ RECORDING_RETENTION_DAYS: ' ' })).toBeNull();
  });

  it('when a whole number of days then it is read', () => {
    expect(defaultRetentionDays({ RECORDING_RETENTION_DAYS: '90' })).toBe(90);
  });

  it.each(['0', '-1', '2.5', 'thirty', '36501'])(
    'when "%s" then a SettingError names the variable and the range',
    (raw) => {
      expect(() => defaultRetentionDays({ RECORDING_RETENTION_DAYS: raw })).toThrow(SettingError);
      expect(() => defaultRetentionDays({ RECORDING_RETENTION_DAYS: raw })).toThrow(
        `RECORDING_RETENTION_DAYS must be a whole number of days from 1 to 36500 (unset: keep forever), got "${raw}"`,
      );
    },
  );
});

describe('given a retention period as input (createChannel, create-profile)', () => {
  it('when absent then it stays unset, and a positive integer is taken', () => {
    expect(parseRetentionDays(undefined)).toBeNull();
    expect(parseRetentionDays(null)).toBeNull();
    expect(parseRetentionDays(30)).toBe(30);
    expect(parseRetentionDays('30', '--retention-days')).toBe(30);
  });

  it.each([0, -3, 1.5, 36_501, '7d', true])('when %j then the error says what it must be', (value) => {
    expect(() => parseRetentionDays(value)).toThrow(RetentionDaysError);
    expect(() => parseRetentionDays(value)).toThrow(
      /^retentionDays must be a whole number of days from 1 to 36500, got /,
    );
  });
});
