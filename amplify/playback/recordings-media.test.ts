// The RecordingsMedia construct synthesized by CDK in a plain stack, in each of its modes, from
// settings parsed as backend.ts parses them (the whole backend's templates: backend.test.ts and
// deploy-settings.test.ts).
import { generateKeyPairSync } from 'node:crypto';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { mediaSettings } from '../../src/deploy-settings/media-settings';
import {
  ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  LATEST_THUMBNAIL_PATH_PATTERN,
  RecordingsMedia,
} from './recordings-media';

const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

const synth = (env: NodeJS.ProcessEnv) => {
  const stack = new Stack(new App(), 'Media', { env: { account: '111122223333', region: 'eu-west-1' } });
  const media = new RecordingsMedia(stack, 'RecordingsMedia', { settings: mediaSettings(env) });
  return { media, template: Template.fromStack(stack), stack };
};

// Managed policies, by their documented ids.
const CORS_S3_ORIGIN = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';
const SIMPLE_CORS = '60669652-455b-4ae9-85a4-c4c02393f86c';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

describe('given no bucket named and a playback public key', () => {
  const { template, media, stack } = synth({ PLAYBACK_PUBLIC_KEY: publicKeyPem });

  it('when synthesized then the recordings bucket is private, encrypted, TLS only, with EventBridge and CORS for HLS', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['GET', 'HEAD'],
            AllowedOrigins: ['*'],
            ExposedHeaders: Match.arrayWith(['Content-Range']),
          }),
        ],
      },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(media.bucketCreated).toBe(true);
  });

  it('when synthesized then the recording configuration writes to it with interval thumbnails in sequence and latest, every rendition, and a 60 s reconnect window', () => {
    template.resourceCountIs('AWS::IVS::RecordingConfiguration', 1);
    template.hasResourceProperties('AWS::IVS::RecordingConfiguration', {
      DestinationConfiguration: {
        S3: { BucketName: { Ref: stack.getLogicalId(media.bucket.node.defaultChild as never) } },
      },
      RecordingReconnectWindowSeconds: 60,
      ThumbnailConfiguration: {
        RecordingMode: 'INTERVAL',
        TargetIntervalSeconds: 10,
        Storage: ['SEQUENTIAL', 'LATEST'],
      },
      RenditionConfiguration: { RenditionSelection: 'ALL' },
    });
  });

  it('when synthesized then the distribution reads the bucket through origin access control and only CloudFront of that distribution may read', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const config = template.findResources('AWS::CloudFront::Distribution');
    const distribution = Object.values(config)[0]!.Properties.DistributionConfig;
    expect(distribution.Origins).toHaveLength(1);
    expect(distribution.Origins[0].OriginAccessControlId).toBeDefined();
    expect(distribution.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    const statements = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0]!.Properties.PolicyDocument
      .Statement as Array<{ Effect: string; Principal?: unknown; Action: unknown; Condition?: unknown }>;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
  });

  it('when synthesized then every behaviour has the CORS policies HLS needs and trusts only the playback key group, and the latest thumbnail is never cached', () => {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties
      .DistributionConfig;
    const keyGroupId = { Ref: stack.getLogicalId(media.keyGroup!.node.defaultChild as never) };
    const { DefaultCacheBehavior: defaults, CacheBehaviors: others } = distribution;
    expect(others).toHaveLength(1);
    for (const behaviour of [defaults, ...others]) {
      expect(behaviour).toMatchObject({
        OriginRequestPolicyId: CORS_S3_ORIGIN,
        ResponseHeadersPolicyId: SIMPLE_CORS,
        TrustedKeyGroups: [keyGroupId],
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD'],
      });
    }
    expect(defaults.CachePolicyId).toBe(CACHING_OPTIMIZED);
    expect(others[0]).toMatchObject({ PathPattern: LATEST_THUMBNAIL_PATH_PATTERN, CachePolicyId: CACHING_DISABLED });
  });

  it('when synthesized then the key group holds the public key, given in the template as the PEM it was given', () => {
    template.resourceCountIs('AWS::CloudFront::PublicKey', 1);
    template.hasResourceProperties('AWS::CloudFront::PublicKey', {
      PublicKeyConfig: Match.objectLike({ EncodedKey: publicKeyPem }),
    });
    template.hasResourceProperties('AWS::CloudFront::KeyGroup', {
      KeyGroupConfig: Match.objectLike({
        Items: [{ Ref: stack.getLogicalId(media.publicKey!.node.defaultChild as never) }],
      }),
    });
    expect(media.playbackDisabledReason).toBeUndefined();
  });
});

describe('given the recordings bucket lifecycle backstop setting', () => {
  const lifecycleOf = (env: NodeJS.ProcessEnv) =>
    Object.values(synth(env).template.findResources('AWS::S3::Bucket'))[0]!.Properties.LifecycleConfiguration;

  it('when IVS_RECORDINGS_BACKSTOP_DAYS is unset then the bucket only aborts incomplete multipart uploads after 7 days: nothing expires', () => {
    expect(ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS).toBe(7);
    expect(lifecycleOf({})).toEqual({
      Rules: [
        {
          Id: 'AbortIncompleteMultipartUploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          Status: 'Enabled',
        },
      ],
    });
  });

  it('when it is 400 then objects under ivs/ also expire 400 days after they were written, and nothing else does', () => {
    expect(lifecycleOf({ IVS_RECORDINGS_BACKSTOP_DAYS: '400' })).toEqual({
      Rules: [
        {
          Id: 'AbortIncompleteMultipartUploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          Status: 'Enabled',
        },
        { Id: 'RecordingsBackstopExpiration', Prefix: 'ivs/', ExpirationInDays: 400, Status: 'Enabled' },
      ],
    });
  });
});

describe('given an existing bucket named and other thumbnail and reconnect settings', () => {
  const { template, media } = synth({
    IVS_RECORDINGS_BUCKET: 'team-recordings',
    IVS_RECONNECT_WINDOW_SECONDS: '120',
    IVS_THUMBNAIL_INTERVAL_SECONDS: '5',
    PLAYBACK_PUBLIC_KEY: publicKeyPem,
  });

  it('when synthesized then no bucket is created: IVS and CloudFront use the named one, with EventBridge turned on', () => {
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(media.bucket.bucketName).toBe('team-recordings');
    expect(media.bucketCreated).toBe(false);
    template.hasResourceProperties('AWS::IVS::RecordingConfiguration', {
      DestinationConfiguration: { S3: { BucketName: 'team-recordings' } },
      RecordingReconnectWindowSeconds: 120,
      ThumbnailConfiguration: Match.objectLike({ TargetIntervalSeconds: 5 }),
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'team-recordings',
      NotificationConfiguration: { EventBridgeConfiguration: {} },
      Managed: false,
    });
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties
      .DistributionConfig;
    expect(JSON.stringify(distribution.Origins[0].DomainName)).toContain('team-recordings');
  });
});

describe('given no playback public key', () => {
  const { template, media } = synth({});

  it('when synthesized then bucket and recording configuration exist, but no distribution, key group or key: playback is off with the reason', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::IVS::RecordingConfiguration', 1);
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('AWS::CloudFront::KeyGroup', 0);
    template.resourceCountIs('AWS::CloudFront::PublicKey', 0);
    expect(media.distribution).toBeUndefined();
    expect(media.playbackDisabledReason).toMatch(/PLAYBACK_PUBLIC_KEY/);
  });
});
