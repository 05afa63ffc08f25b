/**
 * The DeleteObjects request and response bodies of S3 (`POST /{bucket}?delete`), pure:
 * `<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>` in, a
 * `<DeleteResult>` with `<Deleted>` (none when quiet) and `<Error>` entries out.
 */
import { xmlText } from './xml-text';

/** S3's limit on the keys of one DeleteObjects request. */
export const DELETE_OBJECTS_MAX_KEYS = 1000;

export type DeleteObjectsRequest = { quiet: boolean; objects: { key: string; versionId?: string }[] };

export type DeleteObjectsOutcome =
  | { key: string; deleted: true }
  | { key: string; deleted: false; code: string; message: string };

/** Why a body is refused: S3 answers 400 MalformedXML for all of these. */
export class MalformedDeleteError extends Error {
  override readonly name = 'MalformedDeleteError';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decodeText = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const value = ENTITIES[name];
    if (value === undefined) throw new MalformedDeleteError(`unknown XML entity ${whole}`);
    return value;
  });

/** The text of each `<name>` element directly in `body` (no nesting of the same name in S3's schema). */
const elements = (body: string, name: string): string[] =>
  [...body.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);

/**
 * Reads the request body, or throws MalformedDeleteError: no `<Delete>` root, no object, an
 * object without a key, a Quiet that is not a boolean, or more than 1000 objects.
 */
export const parseDeleteObjects = (xmlBody: string): DeleteObjectsRequest => {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<Delete(?:\s+xmlns="[^"]*")?\s*>([\s\S]*)<\/Delete>\s*$/.exec(xmlBody);
  if (!root) throw new MalformedDeleteError('the body is not a <Delete> document');
  const inner = root[1]!;
  const quietValues = elements(inner, 'Quiet');
  if (quietValues.length > 1 || (quietValues[0] !== undefined && !/^(true|false)$/.test(quietValues[0].trim())))
    throw new MalformedDeleteError('Quiet must be true or false, once');
  const objects = elements(inner, 'Object').map((object) => {
    const keys = elements(object, 'Key');
    if (keys.length !== 1) throw new MalformedDeleteError('each Object needs one Key');
    const versionIds = elements(object, 'VersionId');
    const key = decodeText(keys[0]!);
    return versionIds[0] === undefined ? { key } : { key, versionId: decodeText(versionIds[0]) };
  });
  if (objects.length === 0) throw new MalformedDeleteError('no Object to delete');
  if (objects.length > DELETE_OBJECTS_MAX_KEYS)
    throw new MalformedDeleteError(`${objects.length} objects: at most ${DELETE_OBJECTS_MAX_KEYS} per request`);
  return { quiet: quietValues[0]?.trim() === 'true', objects };
};

/** The `<DeleteResult>` S3 answers: every outcome in request order, deletions left out when quiet. */
export const deleteResultXml = (outcomes: readonly DeleteObjectsOutcome[], quiet: boolean): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
  outcomes
    .map((outcome) =>
      outcome.deleted
        ? quiet
          ? ''
          : `<Deleted><Key>${xmlText(outcome.key)}</Key></Deleted>`
        : `<Error><Key>${xmlText(outcome.key)}</Key><Code>${outcome.code}</Code><Message>${xmlText(outcome.message)}</Message></Error>`,
    )
    .join('') +
  `</DeleteResult>`;
