export {
  startLambdaInvokeServer,
  type LambdaInvokeServer,
  type LambdaInvokeServerOptions,
} from './lambda-invoke-server';
