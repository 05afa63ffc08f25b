import { a, defineData, type ClientSchema } from '@aws-amplify/backend';
import { channelOperations } from '../functions/channel-operations/resource';
import { playback } from '../functions/playback/resource';
import { reconcileRecordings } from '../functions/reconcile-recordings/resource';
import { recordingRetention } from '../functions/recording-retention/resource';
import { recordingStatusHandler } from '../functions/recording-status-handler/resource';
import { recordingStats } from '../functions/recording-stats/resource';

/**
 * Profile: a user and their IVS channel (keyed by channel ARN, the only stable key).
 * StreamSession: one broadcast; its id is the IVS stream id.
 * Recording: one IVS recording; its id is derived from (channel ARN, recording session id).
 *
 * Users read what is theirs (owner); only the handler, the reconciliation function, the
 * channel function (a Profile, for the caller's new channel) and admins with IAM credentials
 * of the account write. Nothing is public.
 *
 * The status indexes let ReconcileRecordings find records stuck in STARTED / LIVE with a
 * query, never a scan: it queries the STARTED (LIVE) partition, which holds only what is
 * being recorded (live) now or is stuck, and filters on startTime. startTime is NOT the
 * index's sort key on purpose: it is null when the End came first, and the generated create
 * resolver drops only null partition keys, so DynamoDB would refuse that write ("Type
 * mismatch for Index Key startTime ... Actual: NULL"). STARTED comes only from a Recording
 * Start, which always sets startTime. LIVE also comes from recording events alone (a
 * session proven live before, or without, its Stream Start): no start time, so the LIVE
 * query also takes every session with no startTime attribute (the records store leaves
 * a null field out of a create, and an update removes it).
 *
 * Records IVS is done with but that lost events left incomplete (an ENDED session with no
 * start time, a COMPLETED recording with no duration) are in no status partition worth
 * querying: they carry `incompleteOn`, the day of their last write, in a sparse index that
 * holds only them. Reconciliation queries the last days' keys; a completing write removes it.
 *
 * ParkedEvent: an IVS event of a channel that had no Profile yet, kept (raw, as EventBridge
 * delivered it) until the profile appears and the event is replayed, or until `expiresAt`
 * (epoch seconds, DynamoDB TTL; see src/parked-events). Only the functions and IAM admin
 * tooling touch it: the one rule a model must have grants signed-in users no operation,
 * and no rule names the API key. Its id is the event's id, so a duplicate delivery parks
 * once. `parkedQueue` is the constant PARKED: the partition reconciliation queries (oldest
 * first, by parkedAt) to find expired events and the channels that have parked events,
 * never a scan. Every key field is required, so no index key is ever null.
 */
