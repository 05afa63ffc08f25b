// Prints a channel's stream sessions and recordings as a frontend reads them (index queries).
//   npm run recordings                        the demo channel, local stack
//   npm run recordings -- --channel-arn <arn> [--outputs amplify_outputs.json]
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { dataClientForOutputs } from '../src/data-client/outputs-file';
import { channelRecordings } from '../src/records-store/channel-recordings';
import { demoChannelArn } from '../src/local/stack/demo-channel';

const { values } = parseArgs({
  options: { 'channel-arn': { type: 'string' }, outputs: { type: 'string', default: 'amplify_outputs.json' } },
});
try {
  const channelArn = values['channel-arn'] ?? (await demoChannelArn(PROJECT_ROOT));
  const { client } = await dataClientForOutputs(values.outputs);
  const view = await channelRecordings(client, channelArn);
  if (!view) {
    console.log(`No Profile for ${channelArn}: create one with scripts/create-profile.ts`);
  } else {
    console.log(`Profile ${view.profileId} (${channelArn})`);
    console.log('\nStream sessions');
    console.table(view.streamSessions);
    console.log('Recordings');
    console.table(view.recordings.map(({ streamSessionId: _s, ...r }) => r));
  }
} catch (error) {
  console.error(`recordings failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
