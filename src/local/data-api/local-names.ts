/**
 * The physical names, ids, ARNs and URLs a deployment would assign, decided here for the
 * local data API. They are deterministic (no randomness), so a persisted dataDir keeps
 * matching table names and an amplify_outputs.json stays valid across restarts on one port.
 */
import type { PhysicalNamer } from './cfn-evaluator';

export type LocalNames = {
  region: string;
  accountId: string;
  apiId: string;
  apiKey: string;
  graphqlUrl: string;
  realtimeUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
};

export const LOCAL_ACCOUNT_ID = '123456789012';

/** The local user pool's ids: the data API's outputs and the local user pool share them. */
export const localUserPoolIds = (region: string) => ({
  userPoolId: `${region}_LocalPool`,
  userPoolClientId: 'localuserpoolclient0000000',
});

export const localNames = (region: string, graphqlUrl: string): LocalNames => ({
  region,
  accountId: LOCAL_ACCOUNT_ID,
  apiId: 'local',
  // Looks like an AppSync key; only the simulator checks it (a wrong key gets a bare 401).
  apiKey: 'da2-localdataapikey000000000',
  graphqlUrl,
  realtimeUrl: graphqlUrl.replace(/^http/, 'ws'),
  ...localUserPoolIds(region),
  identityPoolId: `${region}:00000000-0000-4000-8000-000000000000`,
});

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const localNamer =
  (names: LocalNames): PhysicalNamer =>
  ({ logicalId, resource, stack }, attribute, evaluator) => {
    const { region, accountId, apiId } = names;
    const apiArn = `arn:aws:appsync:${region}:${accountId}:apis/${apiId}`;
    const prop = (name: string) => evaluator.evaluate(resource.Properties?.[name], stack);
    switch (resource.Type) {
      case 'AWS::AppSync::GraphQLApi':
        if (attribute === 'ApiId') return apiId;
        if (attribute === 'GraphQLUrl') return names.graphqlUrl;
        if (attribute === 'RealtimeUrl') return names.realtimeUrl;
        if (attribute === 'GraphQLDns') return new URL(names.graphqlUrl).host;
        if (attribute === 'Ref' || attribute === 'Arn') return apiArn;
        return undefined;
      case 'AWS::AppSync::ApiKey':
        if (attribute === 'ApiKey') return names.apiKey;
        return `${apiArn}/apikeys/${names.apiKey}`;
      case 'AWS::AppSync::DataSource': {
        const name = str(prop('Name')) ?? logicalId;
        return attribute === 'Name' ? name : `${apiArn}/datasources/${name}`;
      }
      case 'AWS::AppSync::FunctionConfiguration': {
        // Unique across nested stacks; also the function's name inside the simulator.
        const id = `${stack.id}/${logicalId}`;
        if (attribute === 'FunctionId') return id;
        if (attribute === 'Name') return str(prop('Name')) ?? logicalId;
        return `${apiArn}/functions/${id}`;
      }
      case 'AWS::AppSync::Resolver':
        return `${apiArn}/types/${str(prop('TypeName'))}/resolvers/${str(prop('FieldName'))}`;
      case 'Custom::AmplifyDynamoDBTable':
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable': {
        const name = str(prop('tableName')) ?? str(prop('TableName')) ?? logicalId;
        const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
        if (attribute === 'Ref' || attribute === 'TableName') return name;
        if (attribute === 'TableArn' || attribute === 'Arn') return arn;
        if (attribute === 'TableStreamArn' || attribute === 'StreamArn') return `${arn}/stream/local`;
        return undefined;
      }
      case 'AWS::Cognito::UserPool':
        if (attribute === 'Ref' || attribute === 'UserPoolId') return names.userPoolId;
        if (attribute === 'Arn') {
          return `arn:aws:cognito-idp:${region}:${accountId}:userpool/${names.userPoolId}`;
        }
        if (attribute === 'ProviderName') {
          return `cognito-idp.${region}.amazonaws.com/${names.userPoolId}`;
        }
        if (attribute === 'ProviderURL') {
          return `https://cognito-idp.${region}.amazonaws.com/${names.userPoolId}`;
        }
        return undefined;
      case 'AWS::Cognito::UserPoolClient':
        return attribute === 'Ref' || attribute === 'ClientId' ? names.userPoolClientId : undefined;
      case 'AWS::Cognito::IdentityPool':
        return attribute === 'Ref' || attribute === 'Id' ? names.identityPoolId : undefined;
      case 'AWS::IAM::Role': {
        const name = str(prop('RoleName')) ?? `local-${logicalId}`;
        if (attribute === 'Ref') return name;
        if (attribute === 'Arn') return `arn:aws:iam::${accountId}:role/${name}`;
        return undefined;
      }
      case 'AWS::S3::Bucket': {
        const name = str(prop('BucketName')) ?? `local-${logicalId.toLowerCase()}`.slice(0, 63);
        if (attribute === 'Ref') return name;
        if (attribute === 'Arn') return `arn:aws:s3:::${name}`;
        if (attribute === 'DomainName' || attribute === 'RegionalDomainName') {
          return `${name}.s3.${region}.amazonaws.com`;
        }
        return undefined;
      }
      case 'Custom::CDKBucketDeployment':
        if (attribute === 'DestinationBucketArn') {
          return `arn:aws:s3:::${str(prop('DestinationBucketName'))}`;
        }
        return undefined;
      case 'AWS::Lambda::Function': {
        const name = str(prop('FunctionName')) ?? `local-${logicalId}`;
        if (attribute === 'Ref') return name;
        if (attribute === 'Arn') return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
        return undefined;
      }
      case 'AWS::IVS::RecordingConfiguration': {
        // IVS's ARN shape, with an alphanumeric id (the channel function checks the ARN).
        const arn = `arn:aws:ivs:${region}:${accountId}:recording-configuration/${logicalId.replace(/[^A-Za-z0-9]/g, '')}`;
        return attribute === 'Ref' || attribute === 'Arn' ? arn : undefined;
      }
      case 'AWS::SSM::Parameter':
        return attribute === 'Ref' ? str(prop('Name')) : undefined;
      default:
        return undefined;
    }
  };
