import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../eventbridge/envelope';
import { decodeAwsChunked, encodeAwsChunked } from './aws-chunked';
import { localS3Client } from './local-s3-client';
import { fileForKey, startLocalS3Store, type LocalS3Store } from './local-s3-store';

let root: string;
let store: LocalS3Store;
let s3: S3Client;
const Bucket = 'ivs-recordings-local';
const created: EventEnvelope[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'local-s3-'));
  store = await startLocalS3Store({ root, port: 0, onObjectCreated: async (event) => void created.push(event) });
  s3 = localS3Client(store.endpoint);
});
afterAll(async () => {
  s3?.destroy();
  await store?.stop();
  await rm(root, { recursive: true, force: true });
});

const get = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();

describe('given the local S3 store and the stock S3 client', () => {
  it('when an object is put then it is read back, stored as a file under <root>/<bucket>/<key>, and has an ETag', async () => {
    const Key = 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs/events/recording-ended.json';
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key,
        Body: '{"recording_status":"RECORDING_ENDED"}',
        ContentType: 'application/json',
      }),
    );
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await get(Key)).toBe('{"recording_status":"RECORDING_ENDED"}');
    expect(await readFile(path.join(root, Bucket, Key), 'utf8')).toBe('{"recording_status":"RECORDING_ENDED"}');
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
    expect(head.ContentLength).toBe(38);
    expect(head.ContentType).toBe('application/json');
  });

  it('when a stream is put (the SDK sends it aws-chunked with a trailing checksum) then the bytes are stored exactly', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'media/segment.ts',
        Body: Readable.from([bytes.subarray(0, 30_000), bytes.subarray(30_000)]),
        ContentLength: bytes.length,
      }),
    );
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket, Key: 'media/segment.ts' }))
    ).Body!.transformToByteArray();
    expect(Buffer.from(body).equals(bytes)).toBe(true);
  });

  it('when a missing key is read then the client throws NoSuchKey', async () => {
    await expect(
      s3.send(new GetObjectCommand({ Bucket, Key: 'nope/events/recording-ended.json' })),
    ).rejects.toBeInstanceOf(NoSuchKey);
  });

  it('when objects are listed with a prefix, a delimiter and a page size then pages and common prefixes are S3-shaped', async () => {
    for (const Key of [
      'list/a/1.json',
      'list/a/2.json',
      'list/b/1.json',
      'list/c.json',
      'list/d.json',
      'other/x.json',
    ]) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    }
    const all = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'list/' }));
    expect(all.Contents?.map((c) => c.Key)).toEqual([
      'list/a/1.json',
      'list/a/2.json',
      'list/b/1.json',
      'list/c.json',
      'list/d.json',
    ]);
    expect(all.IsTruncated).toBe(false);

    const folders = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/a/', 'list/b/']);
    expect(folders.Contents?.map((c) => c.Key)).toEqual(['list/c.json', 'list/d.json']);

    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'list/', MaxKeys: 2, ContinuationToken }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
      pages++;
    } while (ContinuationToken);
    expect(pages).toBe(3);
    expect(keys).toHaveLength(5);
  });

  it('when an object is deleted then it is gone', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'gone.txt', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'gone.txt' }));
    await expect(get('gone.txt')).rejects.toBeInstanceOf(NoSuchKey);
  });
});

