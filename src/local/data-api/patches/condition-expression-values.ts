/**
 * Patch: `$util.transform.toDynamoDBConditionExpression` returns its expression values.
 *
 * In @aws-amplify/amplify-appsync-simulator 2.16.x the helper returns only `expression` and
 * `expressionNames`, so every mutation with a `condition` (and the model resolvers' own
 * conditions, e.g. optimistic `version` checks) reaches DynamoDB with placeholders that
 * have no values and fails. AppSync returns the values too.
 *
 * Both this helper and `toDynamoDBFilterExpression` also emit a value for
 * `attributeExists`, which the expression never uses; DynamoDB rejects unused values, so
 * only the values the expression mentions are kept (as AppSync does).
 */
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type Generated = { expressionValues: Record<string, unknown> };
type VtlMap = { toJSON(): unknown };
type Rendered = {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, unknown>;
};
export type TransformUtils = {
  toDynamoDBConditionExpression(condition: VtlMap): string;
  toDynamoDBFilterExpression(filter: VtlMap): string;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const usedValues = (expression: string, values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).filter(([name]) => new RegExp(`${escapeRegExp(name)}(?![A-Za-z0-9_])`).test(expression)),
  );

export const simulatorTransformUtils = (): TransformUtils =>
  (requireSimulator(`${SIMULATOR}/lib/velocity/util/transform/index.js`) as { transformUtils: TransformUtils })
    .transformUtils;

export const patchConditionExpressionValues = (): void => {
  const { generateFilterExpression } = requireSimulator(
    `${SIMULATOR}/lib/velocity/util/transform/dynamodb-filter.js`,
  ) as { generateFilterExpression(filter: unknown): Generated };
  // The upstream rendering, with the values it lacks (from the same generator) and only those the expression uses.
  const withValues = (original: (input: VtlMap) => string) => (input: VtlMap) => {
    const rendered = JSON.parse(original(input)) as Rendered;
    const values = rendered.expressionValues ?? generateFilterExpression(input.toJSON()).expressionValues;
    return JSON.stringify({ ...rendered, expressionValues: usedValues(rendered.expression, values) });
  };
  // The util object is shared by every template render, so wrapping its methods is enough.
  const utils = simulatorTransformUtils();
  wrapMethod(utils, 'toDynamoDBConditionExpression', 'condition-expression-values', withValues);
  wrapMethod(utils, 'toDynamoDBFilterExpression', 'condition-expression-values', withValues);
};
