// deleteObjectsUnderPrefix with the stock S3 client against the local S3 store (real
// ListObjectsV2 and DeleteObjects over HTTP). Faults (a crash, a key S3 refuses) are injected
// as middleware of the real client.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type DeleteObjectsCommandInput, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../local/s3/local-s3-client';
import { type LocalS3Store, putLocalObject, startLocalS3Store } from '../local/s3/local-s3-store';
import { deleteObjectsUnderPrefix, PrefixDeletionInputError } from './prefix-deletion';

let root: string;
let store: LocalS3Store;
const clients: S3Client[] = [];
const Bucket = 'ivs-recordings-deletion';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'prefix-deletion-'));
  store = await startLocalS3Store({ root, port: 0 });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await store?.stop();
  await rm(root, { recursive: true, force: true });
});

type Sent = { command: string; input: unknown };

/**
 * The stock client, recording each command it sends; with `crashAfter`, the send after that
 * many throws (the function crashing mid-prefix); with `refuse`, S3 answers that key with a
 * per-key AccessDenied (it is not deleted), as it does for a key a policy protects.
 */
const client = (faults: { crashAfter?: number; refuse?: string } = {}) => {
  const s3 = localS3Client(store.endpoint);
  clients.push(s3);
  const sent: Sent[] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (faults.crashAfter !== undefined && sent.length >= faults.crashAfter) throw new Error('crashed');
      const input: unknown = args.input;
      sent.push({ command: context.commandName!, input: structuredClone(input) });
      const deletion = context.commandName === 'DeleteObjectsCommand' ? (input as DeleteObjectsCommandInput) : null;
      const refused = deletion?.Delete?.Objects?.some((o) => o.Key === faults.refuse);
      if (!deletion?.Delete || !refused) return next(args);
      deletion.Delete.Objects = deletion.Delete.Objects!.filter((o) => o.Key !== faults.refuse);
      const answer = await next(args);
      const output = answer.output as { Errors?: { Key: string; Code: string; Message: string }[] };
      output.Errors = [
        ...(output.Errors ?? []),
        { Key: faults.refuse!, Code: 'AccessDenied', Message: 'Access Denied' },
      ];
      return answer;
    },
    { step: 'initialize', name: 'recordSends' },
  );
  return { s3, sent, commands: () => sent.map((s) => s.command) };
};

const keysUnder = async (Prefix: string): Promise<string[]> => {
  const { s3 } = client();
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
    keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return keys;
};

/** A recording's objects: a playlist, `count - 2` segments and an end file. */
const writeRecording = async (prefix: string, count: number): Promise<string[]> => {
  const keys = [
    `${prefix}events/recording-ended.json`,
    `${prefix}media/hls/multivariant.m3u8`,
    ...Array.from({ length: count - 2 }, (_, i) => `${prefix}media/hls/720p30/${String(i).padStart(5, '0')}.ts`),
  ];
  for (const key of keys) await putLocalObject(store, Bucket, key, key);
  return keys.sort();
};

const deleteCalls = (sent: Sent[]) =>
  sent.filter((s) => s.command === 'DeleteObjectsCommand').map((s) => (s.input as DeleteObjectsCommandInput).Delete!);

