// Thin Lambda entry: wire the data client and IVS, then run src/channels.
import { IvsClient } from '@aws-sdk/client-ivs';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import {
  type ChannelIvsClient,
  type ChannelOperationEvent,
  runChannelOperation,
} from '../../../src/channels/channel-operations';
import { channelSettings } from '../../../src/channels/channel-settings';
import { amplifyDataClientConfig } from '../../../src/event-processing/data-client-config';
import type { Schema } from '../../data/resource';

const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(process.env);
Amplify.configure(resourceConfig, libraryOptions);

/**
 * The handler over an IVS client (the local stack passes its IVS stand-in) and an
 * environment (the function's own by default), read on the first invocation.
 */
export const createHandler = (options: { ivs?: ChannelIvsClient; env?: NodeJS.ProcessEnv } = {}) => {
  let deps: Parameters<typeof runChannelOperation>[0] | undefined;
  return async (event: ChannelOperationEvent) => {
    deps ??= {
      ivs: options.ivs ?? new IvsClient({}),
      // IAM explicitly: the function is granted by allow.resource, whatever the API's default mode.
      client: generateClient<Schema>({ authMode: 'iam' }),
      settings: channelSettings(options.env ?? process.env),
    };
    return runChannelOperation(deps, event);
  };
};

export const handler = createHandler();