const schema = a
  .schema({
    RecordingStatus: a.enum(['STARTED', 'COMPLETED', 'FAILED']),
    StreamSessionStatus: a.enum(['LIVE', 'ENDED', 'FAILED']),
    ParkedQueue: a.enum(['PARKED']),
    ExpiryQueue: a.enum(['EXPIRING']),
    RecordingLifecycleEvent: a.enum(['READY', 'FAILED', 'DELETED']),

    RecordingRendition: a.customType({
      path: a.string().required(),
      playlistKey: a.string().required(),
      byteRangePlaylistKey: a.string(),
      width: a.integer(),
      height: a.integer(),
    }),

    Profile: a
      .model({
        owner: a.string(),
        channelArn: a.string().required(),
        channelName: a.string(),
        // Days a recording is kept after it ends; null: the backend's default (none: forever).
        retentionDays: a.integer(),
        streamSessions: a.hasMany('StreamSession', 'profileId'),
        recordings: a.hasMany('Recording', 'profileId'),
      })
      .secondaryIndexes((index) => [
        index('channelArn').queryField('profilesByChannelArn'),
        // How many channels a user has (createChannel's limit): a query, never a scan.
        index('owner').queryField('profilesByOwner'),
      ])
      .authorization((allow) => [allow.owner().to(['read'])]),

    StreamSession: a
      .model({
        owner: a.string(),
        profileId: a.id().required(),
        profile: a.belongsTo('Profile', 'profileId'),
        channelArn: a.string().required(),
        streamId: a.string().required(),
        status: a.ref('StreamSessionStatus').required(),
        statusReason: a.string(),
        recordings: a.hasMany('Recording', 'streamSessionId'),
        startTime: a.datetime(),
        endTime: a.datetime(),
        viewerCount: a.integer(),
        duration: a.integer(),
        // Optimistic concurrency: every write is conditioned on the version it read.
        version: a.integer().required(),
        // The UTC day of the last write when the session is over but lacks a time
        // (lost stream events), else absent: a sparse index reconciliation reads by day.
        incompleteOn: a.string(),
      })
      .secondaryIndexes((index) => [
        index('status').queryField('streamSessionsByStatus'),
        index('incompleteOn').queryField('streamSessionsIncompleteOn'),
        // Amplify's lazy loader (profile.streamSessions()) lists with a filter, a scan:
        // frontends page a profile's sessions through this query instead.
        index('profileId').queryField('streamSessionsByProfileId'),
      ])
      .authorization((allow) => [allow.owner().to(['read'])]),

    Recording: a
      .model({
        owner: a.string(),
        profileId: a.id().required(),
        profile: a.belongsTo('Profile', 'profileId'),
        streamSessionId: a.id().required(),
        streamSession: a.belongsTo('StreamSession', 'streamSessionId'),
        channelArn: a.string().required(),
        recordingSessionId: a.string().required(),
        recordingStatus: a.ref('RecordingStatus').required(),
        recordingStatusReason: a.string(),
        s3BucketName: a.string(),
        s3KeyPrefix: a.string(),
        recordingDurationMs: a.integer(),
        streamIds: a.string().array(),
        startTime: a.datetime(),
        endTime: a.datetime(),
        // The media index, from the end file IVS writes under the prefix (all full S3 keys;
        // empty until events/recording-ended.json or recording-failed.json is indexed).
        recordingStatusMessage: a.string(),
        masterPlaylistKey: a.string(),
        byteRangePlaylistKey: a.string(),
        renditions: a.ref('RecordingRendition').array(),
        thumbnailsPath: a.string(),
        latestThumbnailKey: a.string(),
        mediaDurationMs: a.integer(),
        mediaIndexedAt: a.datetime(),
        // Retention (src/retention) and lifecycle notifications (src/lifecycle-events).
        expiresAt: a.datetime(),
        deletionRequestedAt: a.datetime(),
        deletedAt: a.datetime(),
        lifecycleEventsSent: a.ref('RecordingLifecycleEvent').array(),
        version: a.integer().required(),
        // As on StreamSession: the day of the last write of a final recording missing its
        // start, end or duration, else absent (sparse index).
        incompleteOn: a.string(),
        // Derived by the records store on every write (src/records-store/recording-index-keys.ts):
        // EXPIRING while the recording has an expiry and is not deleted, else absent (sparse).
        expiryQueue: a.ref('ExpiryQueue'),
        // startTime ?? endTime, never null: the sort key of an owner's recordings by time.
        recordedAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('recordingSessionId').queryField('recordingsByRecordingSessionId'),
        index('recordingStatus').queryField('recordingsByStatus'),
        index('incompleteOn').queryField('recordingsIncompleteOn'),
        // The index-backed twins of list({ filter }) on these fields (lazy loaders scan).
        index('profileId').queryField('recordingsByProfileId'),
        index('streamSessionId').queryField('recordingsByStreamSessionId'),
        // The end file names no recording session id: its S3 prefix finds the recording.
        index('s3KeyPrefix').queryField('recordingsByS3KeyPrefix'),
        // Retention: the recordings due for deletion, oldest expiry first (expiresAt le now).
        index('expiryQueue').sortKeys(['expiresAt']).queryField('recordingsByExpiryQueue'),
        // An owner's recordings in a time range (recordingStats): the range, never the table.
        index('owner').sortKeys(['recordedAt']).queryField('recordingsByOwnerAndRecordedAt'),
      ])
      .authorization((allow) => [allow.owner().to(['read'])]),

    ParkedEvent: a
      .model({
        channelArn: a.string().required(),
        eventId: a.string().required(),
        /** The EventBridge event as delivered, JSON text. */
        event: a.string().required(),
        parkedAt: a.datetime().required(),
        /** Epoch seconds: DynamoDB's TTL attribute (amplify/backend.ts). */
        expiresAt: a.timestamp().required(),
        parkedQueue: a.ref('ParkedQueue').required(),
      })
      .secondaryIndexes((index) => [
        index('channelArn').sortKeys(['parkedAt']).queryField('parkedEventsByChannelArn'),
        index('parkedQueue').sortKeys(['parkedAt']).queryField('parkedEventsByQueue'),
      ])
      // Nobody reads it live: no subscriptions. Users get no operation (a model needs one rule).
      .disableOperations(['subscriptions'])
      .authorization((allow) => [allow.authenticated().to([])]),

    /** A channel created by `createChannel`; its stream key only comes from `streamKey`. */
    Channel: a.customType({
      channelArn: a.string().required(),
      channelName: a.string().required(),
      ingestEndpoint: a.string().required(),
      playbackUrl: a.string().required(),
      profileId: a.id().required(),
    }),
    ChannelStreamKey: a.customType({
      channelArn: a.string().required(),
      ingestEndpoint: a.string().required(),
      streamKey: a.string().required(),
    }),
    // A signed-in user's own IVS channel and its Profile, up to IVS_MAX_CHANNELS_PER_USER.
    createChannel: a
      .mutation()
      // retentionDays: how long its recordings are kept (whole days; absent: the backend default).
      .arguments({ name: a.string(), retentionDays: a.integer() })
      .returns(a.ref('Channel'))
      .handler(a.handler.function(channelOperations))
      .authorization((allow) => [allow.authenticated('userPools')]),
    // The stream key of a channel, for the owner of its Profile only (others: Unauthorized).
    streamKey: a
      .query()
      .arguments({ channelArn: a.string().required() })
      .returns(a.ref('ChannelStreamKey'))
      .handler(a.handler.function(channelOperations))
      .authorization((allow) => [allow.authenticated('userPools')]),

    // Playback of one recording, for its owner (see src/playback/playback.ts).
    PlaybackStatus: a.enum(['READY', 'NOT_READY', 'FAILED']),
    PlaybackCookie: a.customType({ name: a.string().required(), value: a.string().required() }),
    PlaybackThumbnail: a.customType({
      url: a.string().required(),
      startMs: a.integer().required(),
      endMs: a.integer().required(),
    }),
    Playback: a.customType({
      recordingId: a.id().required(),
      status: a.ref('PlaybackStatus').required(),
      reason: a.string(),
      masterPlaylistUrl: a.string(),
      signedQuery: a.string(),
      cookies: a.ref('PlaybackCookie').array(),
      cookiePath: a.string(),
      expiresAt: a.datetime(),
      posterUrl: a.string(),
      thumbnails: a.ref('PlaybackThumbnail').array(),
      storyboardVtt: a.string(),
      durationMs: a.integer(),
    }),
    playback: a
      .query()
      .arguments({ recordingId: a.id().required() })
      .returns(a.ref('Playback'))
      .handler(a.handler.function(playback))
      // Signed-in users only; the function answers the recording's owner and refuses anyone else.
      .authorization((allow) => [allow.authenticated('userPools')]),

    // The owner deletes one recording now: every object under its prefix, then its tombstone
    // (src/retention). Anyone else: Unauthorized. The generated deleteRecording stays refused to users.
    PurgedRecording: a.customType({
      recordingId: a.id().required(),
      deletedAt: a.datetime().required(),
      objectsDeleted: a.integer().required(),
      alreadyDeleted: a.boolean().required(),
    }),
    purgeRecording: a
      .mutation()
      .arguments({ id: a.id().required() })
      .returns(a.ref('PurgedRecording'))
      .handler(a.handler.function(recordingRetention))
      .authorization((allow) => [allow.authenticated('userPools')]),

    // The caller's recording analytics over [from, to) (see src/recording-stats/recording-stats.ts).
    // Durations are Float milliseconds: a sum passes GraphQL's 32-bit Int after 24.8 days.
    RecordingStatusCounts: a.customType({
      started: a.integer().required(),
      completed: a.integer().required(),
      failed: a.integer().required(),
    }),
    RecordingFailureReason: a.customType({ reason: a.string(), count: a.integer().required() }),
    RecordingStatsDay: a.customType({
      day: a.date().required(),
      recordings: a.integer().required(),
      recordedMs: a.float().required(),
      failed: a.integer().required(),
    }),
    RecordingStats: a.customType({
      from: a.datetime().required(),
      to: a.datetime().required(),
      recordings: a.integer().required(),
      recordedMs: a.float().required(),
      byStatus: a.ref('RecordingStatusCounts').required(),
      failureReasons: a.ref('RecordingFailureReason').required().array().required(),
      withDuration: a.integer().required(),
      averageDurationMs: a.float(),
      longestDurationMs: a.float(),
      mergedReconnects: a.integer().required(),
      deleted: a.integer().required(),
      days: a.ref('RecordingStatsDay').required().array().required(),
    }),
    recordingStats: a
      .query()
      .arguments({ from: a.datetime().required(), to: a.datetime().required() })
      .returns(a.ref('RecordingStats'))
      .handler(a.handler.function(recordingStats))
      // Signed-in users only; the function reads the caller's own recordings and no one else's.
      .authorization((allow) => [allow.authenticated('userPools')]),
  })
  .authorization((allow) => [
    allow.resource(recordingStatusHandler),
    // Reads the Recording it is asked about, as itself, to check its owner.
    allow.resource(playback).to(['query']),
    // Reads the caller's recordings in the range (the owner + recordedAt index), nothing else.
    allow.resource(recordingStats).to(['query']),
    // Counts the caller's profiles and creates the new channel's Profile.
    allow.resource(channelOperations).to(['query', 'mutate']),
    // Reads stale records and writes fixes; it has no use for subscriptions.
    allow.resource(reconcileRecordings).to(['query', 'mutate']),
    // Queries expired recordings, marks and tombstones them; no subscriptions.
    allow.resource(recordingRetention).to(['query', 'mutate']),
  ]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    // An API key exists for tooling and public demos, but no model grants it anything.
    apiKeyAuthorizationMode: { expiresInDays: 30 },
  },
});
