/**
 * The local stack's CloudFront-style key pair: the Playback function signs with the private
 * key (its PLAYBACK_PRIVATE_KEY secret, locally), the local S3 store verifies with the public
 * key (playback mode). Kept in `<localDir>/playback-keys/` (never committed), made on first
 * start; in memory only with `--in-memory`.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type LocalPlaybackKeys = { keyPairId: string; privateKeyPem: string; publicKeyPem: string };

const generate = (): { privateKeyPem: string; publicKeyPem: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/** An id shaped like CloudFront's public key ids (`K` and 13 upper-case characters), from the key. */
const keyPairIdOf = (publicKeyPem: string): string =>
  `K${createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 13).toUpperCase()}`;

export const localPlaybackKeys = async (localDir: string | null): Promise<LocalPlaybackKeys> => {
  if (localDir === null) {
    const keys = generate();
    return { ...keys, keyPairId: keyPairIdOf(keys.publicKeyPem) };
  }
  const dir = path.join(localDir, 'playback-keys');
  const privateFile = path.join(dir, 'private.pem');
  const publicFile = path.join(dir, 'public.pem');
  let keys: { privateKeyPem: string; publicKeyPem: string };
  try {
    keys = { privateKeyPem: await readFile(privateFile, 'utf8'), publicKeyPem: await readFile(publicFile, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    keys = generate();
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(privateFile, keys.privateKeyPem, { mode: 0o600 });
    await writeFile(publicFile, keys.publicKeyPem);
  }
  return { ...keys, keyPairId: keyPairIdOf(keys.publicKeyPem) };
};
