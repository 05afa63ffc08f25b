/**
 * Runtime patches of @aws-amplify/amplify-appsync-simulator 2.16.x, applied by
 * monkey-patching its modules' exports when the local data API starts (node_modules is
 * never edited, so `npm install` stays plain and a version bump shows the patches'
 * assumptions failing in the tests rather than silently). Each file says what it fixes.
 */
import { patchConditionExpressionValues } from './condition-expression-values';
import { patchDynamoDBLoaderRequests } from './dynamodb-loader-requests';
import { patchLambdaInvocationType } from './lambda-invocation-type';
import { patchQuietDynamoDBErrors } from './quiet-dynamodb-errors';
import { patchRealtimeHandshake } from './realtime-handshake';
import { patchServerListen } from './server-listen';
import { requireSimulator, SIMULATOR } from './simulator-modules';
import { patchSubscriptionFilters } from './subscription-filters';
import { patchSubscriptionPayloads } from './subscription-payloads';
import { patchUserPoolTokens } from './user-pool-tokens';

/** The simulator versions these patches were written against (its lib/ layout is assumed). */
const PATCHED_VERSIONS = /^2\.16\./;

export const applySimulatorPatches = (): void => {
  const { version } = requireSimulator(`${SIMULATOR}/package.json`) as { version: string };
  if (!PATCHED_VERSIONS.test(version)) {
    throw new Error(`${SIMULATOR} ${version}: the local data API's patches expect 2.16.x; review src/local/data-api/patches`);
  }
  patchConditionExpressionValues();
  patchServerListen();
  patchQuietDynamoDBErrors();
  patchDynamoDBLoaderRequests();
  patchRealtimeHandshake();
  patchSubscriptionPayloads();
  patchSubscriptionFilters();
  patchLambdaInvocationType();
  patchUserPoolTokens();
};