describe('given the local S3 store and a DeleteObjects request of the stock client', () => {
  const put = (Key: string) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
  const listed = async (Prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((c) => c.Key);

  it('when keys are deleted (one missing, odd characters) then each is answered Deleted in order and only they are gone', async () => {
    const keys = ['bulk/a/1.ts', 'bulk/a/x & <y> é.ts', 'bulk/a/sub/2.json'];
    for (const Key of [...keys, 'bulk/ab/1.ts', 'bulk/a.ts']) await put(Key);
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [...keys, 'bulk/a/never-written.ts'].map((Key) => ({ Key })) },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual([...keys, 'bulk/a/never-written.ts']);
    expect(result.Errors).toBeUndefined();
    expect(await listed('bulk/')).toEqual(['bulk/a.ts', 'bulk/ab/1.ts']);
  });

  it('when the request is quiet then only the errors are answered, each with its key and code', async () => {
    await put('quiet/1.ts');
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Quiet: true, Objects: [{ Key: 'quiet/1.ts' }, { Key: 'quiet/../escape.ts' }] },
      }),
    );
    expect(result.Deleted).toBeUndefined();
    expect(result.Errors).toEqual([
      {
        Key: 'quiet/../escape.ts',
        Code: 'InvalidArgument',
        Message: 'Keys with "." or ".." segments are not supported locally',
      },
    ]);
    expect(await listed('quiet/')).toEqual([]);
  });

  it('when a request names 1001 keys then S3 refuses it whole with MalformedXML and deletes nothing', async () => {
    await put('many/0.ts');
    const Objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `many/${i}.ts` }));
    await expect(s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects } }))).rejects.toMatchObject({
      name: 'MalformedXML',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await listed('many/')).toEqual(['many/0.ts']);
    const result = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: Objects.slice(0, 1000) } }));
    expect(result.Deleted).toHaveLength(1000);
    expect(await listed('many/')).toEqual([]);
  });

  it('when the body has no checksum, a wrong one, or a right Content-MD5 then it is refused, refused, and served', async () => {
    await put('digest/1.ts');
    const body = '<Delete><Object><Key>digest/1.ts</Key></Object><Quiet>true</Quiet></Delete>';
    const post = (headers: Record<string, string>) =>
      fetch(`${store.endpoint}/${Bucket}?delete`, { method: 'POST', body, headers });
    const missing = await post({});
    expect([missing.status, await missing.text()]).toEqual([
      400,
      expect.stringContaining('<Code>InvalidRequest</Code>'),
    ]);
    const wrong = await post({ 'x-amz-checksum-crc32': 'AAAAAA==' });
    expect([wrong.status, await wrong.text()]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code>')]);
    expect(await listed('digest/')).toEqual(['digest/1.ts']);
    const md5 = await post({ 'content-md5': createHash('md5').update(body).digest('base64') });
    expect([md5.status, await md5.text()]).toEqual([200, expect.stringContaining('<DeleteResult')]);
    expect(await listed('digest/')).toEqual([]);
  });
});

describe('given a read-only local S3 store', () => {
  it('when an object is put then it is refused and nothing is written, while reads work', async () => {
    const readOnly = await startLocalS3Store({ root, port: 0, readOnly: true });
    try {
      const client = localS3Client(readOnly.endpoint);
      await expect(
        client.send(new PutObjectCommand({ Bucket: 'ro-bucket', Key: 'a.json', Body: '{}' })),
      ).rejects.toMatchObject({
        $metadata: { httpStatusCode: 405 },
      });
      await expect(client.send(new GetObjectCommand({ Bucket: 'ro-bucket', Key: 'a.json' }))).rejects.toMatchObject({
        name: 'NoSuchKey',
      });
    } finally {
      await readOnly.stop();
    }
  });
});

describe('given keys and bodies at the edges', () => {
  it('when a key has ".." segments then it maps to no file', () => {
    expect(fileForKey('/r', 'b', '../../etc/passwd')).toBeNull();
    expect(fileForKey('/r', 'b', 'a/./b')).toBeNull();
    expect(fileForKey('/r', 'b', 'a/b.json')).toBe(path.resolve('/r/b/a/b.json'));
  });

  it('when an aws-chunked body with signatures and a trailer is decoded then the payload comes back', () => {
    const payload = [Buffer.from('hello '), Buffer.from('world')];
    expect(decodeAwsChunked(encodeAwsChunked(payload, 'x-amz-checksum-crc32:AAAAAA==')).toString()).toBe('hello world');
    expect(
      decodeAwsChunked(Buffer.from('5;chunk-signature=abc\r\nhello\r\n0;chunk-signature=def\r\n\r\n')).toString(),
    ).toBe('hello');
  });
});

describe('given the local S3 store with EventBridge notifications on', () => {
  it('when objects are put then each sends an Object Created event in the shape S3 sends to EventBridge', async () => {
    created.length = 0;
    const Key = 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs/events/recording-failed.json';
    const put = await s3.send(new PutObjectCommand({ Bucket, Key, Body: '{"a":1}' }));
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: '{"a":2}' }));
    expect(created).toHaveLength(2);
    const [first, second] = created as [EventEnvelope, EventEnvelope];
    expect(first).toMatchObject({
      version: '0',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '123456789012',
      region: 'us-east-1',
      resources: [`arn:aws:s3:::${Bucket}`],
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    expect(Object.keys(first.detail).sort()).toEqual(
      ['bucket', 'object', 'reason', 'request-id', 'requester', 'source-ip-address', 'version'].sort(),
    );
    expect(first.detail).toMatchObject({
      version: '0',
      bucket: { name: Bucket },
      object: { key: Key, size: 7, etag: put.ETag!.replaceAll('"', '') },
      reason: 'PutObject',
      requester: '123456789012',
    });
    const sequencer = (e: EventEnvelope) => (e.detail.object as { sequencer: string }).sequencer;
    // Later writes of a key have greater sequencers (S3 compares them as hex strings of one length).
    expect(sequencer(second) > sequencer(first)).toBe(true);
    expect(second.id).not.toBe(first.id);
  });
});
