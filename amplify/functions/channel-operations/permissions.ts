import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ivs from 'aws-cdk-lib/aws-ivs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { CHANNEL_OWNER_TAGS } from '../../../src/channels/channel-operations';

/**
 * What ChannelOperations needs beyond its data API access, in this account and region only:
 * create channels (each with its stream key) that carry exactly the two owner tags, with the
 * backend's recording configuration; read a channel, list its stream keys and read a stream
 * key. IVS has no narrower resource than "the account's channels / stream keys" for a
 * function that serves every user: ownership is checked against the Profile before any read.
 */
export const grantChannelOperations = (fn: lambda.IFunction, recordingConfiguration: ivs.CfnRecordingConfiguration) => {
  const stack = Stack.of(fn);
  const channels = stack.formatArn({ service: 'ivs', resource: 'channel', resourceName: '*' });
  const streamKeys = stack.formatArn({ service: 'ivs', resource: 'stream-key', resourceName: '*' });
  const ownerTags = Object.values(CHANNEL_OWNER_TAGS);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'CreateOwnerTaggedChannels',
      // TagResource: CreateChannel with tags is also authorized as tagging.
      actions: ['ivs:CreateChannel', 'ivs:TagResource'],
      resources: [channels, streamKeys, recordingConfiguration.attrArn],
      conditions: {
        'ForAllValues:StringEquals': { 'aws:TagKeys': ownerTags },
        Null: Object.fromEntries(ownerTags.map((key) => [`aws:RequestTag/${key}`, 'false'])),
      },
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadChannelsAndListTheirStreamKeys',
      actions: ['ivs:GetChannel', 'ivs:ListStreamKeys'],
      resources: [channels],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadStreamKeys',
      actions: ['ivs:GetStreamKey'],
      resources: [streamKeys],
    }),
  );
};
