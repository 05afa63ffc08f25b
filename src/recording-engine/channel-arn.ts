/**
 * IVS channel ARNs: `arn:<partition>:ivs:<region>:<12-digit account>:channel/<id>`.
 * The ARN is the only stable channel key (names change and repeat), so ids derived
 * from it must come from its parts, never from the channel name.
 */
export type ChannelArn = {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly channelId: string;
};

// Strict on purpose: region = letters groups then a number ("us-west-2", "us-gov-west-1"),
// channel id = alphanumerics. That keeps ids built from the parts unambiguous and URL-safe.
const CHANNEL_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):ivs:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):channel\/([A-Za-z0-9]{1,128})$/;

/** The parts of a channel ARN, or null when the text is not one. */
export const parseChannelArn = (value: string): ChannelArn | null => {
  const match = CHANNEL_ARN.exec(value);
  if (!match) return null;
  const [arn, partition, region, account, channelId] = match;
  if (partition === undefined || region === undefined || account === undefined || channelId === undefined) {
    return null;
  }
  return { arn, partition, region, account, channelId };
};

/**
 * The Profile id of a channel: `<account>-<region>-<channelId>`, the same parts and
 * style as the Recording id (which adds the session id). One channel, one id: a
 * conditional create makes a second Profile of a channel impossible, and the handler
 * gets the profile by key. Throws on a text that is not a channel ARN.
 */
export const profileIdFor = (channelArn: string): string => {
  const arn = parseChannelArn(channelArn);
  if (arn === null) throw new Error(`profileIdFor: not an IVS channel ARN: ${channelArn}`);
  return `${arn.account}-${arn.region}-${arn.channelId}`;
};
