/**
 * amplify_outputs.example.json from a real outputs file: the same shape and model
 * introspection, with the deployment-specific values replaced by placeholders.
 */
export const exampleOutputsFrom = <T extends { auth?: object; data: object; custom?: unknown }>(
  outputs: T,
): Omit<T, 'custom'> => {
  const { custom: _custom, ...rest } = structuredClone(outputs);
  const region = (rest.data as { aws_region?: string }).aws_region ?? 'us-east-1';
  return {
    ...rest,
    ...(rest.auth
      ? {
          auth: {
            ...rest.auth,
            user_pool_id: `${region}_XXXXXXXXX`,
            user_pool_client_id: 'xxxxxxxxxxxxxxxxxxxxxxxxxx',
            identity_pool_id: `${region}:00000000-0000-0000-0000-000000000000`,
          },
        }
      : {}),
    data: {
      ...rest.data,
      url: `https://xxxxxxxxxxxxxxxxxxxxxxxxxx.appsync-api.${region}.amazonaws.com/graphql`,
      ...('api_key' in rest.data ? { api_key: 'da2-xxxxxxxxxxxxxxxxxxxxxxxxxx' } : {}),
    },
  } as Omit<T, 'custom'>;
};
