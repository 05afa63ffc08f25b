/** Environment variable for the alarms' e-mail, read at synthesis (`ALARM_EMAIL=... npx ampx sandbox`). */
export const ALARM_EMAIL_ENV = 'ALARM_EMAIL';

/** The address alarms go to (creates the SNS topic), or undefined: alarms without actions. */
export const alarmEmail = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env[ALARM_EMAIL_ENV] || undefined;