describe('given a recording prefix with neighbours in the recordings bucket', () => {
  it('when its objects are deleted then all of them are gone in one quiet batch and the neighbouring prefixes keep theirs', async () => {
    await writeRecording('ivs/v1/1/ch/a/', 5);
    const neighbours = [
      ...(await writeRecording('ivs/v1/1/ch/ab/', 3)),
      ...(await writeRecording('ivs/v1/1/ch/b/', 3)),
    ];
    await putLocalObject(store, Bucket, 'ivs/v1/1/ch/a.json', '{}');
    const { s3, sent, commands } = client();

    const result = await deleteObjectsUnderPrefix(s3, Bucket, 'ivs/v1/1/ch/a/');

    expect(result).toEqual({ listed: 5, deleted: 5, batches: 1, errors: [] });
    expect(commands()).toEqual(['ListObjectsV2Command', 'DeleteObjectsCommand']);
    expect(deleteCalls(sent)[0]!.Quiet).toBe(true);
    expect(await keysUnder('ivs/v1/1/ch/a/')).toEqual([]);
    expect(await keysUnder('ivs/v1/1/ch/')).toEqual(['ivs/v1/1/ch/a.json', ...neighbours]);
  });

  it('when it is deleted again then nothing is listed and nothing is sent but the one list (idempotent)', async () => {
    const { s3, commands } = client();
    expect(await deleteObjectsUnderPrefix(s3, Bucket, 'ivs/v1/1/ch/a/')).toEqual({
      listed: 0,
      deleted: 0,
      batches: 0,
      errors: [],
    });
    expect(commands()).toEqual(['ListObjectsV2Command']);
  });
});

describe('given a prefix of more objects than one batch', () => {
  it('when deleted in batches of 2 then each page of the list is one DeleteObjects of at most 2 keys, and all are gone', async () => {
    const keys = await writeRecording('ivs/v1/2/ch/paged/', 7);
    const { s3, sent, commands } = client();

    const result = await deleteObjectsUnderPrefix(s3, Bucket, 'ivs/v1/2/ch/paged/', { batchSize: 2 });

    expect(result).toEqual({ listed: 7, deleted: 7, batches: 4, errors: [] });
    expect(commands()).toEqual(
      Array.from({ length: 4 }, () => ['ListObjectsV2Command', 'DeleteObjectsCommand']).flat(),
    );
    expect(deleteCalls(sent).map((d) => d.Objects!.map((o) => o.Key))).toEqual([
      keys.slice(0, 2),
      keys.slice(2, 4),
      keys.slice(4, 6),
      keys.slice(6),
    ]);
    expect(await keysUnder('ivs/v1/2/ch/paged/')).toEqual([]);
  });

  it('when 1001 objects are deleted with the default batch then S3 gets 1000 keys then 1', async () => {
    await writeRecording('ivs/v1/2/ch/big/', 1001);
    const { s3, sent } = client();

    const result = await deleteObjectsUnderPrefix(s3, Bucket, 'ivs/v1/2/ch/big/');

    expect(result).toEqual({ listed: 1001, deleted: 1001, batches: 2, errors: [] });
    expect(deleteCalls(sent).map((d) => d.Objects!.length)).toEqual([1000, 1]);
    expect(await keysUnder('ivs/v1/2/ch/big/')).toEqual([]);
  });

  it('when the deletion crashes after its first batch then the rest stays, and a rerun deletes only what is left', async () => {
    const keys = await writeRecording('ivs/v1/2/ch/crash/', 7);
    const crashing = client({ crashAfter: 2 });

    await expect(deleteObjectsUnderPrefix(crashing.s3, Bucket, 'ivs/v1/2/ch/crash/', { batchSize: 3 })).rejects.toThrow(
      'crashed',
    );
    expect(crashing.commands()).toEqual(['ListObjectsV2Command', 'DeleteObjectsCommand']);
    expect(await keysUnder('ivs/v1/2/ch/crash/')).toEqual(keys.slice(3));

    const rerun = await deleteObjectsUnderPrefix(client().s3, Bucket, 'ivs/v1/2/ch/crash/', { batchSize: 3 });
    expect(rerun).toEqual({ listed: 4, deleted: 4, batches: 2, errors: [] });
    expect(await keysUnder('ivs/v1/2/ch/crash/')).toEqual([]);
  });
});

