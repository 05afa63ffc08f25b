/**
 * A small writable S3-compatible store for the local stack: path-style
 * PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, ListObjectsV2 (prefix,
 * delimiter, max-keys, continuation) and CreateBucket, with objects as files under
 * `<root>/<bucket>/<key>`. Reached with the stock @aws-sdk/client-s3
 * (`endpoint`, `forcePathStyle: true`, any credentials: signatures are not checked).
 * Buckets are folders: any bucket name is accepted, a missing folder is an empty bucket.
 * Objects are also served to browsers, as CloudFront would: CORS, Range (206), and in
 * playback mode (`viewerAccess`) only with CloudFront signed access.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../eventbridge/envelope';
import { objectCreatedEvent } from '../../eventbridge/s3-object-created';
import { decodeAwsChunked } from './aws-chunked';
import { byteRange } from './byte-range';
import { verifyViewerAccess, type ViewerAccessKeys } from './cloudfront-viewer-access';
import { type DeleteObjectsOutcome, deleteResultXml, MalformedDeleteError, parseDeleteObjects } from './delete-objects';
import { xmlText as xml } from './xml-text';

export type LocalS3StoreOptions = {
  /** Folder holding one folder per bucket, e.g. .local/s3. */
  root: string;
  /** Default 0: a free port (npm start passes LOCAL_PORTS.s3). */
  port?: number;
  host?: string;
  /** Serve GetObject, HeadObject and ListObjectsV2 only (the data API's deployment objects). */
  readOnly?: boolean;
  /**
   * Where S3 "Object Created" events go (a bucket with EventBridge notifications on): the
   * local bus's publish when the stack runs. PutObject answers once the event is accepted.
   */
  onObjectCreated?: (event: EventEnvelope) => Promise<unknown>;
  /** The account and region the events name. Default 123456789012, us-east-1. */
  account?: string;
  region?: string;
  /**
   * Playback mode: a viewer's GET or HEAD (a request with no AWS signature, as a browser
   * sends through CloudFront) needs CloudFront signed access made with one of these public
   * keys (key pair id → PEM), else 403. S3 API calls (SigV4-signed, not checked) are served as before.
   */
  viewerAccess?: { keys: ViewerAccessKeys; now?: () => number };
};

export type LocalS3Store = { endpoint: string; port: number; root: string; stop(): Promise<void> };

