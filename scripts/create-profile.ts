// Creates the Profile of an IVS channel (once: a second run prints the same profile).
//   npx tsx scripts/create-profile.ts --channel-arn <arn> [--channel-name <name>] [--owner <e-mail, sub or username>] [--outputs amplify_outputs.json]
// Against the local stack (npm start) by default; against a deployed sandbox when the
// outputs file is ampx's and AWS credentials of that account are in the environment.
import { parseArgs } from 'node:util';
import { dataClientForOutputs, readAmplifyOutputs } from '../src/data-client/outputs-file';
import { ensureProfile } from '../src/records-store/profile-directory';
import { isEmail, ownerForEmail, userPoolFromOutputs } from '../src/user-directory/cognito-users';

const USAGE = `usage: npx tsx scripts/create-profile.ts --channel-arn <arn> [--channel-name <name>] [--owner <e-mail, sub or username>] [--outputs <file>]

--owner: the user who reads the channel's records. An e-mail is looked up in the user pool
(the local one, or Cognito with admin credentials: cognito-idp:ListUsers) and stored as
"<sub>::<username>"; a sub or a username is stored as given.`;

const { values } = parseArgs({
  options: {
    'channel-arn': { type: 'string' },
    'channel-name': { type: 'string' },
    owner: { type: 'string' },
    outputs: { type: 'string', default: 'amplify_outputs.json' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values['channel-arn']) {
  console.error(USAGE);
  process.exit(2);
}
try {
  const owner =
    values.owner && isEmail(values.owner)
      ? await ownerForEmail(userPoolFromOutputs(await readAmplifyOutputs(values.outputs), values.outputs), values.owner)
      : values.owner;
  const { client, url } = await dataClientForOutputs(values.outputs);
  const profile = await ensureProfile(client, {
    channelArn: values['channel-arn'],
    ...(values['channel-name'] ? { channelName: values['channel-name'] } : {}),
    ...(owner ? { owner } : {}),
  });
  console.log(`${profile.created ? 'Created' : 'Found existing'} profile ${profile.id} for ${profile.channelArn} (owner ${profile.owner ?? 'none'}) at ${url}`);
  console.log(profile.id);
} catch (error) {
  console.error(`create-profile failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
