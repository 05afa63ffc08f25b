// Thin Lambda entry: wire the data client, parse the AppSync event, run src/recording-stats.
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { amplifyDataClientConfig } from '../../../src/event-processing/data-client-config';
import type { RecordingStats } from '../../../src/recording-stats/recording-stats';
import { parseStatsEvent, statsFor } from '../../../src/recording-stats/stats-request';
import { ownerRecordingsInRange } from '../../../src/records-store/owner-recordings-in-range';
import type { Schema } from '../../data/resource';

const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(process.env);
Amplify.configure(resourceConfig, libraryOptions);

// IAM explicitly: the function is granted by allow.resource, whatever the API's default mode.
const client = generateClient<Schema>({ authMode: 'iam' });

export const handler = async (event: { arguments?: unknown; identity?: unknown }): Promise<RecordingStats> =>
  statsFor(parseStatsEvent(event), { recordingsOf: (owner, range) => ownerRecordingsInRange(client, owner, range) });
