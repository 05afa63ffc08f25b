/**
 * Runtime patches of @aws-amplify/amplify-appsync-simulator 2.16.x, applied when the local
 * data API starts by wrapping methods of its modules (node_modules is never edited, so
 * `npm install` stays plain). Each wrapper leaves the work to the original method, and each
 * patch has a test asserting the upstream behaviour it corrects (patches.test.ts,
 * server-listen.integration.test.ts): when an upgrade fixes it, that test fails and says
 * which patch to remove. Each file says what it fixes.
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
    throw new Error(
      `${SIMULATOR} ${version}: the local data API's patches expect 2.16.x; review src/local/data-api/patches`,
    );
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
