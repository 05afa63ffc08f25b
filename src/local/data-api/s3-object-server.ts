/**
 * A tiny read-only S3-compatible endpoint (path-style GetObject/HeadObject) serving the
 * objects CDK bucket deployments would upload, above all the model introspection schema
 * that a function downloads at its cold start (amplifyDataClientConfig). Reach it with
 * AWS_ENDPOINT_URL_S3=http://127.0.0.1:<port>: an IP host makes the SDK use path-style.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3ObjectModel } from './appsync-model';

export type S3ObjectServer = { endpoint: string; stop(): Promise<void> };

const xmlError = (code: string, message: string, resource: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
  `<Resource>${resource}</Resource><RequestId>local</RequestId></Error>`;

export const startS3ObjectServer = async (
  objects: S3ObjectModel[],
  host = '127.0.0.1',
): Promise<S3ObjectServer> => {
  const loaded = new Map<string, { body: Buffer; etag: string }>();
  for (const o of objects) {
    const body = await readFile(o.file);
    loaded.set(`${o.bucket}/${o.key}`, { body, etag: `"${createHash('md5').update(body).digest('hex')}"` });
  }
  const buckets = new Set(objects.map((o) => o.bucket));
  const lastModified = new Date().toUTCString();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const send = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(req.method === 'HEAD' ? undefined : xmlError(code, message, url.pathname));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'MethodNotAllowed', 'This local endpoint only serves GetObject and HeadObject');
    }
    if (!buckets.has(bucket)) return send(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const object = loaded.get(`${bucket}/${key}`);
    if (!object) return send(404, 'NoSuchKey', 'The specified key does not exist.');
    res.writeHead(200, {
      'content-type': key.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      'content-length': object.body.length,
      etag: object.etag,
      'last-modified': lastModified,
    });
    res.end(req.method === 'HEAD' ? undefined : object.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
