// Creates the Profile of an IVS channel (once: a second run prints the same profile).
//   npx tsx scripts/create-profile.ts --channel-arn <arn> [--channel-name <name>] [--owner <username>] [--outputs amplify_outputs.json]
// Against the local stack (npm start) by default; against a deployed sandbox when the
// outputs file is ampx's and AWS credentials of that account are in the environment.
import { parseArgs } from 'node:util';
import { dataClientForOutputs } from '../src/data-client/outputs-file';
import { ensureProfile } from '../src/records-store/profile-directory';

const { values } = parseArgs({
  options: {
    'channel-arn': { type: 'string' },
    'channel-name': { type: 'string' },
    owner: { type: 'string' },
    outputs: { type: 'string', default: 'amplify_outputs.json' },
  },
});
if (!values['channel-arn']) {
  console.error('usage: npx tsx scripts/create-profile.ts --channel-arn <arn> [--channel-name <name>] [--owner <username>] [--outputs <file>]');
  process.exit(2);
}
try {
  const { client, url } = await dataClientForOutputs(values.outputs);
  const profile = await ensureProfile(client, {
    channelArn: values['channel-arn'],
    ...(values['channel-name'] ? { channelName: values['channel-name'] } : {}),
    ...(values.owner ? { owner: values.owner } : {}),
  });
  console.log(`${profile.created ? 'Created' : 'Found existing'} profile ${profile.id} for ${profile.channelArn} (owner ${profile.owner ?? 'none'}) at ${url}`);
  console.log(profile.id);
} catch (error) {
  console.error(`create-profile failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