const LOCAL_S3_ACCOUNT = '123456789012';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const xmlError = (code: string, message: string, resource: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message>` +
  `<Resource>${xml(resource)}</Resource><RequestId>local</RequestId></Error>`;

/** A key's file, or null when the key could escape the bucket folder. */
export const fileForKey = (root: string, bucket: string, key: string): string | null => {
  if (key === '' || key.split('/').some((part) => part === '..' || part === '.') || key.includes('\0')) return null;
  const bucketDir = path.resolve(root, bucket);
  const file = path.resolve(bucketDir, key);
  return file.startsWith(bucketDir + path.sep) ? file : null;
};

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** A request the AWS SDK signed (header or presigned query): an S3 API call, not a viewer's. */
const isApiRequest = (req: IncomingMessage, url: URL): boolean =>
  String(req.headers.authorization ?? '').startsWith('AWS4-') || url.searchParams.has('X-Amz-Signature');

/** What browsers need to fetch media cross-origin (as CloudFront's SimpleCORS policy answers). */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Length, Content-Range, Content-Type, ETag, Accept-Ranges',
};

const etagOf = (body: Buffer): string => `"${createHash('md5').update(body).digest('hex')}"`;

const contentTypeOf = (key: string): string =>
  key.endsWith('.json')
    ? 'application/json'
    : key.endsWith('.m3u8')
      ? 'application/vnd.apple.mpegurl'
      : key.endsWith('.jpg')
        ? 'image/jpeg'
        : key.endsWith('.ts')
          ? 'video/mp2t'
          : key.endsWith('.mp4') || key.endsWith('.m4s')
            ? 'video/mp4'
            : 'application/octet-stream';

/** Every key under a bucket folder, in S3's order (UTF-8 byte order; code units for ASCII keys). */
const listKeys = async (bucketDir: string): Promise<string[]> => {
  const keys: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile() && !entry.name.endsWith('.local-s3-tmp')) keys.push(`${prefix}${entry.name}`);
    }
  };
  await walk(bucketDir, '');
  return keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
};

export type ListPage = { keys: string[]; commonPrefixes: string[]; truncated: boolean; nextToken?: string };

/** ListObjectsV2 over sorted keys (pure). The continuation token is the last key returned. */
export const listPage = (
  sortedKeys: readonly string[],
  options: { prefix: string; delimiter: string; maxKeys: number; after: string },
): ListPage => {
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  for (const key of sortedKeys) {
    if (!key.startsWith(options.prefix) || key <= options.after) continue;
    let entry = key;
    if (options.delimiter) {
      const cut = key.indexOf(options.delimiter, options.prefix.length);
      if (cut !== -1) entry = key.slice(0, cut + options.delimiter.length);
    }
    if (entry !== key) {
      if (commonPrefixes.at(-1) === entry) continue;
      if (keys.length + commonPrefixes.length >= options.maxKeys)
        return { keys, commonPrefixes, truncated: true, nextToken: last! };
      commonPrefixes.push(entry);
      // Skip the rest of this common prefix: its last possible key.
      last = `${entry}\u{10FFFF}`;
      continue;
    }
    if (keys.length + commonPrefixes.length >= options.maxKeys)
      return { keys, commonPrefixes, truncated: true, nextToken: last! };
    keys.push(key);
    last = key;
  }
  return { keys, commonPrefixes, truncated: false };
};

/**
 * The integrity header a request body must carry, as S3 requires for DeleteObjects: the
 * Content-MD5 or the `x-amz-checksum-*` the SDK sends (CRC32 by default). MD5, CRC32, SHA-1
 * and SHA-256 are checked; other algorithms (CRC32C, CRC64NVME) are accepted unchecked.
 * Null when it holds, else the S3 error code and message.
 */
const bodyIntegrityError = (
  headers: IncomingMessage['headers'],
  body: Buffer,
): { code: string; message: string } | null => {
  const digests: Record<string, () => string> = {
    'content-md5': () => createHash('md5').update(body).digest('base64'),
    'x-amz-checksum-crc32': () => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(crc32(body));
      return bytes.toString('base64');
    },
    'x-amz-checksum-sha1': () => createHash('sha1').update(body).digest('base64'),
    'x-amz-checksum-sha256': () => createHash('sha256').update(body).digest('base64'),
  };
  const given = Object.keys(headers).filter((name) => name === 'content-md5' || name.startsWith('x-amz-checksum-'));
  if (given.length === 0)
    return { code: 'InvalidRequest', message: 'Missing required header for this request: Content-MD5' };
  for (const name of given) {
    const digest = digests[name];
    if (digest && digest() !== String(headers[name]))
      return { code: 'BadDigest', message: `The ${name} you specified did not match the calculated checksum.` };
  }
  return null;
};

/** Deletes one key's file; a missing key counts as deleted (S3 semantics), a folder is no object. */
const deleteKey = async (
  root: string,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<DeleteObjectsOutcome> => {
  // The local store keeps no versions: only the null version (the object itself) exists.
  if (versionId !== undefined && versionId !== 'null')
    return { key, deleted: false, code: 'InvalidArgument', message: 'Invalid version id specified' };
  const file = fileForKey(root, bucket, key);
  if (file === null)
    return {
      key,
      deleted: false,
      code: 'InvalidArgument',
      message: 'Keys with "." or ".." segments are not supported locally',
    };
  try {
    await unlink(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  }
  return { key, deleted: true };
};

export const startLocalS3Store = async (options: LocalS3StoreOptions): Promise<LocalS3Store> => {
  const root = path.resolve(options.root);
  await mkdir(root, { recursive: true });
  const host = options.host ?? '127.0.0.1';

  let sequence = 0;
  // Hexadecimal, growing with time: a later write of a key has a greater sequencer.
  const sequencer = () =>
    `${Date.now().toString(16)}${(++sequence % 0x1000000).toString(16).padStart(6, '0')}`.toUpperCase();
  /** The event S3 sends to EventBridge for a stored object (AWS's detail shape). */
  const objectCreated = (bucket: string, key: string, size: number, etag: string): EventEnvelope => {
    const requestId = randomUUID();
    return objectCreatedEvent({
      id: randomUUID(),
      time: `${new Date().toISOString().slice(0, 19)}Z`,
      account: options.account ?? LOCAL_S3_ACCOUNT,
      region: options.region ?? 'us-east-1',
      detail: {
        version: '0',
        bucket: { name: bucket },
        // S3's event etag has no quotes; the sequencer orders the events of one key.
        object: { key, size, etag: etag.replaceAll('"', ''), sequencer: sequencer() },
        'request-id': requestId,
        requester: options.account ?? LOCAL_S3_ACCOUNT,
        'source-ip-address': '127.0.0.1',
        reason: 'PutObject',
      },
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'local'}`);
    const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    const send = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'local', ...CORS_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : xmlError(code, message, url.pathname));
    };
    if (req.method === 'OPTIONS') {
      // CORS preflight (a player's Range header makes one).
      res.writeHead(204, {
        ...CORS_HEADERS,
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
        'access-control-max-age': '600',
      });
      return void res.end();
    }
    const viewer = options.viewerAccess;
    if (viewer && (req.method === 'GET' || req.method === 'HEAD') && !isApiRequest(req, url)) {
      const now = Math.floor((viewer.now ?? Date.now)() / 1000);
      const access = verifyViewerAccess({ url, cookie: req.headers.cookie }, viewer.keys, now);
      if (!access.ok) return send(403, 'AccessDenied', `Access denied: ${access.reason}`);
    }
    if (!BUCKET_NAME.test(bucket))
      return send(400, 'InvalidBucketName', 'The specified bucket is not valid (path-style only)');
    if (options.readOnly && req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'MethodNotAllowed', 'This local endpoint is read-only');
    }
    const bucketDir = path.join(root, bucket);

    if (key === '') {
      if (req.method === 'PUT') {
        await readBody(req);
        await mkdir(bucketDir, { recursive: true });
        res.writeHead(200, { location: `/${bucket}` });
        return void res.end();
      }
      if (req.method === 'HEAD') {
        res.writeHead(200);
        return void res.end();
      }
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const delimiter = url.searchParams.get('delimiter') ?? '';
        const maxKeys = Math.min(1000, Math.max(0, Number(url.searchParams.get('max-keys') ?? 1000) || 0));
        const token = url.searchParams.get('continuation-token');
        const after = token
          ? Buffer.from(token, 'base64url').toString('utf8')
          : (url.searchParams.get('start-after') ?? '');
        const page = listPage(await listKeys(bucketDir), { prefix, delimiter, maxKeys, after });
        const contents = await Promise.all(
          page.keys.map(async (k) => {
            const file = path.join(bucketDir, k);
            const [info, body] = await Promise.all([stat(file), readFile(file)]);
            return `<Contents><Key>${xml(k)}</Key><LastModified>${info.mtime.toISOString()}</LastModified><ETag>${xml(etagOf(body))}</ETag><Size>${info.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          }),
        );
        const body =
          `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
          `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix>${delimiter ? `<Delimiter>${xml(delimiter)}</Delimiter>` : ''}` +
          `<KeyCount>${page.keys.length + page.commonPrefixes.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
          `<IsTruncated>${page.truncated}</IsTruncated>` +
          (token ? `<ContinuationToken>${xml(token)}</ContinuationToken>` : '') +
          (page.nextToken !== undefined
            ? `<NextContinuationToken>${Buffer.from(page.nextToken).toString('base64url')}</NextContinuationToken>`
            : '') +
          contents.join('') +
          page.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`).join('') +
          `</ListBucketResult>`;
        res.writeHead(200, { 'content-type': 'application/xml' });
        return void res.end(body);
      }
      if (req.method === 'POST' && url.searchParams.has('delete')) {
        const raw = await readBody(req);
        const integrity = bodyIntegrityError(req.headers, raw);
        if (integrity) return send(400, integrity.code, integrity.message);
        let request: ReturnType<typeof parseDeleteObjects>;
        try {
          request = parseDeleteObjects(raw.toString('utf8'));
        } catch (error) {
          if (!(error instanceof MalformedDeleteError)) throw error;
          return send(
            400,
            'MalformedXML',
            `The XML you provided was not well-formed or did not validate against our published schema (${error.message})`,
          );
        }
        // One key after another, as the files of one folder; S3 answers in request order too.
        const outcomes: DeleteObjectsOutcome[] = [];
        for (const object of request.objects)
          outcomes.push(await deleteKey(root, bucket, object.key, object.versionId));
        res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': 'local' });
        return void res.end(deleteResultXml(outcomes, request.quiet));
      }
      return send(
        501,
        'NotImplemented',
        `${req.method} on a bucket is not supported by the local store (ListObjectsV2 needs list-type=2)`,
      );
    }

    const file = fileForKey(root, bucket, key);
    if (file === null) return send(400, 'InvalidArgument', 'Keys with "." or ".." segments are not supported locally');
    switch (req.method) {
      case 'PUT': {
        if (req.headers['x-amz-copy-source']) return send(501, 'NotImplemented', 'CopyObject is not supported locally');
        const raw = await readBody(req);
        // The SDK streams bodies with aws-chunked encoding and trailing checksums.
        const body = String(req.headers['content-encoding'] ?? '').includes('aws-chunked')
          ? decodeAwsChunked(raw)
          : raw;
        await mkdir(path.dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.local-s3-tmp`;
        await writeFile(temp, body);
        await rename(temp, file);
        const etag = etagOf(body);
        await options.onObjectCreated?.(objectCreated(bucket, key, body.length, etag));
        res.writeHead(200, { etag });
        return void res.end();
      }
      case 'GET':
      case 'HEAD': {
        let body: Buffer;
        let mtime: Date;
        try {
          [body, { mtime }] = await Promise.all([readFile(file), stat(file)]);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')
            return send(404, 'NoSuchKey', 'The specified key does not exist.');
          throw error;
        }
        const headers = {
          'content-type': contentTypeOf(key),
          etag: etagOf(body),
          'last-modified': mtime.toUTCString(),
          'accept-ranges': 'bytes',
          ...CORS_HEADERS,
        };
        const range = byteRange(req.headers.range, body.length);
        if (range === 'unsatisfiable') {
          res.writeHead(416, {
            ...headers,
            'content-range': `bytes */${body.length}`,
            'content-type': 'application/xml',
          });
          return void res.end(
            req.method === 'HEAD' ? undefined : xmlError('InvalidRange', 'The requested range is not satisfiable', key),
          );
        }
        if (range !== 'whole') {
          const part = body.subarray(range.start, range.end + 1);
          res.writeHead(206, {
            ...headers,
            'content-length': part.length,
            'content-range': `bytes ${range.start}-${range.end}/${body.length}`,
          });
          return void res.end(req.method === 'HEAD' ? undefined : part);
        }
        res.writeHead(200, { ...headers, 'content-length': body.length });
        return void res.end(req.method === 'HEAD' ? undefined : body);
      }
      case 'DELETE':
        await rm(file, { force: true });
        res.writeHead(204);
        return void res.end();
      default:
        return send(405, 'MethodNotAllowed', `${req.method} is not supported by the local store`);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/xml' });
      res.end(xmlError('InternalError', (error as Error).message, req.url ?? ''));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    root,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/** Writes an object straight into a running store's folder (no event): the stack's own setup. */
export const putLocalObject = async (store: LocalS3Store, bucket: string, key: string, body: string): Promise<void> => {
  const file = fileForKey(store.root, bucket, key);
  if (file === null) throw new Error(`Key ${key} cannot be stored locally`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
};
