import { generateClient } from 'aws-amplify/data';
import { useCallback, useMemo, useReducer, useRef } from 'react';
import type { Schema } from '../../amplify/data/resource';
import { IDLE, type PurgeState, purgesReducer, type Purges } from './recording-row';
import { errorText } from './use-records';

/**
 * The owner's delete requests: Delete asks, Cancel drops it, Confirm sends `purgeRecording`
 * once and records its answer (the deletion time) or its refusal (`InProgress: ...`). The
 * row's tombstone also arrives by the Recording.onUpdate subscription.
 */
export const usePurges = () => {
  const client = useMemo(() => generateClient<Schema>(), []);
  const [purges, dispatch] = useReducer(purgesReducer, {} as Purges);

  const ask = useCallback((id: string) => dispatch({ id, action: { type: 'ask' } }), []);
  const cancel = useCallback((id: string) => dispatch({ id, action: { type: 'cancel' } }), []);
  // One request per recording at a time, even when Confirm is pressed twice before a render.
  const inFlight = useRef(new Set<string>());
  const confirm = useCallback(
    async (id: string) => {
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      dispatch({ id, action: { type: 'confirm' } });
      try {
        const { data, errors } = await client.mutations.purgeRecording({ id });
        if (data && !errors?.length) dispatch({ id, action: { type: 'deleted', deletedAt: data.deletedAt } });
        else
          dispatch({
            id,
            action: { type: 'refused', message: errors?.length ? errorText({ errors }) : 'no answer came back' },
          });
      } catch (error) {
        dispatch({ id, action: { type: 'refused', message: errorText(error) } });
      } finally {
        inFlight.current.delete(id);
      }
    },
    [client],
  );
  const purgeOf = useCallback((id: string): PurgeState => purges[id] ?? IDLE, [purges]);
  return { purgeOf, ask, cancel, confirm };
};
