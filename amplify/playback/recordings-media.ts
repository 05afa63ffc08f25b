import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ivs from 'aws-cdk-lib/aws-ivs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { MediaSettings } from '../../src/deploy-settings/media-settings';
import { IVS_RECORDINGS_PREFIX } from '../../src/recordings-bucket/recordings-prefix';

/** Path pattern of the LATEST thumbnail, which IVS overwrites in place while it records. */
export const LATEST_THUMBNAIL_PATH_PATTERN = '*/media/latest_thumbnail/*';

/** Parts of multipart uploads never completed (an interrupted write) are removed after this many days. */
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/**
 * The created bucket's lifecycle rules: incomplete multipart uploads always aborted; with a
 * backstop, every object under the recordings prefix expires that many days after it was
 * written, whether or not its Recording still exists (so it must exceed every retention).
 */
const lifecycleRules = (backstopExpirationDays: number | null): s3.LifecycleRule[] => [
  {
    id: 'AbortIncompleteMultipartUploads',
    abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS),
  },
  ...(backstopExpirationDays === null
    ? []
    : [
        {
          id: 'RecordingsBackstopExpiration',
          prefix: IVS_RECORDINGS_PREFIX,
          expiration: Duration.days(backstopExpirationDays),
        },
      ]),
];

export type RecordingsMediaProps = { settings: MediaSettings };

/**
 * Where IVS auto-record writes and how the owner plays it back:
 * - the recordings bucket (created: private, encrypted, TLS only, Object Created events to
 *   EventBridge, CORS for HLS players, the lifecycle backstop) or an existing bucket imported by name (EventBridge
 *   turned on; the rest is its owner's to configure, see the README);
 * - the IVS recording configuration (thumbnails every N seconds, kept in sequence and as the
 *   latest one; every rendition; a reconnect window);
 * - with a playback public key: a CloudFront distribution reading the bucket through origin
 *   access control, that serves only requests signed with that key (signed cookies or URLs),
 *   with the CORS policies HLS needs and no caching for the latest thumbnail.
 * Without the key the distribution, key group and public key are absent (`playbackDisabledReason`).
 */
export class RecordingsMedia extends Construct {
  readonly bucket: s3.IBucket;
  /** True when the backend created the bucket; false for an existing bucket (configured by its owner). */
  readonly bucketCreated: boolean;
  readonly recordingConfiguration: ivs.CfnRecordingConfiguration;
  readonly distribution: cloudfront.Distribution | undefined;
  readonly keyGroup: cloudfront.KeyGroup | undefined;
  readonly publicKey: cloudfront.PublicKey | undefined;
  readonly playbackDisabledReason: string | undefined;

  constructor(scope: Construct, id: string, { settings }: RecordingsMediaProps) {
    super(scope, id);

    if (settings.bucket.kind === 'existing') {
      this.bucket = s3.Bucket.fromBucketName(this, 'RecordingsBucket', settings.bucket.name);
      // Added to the bucket's own notification configuration (merged, not replaced).
      this.bucket.enableEventBridgeNotification();
      this.bucketCreated = false;
    } else {
      this.bucket = new s3.Bucket(this, 'RecordingsBucket', {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        // Object Created events of the metadata files drive the media indexing.
        eventBridgeEnabled: true,
        // HLS players fetch playlists and segments (byte ranges too) from another origin.
        cors: [
          {
            allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
            allowedOrigins: ['*'],
            allowedHeaders: ['*'],
            exposedHeaders: ['Content-Length', 'Content-Range', 'ETag'],
            maxAge: 3000,
          },
        ],
        lifecycleRules: lifecycleRules(settings.bucket.backstopExpirationDays),
        // No removalPolicy: the default keeps the recordings (users' data) when the backend is deleted.
      });
      this.bucketCreated = true;
    }

    this.recordingConfiguration = new ivs.CfnRecordingConfiguration(this, 'RecordingConfiguration', {
      destinationConfiguration: { s3: { bucketName: this.bucket.bucketName } },
      recordingReconnectWindowSeconds: settings.reconnectWindowSeconds,
      thumbnailConfiguration: {
        recordingMode: 'INTERVAL',
        targetIntervalSeconds: settings.thumbnailIntervalSeconds,
        storage: ['SEQUENTIAL', 'LATEST'],
      },
      renditionConfiguration: { renditionSelection: 'ALL' },
    });

    if (settings.playback.kind === 'disabled') {
      this.distribution = undefined;
      this.keyGroup = undefined;
      this.publicKey = undefined;
      this.playbackDisabledReason = settings.playback.reason;
      return;
    }
    this.playbackDisabledReason = undefined;
    const publicKey = new cloudfront.PublicKey(this, 'PlaybackPublicKey', {
      encodedKey: settings.playback.publicKeyPem,
      comment: 'Verifies the signed cookies and URLs of recordings playback',
    });
    const keyGroup = new cloudfront.KeyGroup(this, 'PlaybackKeyGroup', {
      items: [publicKey],
      comment: 'Owner-only recordings playback',
    });
    this.publicKey = publicKey;
    this.keyGroup = keyGroup;
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });
    const behaviour = (cachePolicy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS,
      // Nothing is served without a signature of the playback key.
      trustedKeyGroups: [keyGroup],
    });
    this.distribution = new cloudfront.Distribution(this, 'PlaybackDistribution', {
      comment: 'IVS recordings playback (signed requests only)',
      defaultBehavior: behaviour(cloudfront.CachePolicy.CACHING_OPTIMIZED),
      additionalBehaviors: {
        [LATEST_THUMBNAIL_PATH_PATTERN]: behaviour(cloudfront.CachePolicy.CACHING_DISABLED),
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    });
  }
}
