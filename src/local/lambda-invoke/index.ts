export { startLambdaInvokeServer, DEFAULT_LAMBDA_INVOKE_PORT, type LambdaInvokeServer, type LambdaInvokeServerOptions } from './lambda-invoke-server';
