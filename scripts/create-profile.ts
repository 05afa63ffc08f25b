// Creates the Profile of an IVS channel (once: a second run prints the same profile): npx tsx scripts/create-profile.ts --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import { channelArnValue, parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE, localStackEndpoint } from '../src/cli/local-stack-endpoint';
import { RECONCILE_RECORDINGS } from '../amplify/functions/function-names';

const USAGE = `usage: npx tsx scripts/create-profile.ts --channel-arn <arn> [--channel-name <name>] [--owner <e-mail, sub or username>]
                                        [--retention-days N] [--outputs FILE]

Creates the Profile of an IVS channel; a second run prints the same profile. Then it
replays the events the handler parked while the channel had no profile (kept 30 days),
and prints how many.
  --channel-arn ARN    arn:aws:ivs:<region>:<account>:channel/<id>
  --channel-name NAME  shown in logs
  --owner USER         the user who reads the channel's records. An e-mail is looked up in the
                       user pool (the local one, or Cognito with admin credentials:
                       cognito-idp:ListUsers) and stored as "<sub>::<username>"; a sub or a
                       username is stored as given.
  --retention-days N   keep the channel's recordings N days after they end (1 to 36500), then
                       delete them; default: the backend's RECORDING_RETENTION_DAYS (unset: forever).
                       Given for an existing profile, it replaces its period.
  --outputs FILE       default ${DEFAULT_OUTPUTS_FILE}: the local stack's (npm start), or a deployed
                       sandbox's (ampx; AWS credentials of that account in the environment)`;

await runCommand('create-profile', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      'channel-arn': { type: 'string' },
      'channel-name': { type: 'string' },
      owner: { type: 'string' },
      'retention-days': { type: 'string' },
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
    },
  });
  if (!values['channel-arn']) throw new UsageError('--channel-arn is required');
  const channelArn = channelArnValue('channel-arn', values['channel-arn']);
  const { parseRetentionDays } = await import('../src/retention/retention-settings');
  let retentionDays: number | null;
  try {
    retentionDays = parseRetentionDays(values['retention-days'], '--retention-days');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [
    { Logger },
    { dataClientForOutputs, readAmplifyOutputs },
    { powertoolsEventLogger },
    { createProfileAndReplay },
    { ProfileInputError },
    { isEmail, ownerForEmail, userPoolFromOutputs },
    { scriptLifecyclePublisher },
  ] = await Promise.all([
    import('@aws-lambda-powertools/logger'),
    import('../src/data-client/outputs-file'),
    import('../src/event-processing/powertools-observability'),
    import('../src/parked-events/create-profile-and-replay'),
    import('../src/records-store/profile-directory'),
    import('../src/user-directory/cognito-users'),
    import('../src/cli/lifecycle-publisher'),
  ]);
  const owner =
    values.owner && isEmail(values.owner)
      ? await ownerForEmail(userPoolFromOutputs(await readAmplifyOutputs(values.outputs), values.outputs), values.owner)
      : values.owner;
  const { client, url, local } = await dataClientForOutputs(values.outputs);
  // The replayed recordings' lifecycle events, as reconciliation's replay publishes them.
  const publishLifecycleEvents = await scriptLifecyclePublisher({
    local,
    region: (await readAmplifyOutputs(values.outputs)).data.aws_region,
    ...(local ? { eventsEndpoint: await localStackEndpoint('events', values.outputs) } : {}),
  });
  try {
    const { profile, replay } = await createProfileAndReplay(
      client,
      {
        channelArn,
        ...(values['channel-name'] ? { channelName: values['channel-name'] } : {}),
        ...(owner ? { owner } : {}),
        ...(retentionDays !== null ? { retentionDays } : {}),
      },
      // The replay logs as reconciliation does (it does the same work).
      { logger: powertoolsEventLogger(new Logger({ serviceName: RECONCILE_RECORDINGS })), publishLifecycleEvents },
    );
    console.log(
      `${profile.created ? 'Created' : 'Found existing'} profile ${profile.id} for ${profile.channelArn} (owner ${profile.owner ?? 'none'}, recordings kept ${profile.retentionDays === null ? 'as the backend default says' : `${profile.retentionDays} day${profile.retentionDays === 1 ? '' : 's'}`}) at ${url}`,
    );
    console.log(
      `Replayed ${replay.replayed} parked event(s) of the channel${replay.expired > 0 ? `; deleted ${replay.expired} expired unapplied` : ''}`,
    );
    console.log(profile.id);
  } catch (error) {
    throw error instanceof ProfileInputError ? new UsageError(error.message) : error;
  }
});
