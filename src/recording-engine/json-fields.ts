/**
 * Readers for fields of untrusted JSON objects. Each returns a typed value or throws
 * a PermanentEventError naming the field, so parsing reads as a list of facts.
 */
import { PermanentEventError } from './errors';

export type JsonObject = { readonly [key: string]: unknown };

/** Where the fields being read live, for error messages. */
export type FieldScope = { readonly prefix: string; readonly eventId?: string };

/** Limits: big enough for any real IVS value, small enough to keep records and logs sane. */
export const MAX_ID_BYTES = 1024;
export const MAX_TEXT_BYTES = 2048;
export const MAX_LIST_LENGTH = 100;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Own properties only: a key such as `__proto__` or `constructor` must read as
 * missing rather than reach Object.prototype.
 */
export const ownField = (object: JsonObject, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/** A short, safe rendering of any value for an error message. */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing (missing)';
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? typeof value);
  } catch {
    text = typeof value;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export const fieldError = (scope: FieldScope, key: string, expected: string, value: unknown): PermanentEventError => {
  const field = `${scope.prefix}${key}`;
  return new PermanentEventError(
    'invalid_field',
    `${field} must be ${expected}, got ${describeValue(value)}`,
    scope.eventId,
    field,
  );
};

// C0, DEL and C1 controls: never legitimate in an id, and they corrupt logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// A lone UTF-16 surrogate cannot be encoded as UTF-8, so no store would accept it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type StringRule = {
  /** Bound in UTF-8 bytes. */
  readonly maxBytes: number;
  readonly nonEmpty?: boolean;
  /** Ids: no control characters. */
  readonly id?: boolean;
  /** A shape the value must have, with the words used in the error message. */
  readonly pattern?: { readonly regex: RegExp; readonly description: string };
};

/** Checks a value against a rule; the error message describes the rule. */
export const checkString = (scope: FieldScope, key: string, value: unknown, rule: StringRule): string => {
  const expected = rule.pattern?.description ?? (rule.nonEmpty ? 'a non-empty string' : 'a string');
  if (typeof value !== 'string') throw fieldError(scope, key, expected, value);
  // length <= bytes for any string, so the cheap check comes first.
  if (value.length > rule.maxBytes || Buffer.byteLength(value, 'utf8') > rule.maxBytes) {
    throw fieldError(scope, key, `at most ${rule.maxBytes} bytes`, value);
  }
  if (LONE_SURROGATE.test(value)) throw fieldError(scope, key, 'well-formed Unicode', value);
  if (rule.id && CONTROL_CHARACTER.test(value)) throw fieldError(scope, key, 'free of control characters', value);
  if (rule.nonEmpty && value === '') throw fieldError(scope, key, expected, value);
  if (rule.pattern && !rule.pattern.regex.test(value)) throw fieldError(scope, key, expected, value);
  return value;
};

/** A required string field. */
export const readString = (scope: FieldScope, object: JsonObject, key: string, rule: StringRule): string =>
  checkString(scope, key, ownField(object, key), rule);

/** An optional string field: missing reads as `fallback`, anything else must satisfy the rule. */
export const readOptionalString = (
  scope: FieldScope,
  object: JsonObject,
  key: string,
  rule: StringRule,
  fallback: string,
): string => {
  const value = ownField(object, key);
  return value === undefined ? fallback : checkString(scope, key, value, rule);
};
