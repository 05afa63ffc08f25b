/**
 * A deployed function's permissions, read from a synthesized assembly with every reference
 * evaluated (nested stack parameters, outputs, joins) to the values a deployment would give,
 * so a test can compare plain ARNs. The names are the local stack's (account 123456789012,
 * us-east-1; see src/local/data-api/local-names.ts).
 */
import { CfnEvaluator, type ResourceRef } from './cfn-evaluator';
import { friendlyNameOf } from './appsync-model';
import { localNamer, localNames } from './local-names';

export type EvaluatedStatement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, unknown>;
};

export const evaluateAssembly = (dir: string): Promise<CfnEvaluator> => {
  const names = localNames('us-east-1', 'http://127.0.0.1:1/graphql');
  return CfnEvaluator.load(dir, { region: names.region, accountId: names.accountId, namer: localNamer(names) });
};

/** The one Lambda function of this Amplify name (`defineFunction({ name })`). */
export const functionNamed = (ev: CfnEvaluator, friendlyName: string): ResourceRef => {
  const found = ev.resourcesOfType('AWS::Lambda::Function').filter((ref) => friendlyNameOf(ref) === friendlyName);
  if (found.length !== 1) throw new Error(`${found.length} functions named ${friendlyName}`);
  return found[0]!;
};

/** Every statement of the inline policies attached to the function's role, evaluated. */
export const roleStatements = (ev: CfnEvaluator, fn: ResourceRef): EvaluatedStatement[] => {
  const role = (fn.resource.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  if (!role) throw new Error(`${fn.logicalId} has no role of its stack`);
  return ev
    .resourcesOfType('AWS::IAM::Policy')
    .filter(
      (p) => p.stack === fn.stack && JSON.stringify(p.resource.Properties?.Roles) === JSON.stringify([{ Ref: role }]),
    )
    .flatMap((p) => (ev.properties(p).PolicyDocument as { Statement: EvaluatedStatement[] }).Statement);
};
