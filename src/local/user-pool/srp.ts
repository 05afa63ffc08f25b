/**
 * The server half of Cognito's SRP-6a (USER_SRP_AUTH, challenge PASSWORD_VERIFIER), written
 * against the client half aws-amplify v6 ships (@aws-amplify/auth, providers/cognito/utils/srp):
 * RFC 5054 3072-bit group, g = 2, SHA-256, every integer hashed in its "padded hex" form
 * (even length, a 00 byte prepended when the top bit is set, as Java's toByteArray), and the
 * 16-byte key from HKDF with the info "Caldera Derived Key". Pure: randomness is passed in.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

/** The hex of a non-negative integer, as the client's getPaddedHex encodes it. */
export const paddedHex = (value: bigint): string => {
  if (value < 0n) throw new Error('SRP values are non-negative');
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
};

const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hashOfHex = (hex: string): string => sha256Hex(Buffer.from(hex, 'hex'));
const fromHex = (hex: string): bigint => BigInt(`0x${hex}`);

export const modPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
};

export const k = fromHex(hashOfHex(`${paddedHex(N)}${paddedHex(g)}`));

/**
 * The user pool "name" in the SRP hashes: the part of the pool id after the underscore
 * (`us-east-1_LocalPool` → `LocalPool`), as the client takes it.
 */
export const poolNameOf = (userPoolId: string): string => userPoolId.split('_')[1] ?? '';

/** x = H(PAD(salt) | H(poolName | userIdForSrp | ":" | password)) */
const privateKeyX = (poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint =>
  fromHex(hashOfHex(`${paddedHex(fromHex(saltHex))}${sha256Hex(`${poolName}${userIdForSrp}:${password}`)}`));

/** What the pool stores instead of the password: the salt and v = g^x mod N. */
export type PasswordVerifier = { saltHex: string; verifierHex: string };

export const passwordVerifier = (
  poolName: string,
  userIdForSrp: string,
  password: string,
  saltHex: string,
): PasswordVerifier => ({
  saltHex,
  verifierHex: modPow(g, privateKeyX(poolName, userIdForSrp, password, saltHex), N).toString(16),
});

/** The password checked against the stored verifier (for the admin and password flows). */
export const passwordMatches = (
  poolName: string,
  userIdForSrp: string,
  password: string,
  stored: PasswordVerifier,
): boolean => {
  const candidate = Buffer.from(passwordVerifier(poolName, userIdForSrp, password, stored.saltHex).verifierHex);
  const expected = Buffer.from(stored.verifierHex);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
};

/** B = (k·v + g^b) mod N, for the server's secret b. */
export const serverPublicB = (verifierHex: string, b: bigint): bigint =>
  (k * fromHex(verifierHex) + modPow(g, b, N)) % N;

/** A is the client's public value as it sent it (unpadded hex); A mod N = 0 is refused. */
export const parseClientA = (hex: string): bigint | null => {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(hex)) return null;
  const A = fromHex(hex.toLowerCase());
  return A % N === 0n ? null : A;
};

const hkdf16 = (ikm: Buffer, salt: Buffer): Buffer => {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const info = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);
  return createHmac('sha256', prk).update(info).digest().subarray(0, 16);
};

/** The key both sides derive: HKDF(PAD(S), salt PAD(u)), S = (A·v^u)^b mod N. */
export const sessionKey = (A: bigint, B: bigint, b: bigint, verifierHex: string): Buffer => {
  const u = fromHex(hashOfHex(`${paddedHex(A)}${paddedHex(B)}`));
  if (u === 0n) throw new Error('SRP u is zero');
  const S = modPow((A * modPow(fromHex(verifierHex), u, N)) % N, b, N);
  return hkdf16(Buffer.from(paddedHex(S), 'hex'), Buffer.from(paddedHex(u), 'hex'));
};

/** PASSWORD_CLAIM_SIGNATURE = base64(HMAC(key, poolName | userIdForSrp | secretBlock | timestamp)). */
export const passwordClaimSignature = (
  key: Buffer,
  poolName: string,
  userIdForSrp: string,
  secretBlock: Buffer,
  timestamp: string,
): Buffer =>
  createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userIdForSrp), secretBlock, Buffer.from(timestamp)]))
    .digest();

/** The client's claim checked in constant time. */
export const claimMatches = (expected: Buffer, claimBase64: string): boolean => {
  const claim = Buffer.from(claimBase64, 'base64');
  return claim.length === expected.length && timingSafeEqual(claim, expected);
};
