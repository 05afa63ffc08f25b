/**
 * `Content-Encoding: aws-chunked` bodies, as the AWS SDK sends streamed uploads:
 * `<hex size>[;chunk-signature=...]\r\n<data>\r\n` repeated, a zero-size chunk, then
 * optional trailers (`x-amz-checksum-crc32:...`) and a final CRLF. Pure.
 */
export const decodeAwsChunked = (body: Buffer): Buffer => {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd === -1) throw new Error('aws-chunked body: missing chunk header');
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isInteger(size) || size < 0) throw new Error('aws-chunked body: bad chunk size');
    at = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    if (at + size > body.length) throw new Error('aws-chunked body: truncated chunk');
    parts.push(body.subarray(at, at + size));
    at += size + 2;
  }
};

/** An aws-chunked body, for tests. */
export const encodeAwsChunked = (chunks: readonly Buffer[], trailer = ''): Buffer =>
  Buffer.concat([
    ...chunks.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]),
    Buffer.from(`0\r\n${trailer ? `${trailer}\r\n` : ''}\r\n`),
  ]);
