import path from 'node:path';
import { DEMO_USER } from './demo-user';
import type { LocalStack } from './local-stack';

/** What `npm start` prints once the stack is up: endpoints and the exact next commands. */
export const startBanner = (stack: LocalStack, projectRoot: string): string => {
  const rel = (file: string) => path.relative(projectRoot, file) || file;
  const endpoint = stack.eventBus.endpoint;
  const lines = [
    '',
    `Local IVS recordings stack is up (${Math.round(stack.timings.startMs)} ms; synthesis ${Math.round(stack.timings.synthMs)} ms)`,
    '',
    `  EventBridge (PutEvents)   ${endpoint}`,
    `  Amplify Data (GraphQL)    ${stack.dataApi.graphqlUrl}`,
    `  API key                   ${stack.dataApi.apiKey}   (grants nothing: no model allows public access)`,
    `  S3 (recordings metadata)  ${stack.s3.endpoint}   (files under ${rel(stack.s3.root)})`,
    `  Playback media            ${stack.playback.mediaBaseUrl}   (CloudFront stand-in: signed access only; key pair ${stack.playback.keys.keyPairId})`,
    `  Lambda Invoke (redrive)   ${stack.lambdaInvoke.endpoint}`,
    `  Cognito user pool         ${stack.userPool.endpoint}   (Auth.Cognito.userPoolEndpoint; sign-up codes are printed here)`,
    stack.outputsFile
      ? `  amplify_outputs.json      ${rel(stack.outputsFile)}${stack.besideAmpxOutputs ? '   (beside the amplify_outputs.json from ampx, which is left as it is)' : ''}`
      : '  amplify_outputs.json      not written',
    stack.demoProfile
      ? `  Demo profile              ${stack.demoProfile.id} for ${stack.demoChannelArn} (owner: the demo user)`
      : '',
    `  Demo user                 ${stack.demoUser.email} / ${DEMO_USER.password}   (local only; sub ${stack.demoUser.sub})`,
    `  IVS (stand-in)            channels created with createChannel: ${stack.ivs.channelsFile ? rel(stack.ivs.channelsFile) : 'in memory'}`,
    `  Lifecycle events          Recording Ready / Failed / Deleted, put on this bus by the handler (source ivs-recording-tracker), printed here as [lifecycle]`,
    `  Failed events (redrive)   ${rel(path.join(stack.localDir, 'failed-events.jsonl'))}`,
    stack.eventBus.journalFile
      ? `  Delivery journal          ${rel(stack.eventBus.journalFile)}   (acknowledged events survive a crash; unfinished deliveries resume at the next start)`
      : '  Delivery journal          none: --in-memory keeps nothing (data and undelivered events are lost when the stack stops)',
    '',
    'Send the test events (in another terminal):',
    '  npm run events -- test-events/recording-start.json',
    '  npm run events -- test-events/recording-end.json',
    '  npm run events -- test-events/recording-failure.json',
    'or with the AWS CLI:',
    `  aws events put-events --endpoint-url ${endpoint} --region us-east-1 --entries file://test-events/recording-start.json`,
    'Then read the records:',
    '  npm run recordings',
    'Recovery: npm run redrive (failed events, dry run; --apply to redeliver), npm run reconcile (stuck records)',
    'Retention: npm run retention -- --dry-run (expired recordings; without --dry-run deletes them)',
    `Users: sign in as ${stack.demoUser.email} (password above), or npm run create-user -- --email <address> --password <password>`,
    '',
    'Ctrl-C stops the stack.',
  ];
  return lines
    .filter((l) => l !== '')
    .join('\n')
    .replace(/\n(Send|or with|Then|Ctrl)/g, '\n\n$1');
};
