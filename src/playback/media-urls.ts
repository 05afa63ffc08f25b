/**
 * Where a viewer fetches a recording's media: `<mediaBaseUrl>/<key>`, and the resource a
 * signed policy grants, every object under the recording's prefix.
 */

/** The URL of an S3 key behind the distribution (each path segment percent-encoded). */
export const mediaUrl = (mediaBaseUrl: string, key: string): string =>
  `${mediaBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;

/** The custom policy's resource: `<mediaBaseUrl>/<prefix>/*`, every object of the recording. */
export const recordingResource = (mediaBaseUrl: string, prefix: string): string =>
  `${mediaUrl(mediaBaseUrl, prefix.replace(/\/+$/, ''))}/*`;

/** Is the key an object of the recording (under `<prefix>/`)? Only those are signed. */
export const isUnderPrefix = (key: string, prefix: string): boolean => {
  const folder = `${prefix.replace(/\/+$/, '')}/`;
  return key.startsWith(folder) && key.length > folder.length && !key.split('/').includes('..');
};

/** A URL with the signed query string (`Policy`, `Signature`, `Key-Pair-Id`) appended. */
export const withSignedQuery = (url: string, signedQuery: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}${signedQuery}`;
