import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { DETAIL_TYPE_OF, LIFECYCLE_EVENT_SOURCE } from '../../src/lifecycle-events/lifecycle-events';

/** The account's default bus in the function's region: where lifecycle events go. */
export const defaultEventBusArn = (fn: lambda.IFunction): string =>
  Stack.of(fn).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' });

/**
 * Publish lifecycle events (src/lifecycle-events): PutEvents on the default bus only, and only
 * entries of the project's source and detail types (`events:source` and `events:detail-type`
 * hold every entry's value of a request, hence ForAllValues). Returns the bus ARN, which the
 * function is given as LIFECYCLE_EVENT_BUS.
 */
export const grantPublishLifecycleEvents = (fn: lambda.IFunction): string => {
  const bus = defaultEventBusArn(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'PublishRecordingLifecycleEvents',
      actions: ['events:PutEvents'],
      resources: [bus],
      conditions: {
        'ForAllValues:StringEquals': {
          'events:source': [LIFECYCLE_EVENT_SOURCE],
          'events:detail-type': Object.values(DETAIL_TYPE_OF),
        },
      },
    }),
  );
  return bus;
};
