/**
 * CloudFront signed access with a custom policy: one policy, whose resource is the
 * recording's prefix with a wildcard, signed once, authorizes the master playlist, the
 * variant playlists, every segment and every thumbnail until it expires. The same three
 * values travel as cookies (`CloudFront-Policy`, `CloudFront-Signature`,
 * `CloudFront-Key-Pair-Id`) or as a query string (`Policy`, `Signature`, `Key-Pair-Id`).
 */
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';

/** A custom policy granting GET on `resource` (a URL, `*` wildcards allowed) until `expiresAtSeconds`. */
export const customPolicy = (resource: string, expiresAtSeconds: number): string =>
  JSON.stringify({
    Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(expiresAtSeconds) } } }],
  });

export type SignedAccess = {
  /** `Policy=...&Signature=...&Key-Pair-Id=...`, valid on any URL the policy covers. */
  query: string;
  cookies: { name: string; value: string }[];
};

/** Signs the policy (RSA-SHA1, CloudFront's default) with the private key of the key pair. */
export const signPolicy = (policy: string, credentials: { keyPairId: string; privateKey: string }): SignedAccess => {
  const signed = getSignedCookies({ policy, keyPairId: credentials.keyPairId, privateKey: credentials.privateKey });
  const encodedPolicy = signed['CloudFront-Policy'];
  if (encodedPolicy === undefined) throw new Error('the signer returned no policy for a custom policy');
  const signature = signed['CloudFront-Signature'];
  const keyPairId = signed['CloudFront-Key-Pair-Id'];
  return {
    query: `Policy=${encodedPolicy}&Signature=${signature}&Key-Pair-Id=${keyPairId}`,
    cookies: [
      { name: 'CloudFront-Policy', value: encodedPolicy },
      { name: 'CloudFront-Signature', value: signature },
      { name: 'CloudFront-Key-Pair-Id', value: keyPairId },
    ],
  };
};
