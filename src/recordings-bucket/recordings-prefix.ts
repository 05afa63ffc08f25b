/**
 * Where IVS auto-record writes, under the bucket: `ivs/v1/<account>/<channel id>/...`. One
 * definition for the backend's IAM grants and lifecycle rule and for the deletion code.
 */
export const IVS_RECORDINGS_PREFIX = 'ivs/';
