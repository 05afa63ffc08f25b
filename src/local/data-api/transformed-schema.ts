/**
 * The transformed GraphQL schema of a synthesized assembly, built the way the AppSync
 * simulator builds it (its AWS scalars and directives added), for tests that check the
 * documents the functions send against what AppSync would accept.
 */
import { buildASTSchema, concatAST, parse, type GraphQLSchema } from 'graphql';
import { readAppSyncModel } from './appsync-model';
import { CfnEvaluator } from './cfn-evaluator';
import { localNamer, localNames } from './local-names';
import { requireSimulator, SIMULATOR } from './patches/simulator-modules';

export const readTransformedSchema = async (assemblyDir: string): Promise<GraphQLSchema> => {
  const names = localNames('us-east-1', 'http://127.0.0.1:1/graphql');
  const ev = await CfnEvaluator.load(assemblyDir, {
    region: 'us-east-1',
    accountId: names.accountId,
    namer: localNamer(names),
  });
  const { schema } = await readAppSyncModel(ev);
  const { scalars } = requireSimulator(`${SIMULATOR}/lib/schema/appsync-scalars`) as {
    scalars: Record<string, unknown>;
  };
  const { getDirectiveTypeDefs } = requireSimulator(`${SIMULATOR}/lib/schema/directives`) as {
    getDirectiveTypeDefs: () => string;
  };
  const awsDefinitions = [...Object.keys(scalars).map((name) => `scalar ${name}`), getDirectiveTypeDefs()].join('\n');
  return buildASTSchema(concatAST([parse(schema.content), parse(awsDefinitions)]));
};