describe('given a key S3 refuses to delete', () => {
  it('when the prefix is deleted then the key is reported with its code, the others are deleted, and a rerun retries it', async () => {
    const keys = await writeRecording('ivs/v1/3/ch/locked/', 5);
    const refused = keys[2]!;

    const result = await deleteObjectsUnderPrefix(client({ refuse: refused }).s3, Bucket, 'ivs/v1/3/ch/locked/', {
      batchSize: 2,
    });

    expect(result).toEqual({ listed: 5, deleted: 4, batches: 3, errors: [{ key: refused, code: 'AccessDenied' }] });
    expect(await keysUnder('ivs/v1/3/ch/locked/')).toEqual([refused]);
    expect(await deleteObjectsUnderPrefix(client().s3, Bucket, 'ivs/v1/3/ch/locked/')).toEqual({
      listed: 1,
      deleted: 1,
      batches: 1,
      errors: [],
    });
  });
});

describe('given S3 throttling the deletion', () => {
  it('when S3 answers the first DeleteObjects 503 SlowDown then the SDK standard retry sends it again and all are deleted', async () => {
    await writeRecording('ivs/v1/3/ch/throttled/', 4);
    const { s3, commands } = client();
    let slowDowns = 1;
    // Below the deserializer, as S3's HTTP answer: the stock retry strategy sees a real SlowDown error.
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'DeleteObjectsCommand' || slowDowns-- <= 0) return next(args);
        const body = '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
        return {
          output: undefined as never,
          response: { statusCode: 503, headers: { 'content-type': 'application/xml' }, body: Readable.from([body]) },
        };
      },
      { step: 'deserialize', priority: 'low', name: 'slowDownOnce' },
    );

    const result = await deleteObjectsUnderPrefix(s3, Bucket, 'ivs/v1/3/ch/throttled/');

    expect(result).toEqual({ listed: 4, deleted: 4, batches: 1, errors: [] });
    expect(slowDowns).toBe(-1);
    expect(commands()).toEqual(['ListObjectsV2Command', 'DeleteObjectsCommand']);
    expect(await keysUnder('ivs/v1/3/ch/throttled/')).toEqual([]);
  });
});

describe('given a dry run', () => {
  it('when a prefix is dry-run deleted in batches then every key is listed and counted, no DeleteObjects is sent, and all remain', async () => {
    const keys = await writeRecording('ivs/v1/4/ch/dry/', 5);
    const { s3, commands } = client();

    const result = await deleteObjectsUnderPrefix(s3, Bucket, 'ivs/v1/4/ch/dry/', { dryRun: true, batchSize: 2 });

    expect(result).toEqual({ listed: 5, deleted: 0, batches: 0, errors: [] });
    expect(commands()).toEqual(['ListObjectsV2Command', 'ListObjectsV2Command', 'ListObjectsV2Command']);
    expect(await keysUnder('ivs/v1/4/ch/dry/')).toEqual(keys);
  });
});

describe('given a prefix or a batch size that is not a recording prefix', () => {
  it.each([
    ['an empty prefix', '', {}, 'the prefix is empty'],
    ['a prefix not ending in /', 'ivs/v1/5/ch/a', {}, 'the prefix must end in "/"'],
    ['a prefix outside ivs/', 'media/a/', {}, 'the prefix is outside ivs/'],
    ['a leading slash', '/ivs/v1/5/ch/a/', {}, 'the prefix is outside ivs/'],
    ['the whole recordings prefix', 'ivs/', {}, 'the prefix is the whole of ivs/'],
    ['a batch of 1001', 'ivs/v1/5/ch/a/', { batchSize: 1001 }, 'batchSize must be a whole number from 1 to 1000'],
    ['a batch of 0', 'ivs/v1/5/ch/a/', { batchSize: 0 }, 'batchSize must be a whole number from 1 to 1000'],
  ])(
    'when %s is given then it is refused before any request and nothing is deleted',
    async (_, prefix, options, why) => {
      await writeRecording('ivs/v1/5/ch/a/', 3);
      const { s3, sent } = client();
      const refusal = deleteObjectsUnderPrefix(s3, Bucket, prefix, options);
      await expect(refusal).rejects.toBeInstanceOf(PrefixDeletionInputError);
      await expect(refusal).rejects.toThrow(why);
      expect(sent).toEqual([]);
      expect(await keysUnder('ivs/v1/5/ch/a/')).toHaveLength(3);
    },
  );
});
