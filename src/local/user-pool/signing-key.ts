/**
 * The local user pool's RS256 key pair: generated once, kept in the data folder (so tokens
 * and sessions stay valid across restarts), or in memory only.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type SigningKey = { kid: string; privateKey: KeyObject; publicKey: KeyObject; jwk: PublicJwk };
export type PublicJwk = { kty: 'RSA'; alg: 'RS256'; use: 'sig'; kid: string; n: string; e: string };

const KEY_FILE = 'signing-key.pem';

const fromPrivateKey = (privateKey: KeyObject): SigningKey => {
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // The kid names the key (a thumbprint-like hash), so a token names the key that signed it.
  const kid = createHash('sha256').update(`${e}.${n}`).digest('base64url').slice(0, 27);
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, n, e } };
};

export const generateSigningKey = (): SigningKey =>
  fromPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

/** The key in `dir` (created on first use); without a dir, a fresh in-memory key. */
export const loadSigningKey = async (dir: string | undefined): Promise<SigningKey> => {
  if (!dir) return generateSigningKey();
  const file = path.join(dir, KEY_FILE);
  try {
    return fromPrivateKey(createPrivateKey(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  const key = generateSigningKey();
  await mkdir(dir, { recursive: true });
  const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  await writeFile(`${file}.tmp`, pem, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return key;
};
