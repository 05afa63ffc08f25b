import type { AsyncInvoke } from '../../redrive/lambda-async-invoke';
import type { AsyncInvoker } from './async-invoker';

/**
 * Redrive's Invoke, in process: hands the event to the function's local invoker and counts it
 * accepted only once it succeeded. A failure is not captured again, so a record that fails
 * once more stays in the capture exactly once (Lambda would queue a new record instead).
 */
export const inProcessInvoke =
  (invokerFor: (functionName: string) => AsyncInvoker | undefined): AsyncInvoke =>
  async (functionName, payload) => {
    const invoker = invokerFor(functionName);
    if (!invoker) {
      throw Object.assign(new Error(`Function not found: ${functionName} (no local handler)`), {
        name: 'ResourceNotFoundException',
      });
    }
    const { requestId, settled } = invoker.invoke(payload, { captureFailure: false });
    const outcome = await settled;
    if (outcome.outcome !== 'succeeded') {
      throw Object.assign(new Error(`${functionName} failed again (${requestId})`), { name: 'FailedAgain' });
    }
    return { requestId };
  };
