/**
 * CloudFront's signed access, checked the way the distribution checks a viewer request, for
 * the local store in playback mode: the `Policy`, `Signature` and `Key-Pair-Id` of the query
 * string, or else the `CloudFront-Policy`, `CloudFront-Signature` and `CloudFront-Key-Pair-Id`
 * cookies; the signature (RSA-SHA1, or SHA-256 with `Hash-Algorithm=SHA256`) over the decoded
 * policy with the public key of that id; the policy's DateLessThan (and DateGreaterThan) against
 * the clock; its resource (`*` any characters, `?` one) against the request's URL without the
 * signing parameters. Custom policies only: canned ones (`Expires`) and IpAddress conditions
 * are refused, as this project never signs them.
 */
import { createVerify } from 'node:crypto';

export type ViewerAccessKeys = Record<string, string>;

export type ViewerAccessResult = { ok: true } | { ok: false; reason: string };

const SIGNING_PARAMS = ['Policy', 'Signature', 'Key-Pair-Id', 'Expires', 'Hash-Algorithm'];

/** CloudFront's URL-safe base64 (`+` → `-`, `=` → `_`, `/` → `~`) back to bytes. */
const decodeCloudFrontBase64 = (value: string): Buffer =>
  Buffer.from(value.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

const parseCookies = (header: string | undefined): Record<string, string> => {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
};

/** Does a policy resource (`*` and `?` wildcards) match the URL? */
export const resourceMatches = (resource: string, url: string): boolean => {
  const pattern = resource
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(url);
};

/** The URL a policy's resource is matched against: the request's, without the signing parameters. */
export const unsignedUrl = (url: URL): string => {
  const kept = new URL(url.href);
  for (const name of SIGNING_PARAMS) kept.searchParams.delete(name);
  return kept.href;
};

type Statement = {
  Resource?: unknown;
  Condition?: {
    DateLessThan?: { 'AWS:EpochTime'?: unknown };
    DateGreaterThan?: { 'AWS:EpochTime'?: unknown };
    IpAddress?: unknown;
  };
};

/** Checks a viewer's request (its full URL, its Cookie header) at `nowSeconds`. */
export const verifyViewerAccess = (
  request: { url: URL; cookie?: string | undefined },
  keys: ViewerAccessKeys,
  nowSeconds: number,
): ViewerAccessResult => {
  const query = request.url.searchParams;
  const cookies = parseCookies(request.cookie);
  const fromQuery = query.has('Signature');
  const policyText = fromQuery ? query.get('Policy') : cookies['CloudFront-Policy'];
  const signature = fromQuery ? query.get('Signature') : cookies['CloudFront-Signature'];
  const keyPairId = fromQuery ? query.get('Key-Pair-Id') : cookies['CloudFront-Key-Pair-Id'];
  const algorithm = (fromQuery ? query.get('Hash-Algorithm') : cookies['CloudFront-Hash-Algorithm']) ?? 'SHA1';
  if (!signature || !keyPairId) return { ok: false, reason: 'missing signature or key pair id' };
  if (!policyText) return { ok: false, reason: 'no custom policy (canned policies are not accepted locally)' };
  const publicKey = keys[keyPairId];
  if (!publicKey) return { ok: false, reason: `unknown key pair id ${keyPairId}` };
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256') return { ok: false, reason: `unknown hash ${algorithm}` };
  const policy = decodeCloudFrontBase64(policyText);
  const verifier = createVerify(algorithm === 'SHA1' ? 'RSA-SHA1' : 'RSA-SHA256');
  verifier.update(policy);
  if (!verifier.verify(publicKey, decodeCloudFrontBase64(signature))) return { ok: false, reason: 'bad signature' };

  let statements: Statement[];
  try {
    statements = (JSON.parse(policy.toString('utf8')) as { Statement?: Statement[] }).Statement ?? [];
  } catch {
    return { ok: false, reason: 'the policy is not JSON' };
  }
  const statement = statements[0];
  if (statements.length !== 1 || !statement) return { ok: false, reason: 'the policy must have one statement' };
  const expires = statement.Condition?.DateLessThan?.['AWS:EpochTime'];
  if (typeof expires !== 'number') return { ok: false, reason: 'the policy has no DateLessThan' };
  if (nowSeconds >= expires) return { ok: false, reason: 'the policy has expired' };
  const notBefore = statement.Condition?.DateGreaterThan?.['AWS:EpochTime'];
  if (notBefore !== undefined && (typeof notBefore !== 'number' || nowSeconds <= notBefore)) {
    return { ok: false, reason: 'the policy is not valid yet' };
  }
  if (statement.Condition?.IpAddress !== undefined) return { ok: false, reason: 'IpAddress is not supported locally' };
  const resource = statement.Resource;
  if (typeof resource !== 'string') return { ok: false, reason: 'the policy has no resource' };
  if (!resourceMatches(resource, unsignedUrl(request.url))) {
    return { ok: false, reason: 'the policy does not cover this URL' };
  }
  return { ok: true };
};
