import { defineAuth } from '@aws-amplify/backend';

/** Cognito user pool: the people who own Profiles and read their recordings. */
export const auth = defineAuth({
  loginWith: { email: true },
});
