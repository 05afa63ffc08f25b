import type { Stack } from 'aws-cdk-lib';

/** CDK context key (`--context alarm-email=...`) and environment variable for the alarms' e-mail. */
export const ALARM_EMAIL_CONTEXT = 'alarm-email';
export const ALARM_EMAIL_ENV = 'ALARM_EMAIL';

/** The address alarms go to (creates the SNS topic), or undefined: alarms without actions. */
export const alarmEmail = (stack: Stack, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const fromContext: unknown = stack.node.tryGetContext(ALARM_EMAIL_CONTEXT);
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  return env[ALARM_EMAIL_ENV] || undefined;
};
