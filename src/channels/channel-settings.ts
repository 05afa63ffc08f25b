/** The channel function's settings: environment variable names (defined once) and their parsing. */
import { integerSetting, SettingError } from '../deploy-settings/setting-values';

/** The IVS recording configuration every created channel records with (set by the backend). */
export const RECORDING_CONFIGURATION_ARN_ENV = 'IVS_RECORDING_CONFIGURATION_ARN';
/** How many channels one user may create (synthesis setting, passed on to the function). */
export const MAX_CHANNELS_PER_USER_ENV = 'IVS_MAX_CHANNELS_PER_USER';
export const DEFAULT_MAX_CHANNELS_PER_USER = 1;

/** 0 turns self-service channels off; the upper bound keeps one user within IVS's per-account quota. */
export const maxChannelsPerUser = (env: NodeJS.ProcessEnv): number =>
  integerSetting(env, MAX_CHANNELS_PER_USER_ENV, { default: DEFAULT_MAX_CHANNELS_PER_USER, min: 0, max: 100 });

export type ChannelSettings = { recordingConfigurationArn: string; maxChannelsPerUser: number };

const RECORDING_CONFIGURATION_ARN = /^arn:aws[a-z-]*:ivs:[a-z0-9-]+:\d{12}:recording-configuration\/[A-Za-z0-9]+$/;

export const channelSettings = (env: NodeJS.ProcessEnv): ChannelSettings => {
  const arn = env[RECORDING_CONFIGURATION_ARN_ENV] ?? '';
  if (!RECORDING_CONFIGURATION_ARN.test(arn)) {
    throw new SettingError(
      `${RECORDING_CONFIGURATION_ARN_ENV} must be an IVS recording configuration ARN (arn:aws:ivs:<region>:<account>:recording-configuration/<id>), got "${arn}"`,
    );
  }
  return { recordingConfigurationArn: arn, maxChannelsPerUser: maxChannelsPerUser(env) };
};
