import '@aws-amplify/ui-react/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureAmplify, isLocalStack, loadOutputs } from './amplify-config';
import { App } from './app';
import { pageSizeFrom } from './record-feed';

const root = createRoot(document.getElementById('root')!);

/**
 * Local mode only: the Amplify client dials wss:// for live updates and the local data API
 * speaks ws://. The wrapper is loaded only then (its own chunk), never in a deployed app.
 */
const dialLocalRealtime = async () => {
  const { withLocalRealtime } = await import('../../src/local/data-api/realtime-websocket');
  window.WebSocket = withLocalRealtime(window.WebSocket);
};

const start = async () => {
  const outputs = await loadOutputs(document.baseURI);
  const local = isLocalStack(outputs);
  if (local) await dialLocalRealtime();
  configureAmplify(outputs);
  root.render(
    <StrictMode>
      <App local={local} pageSize={pageSizeFrom(window.location.search)} />
    </StrictMode>,
  );
};

start().catch((error: unknown) => {
  root.render(
    <main>
      <h1>IVS recordings</h1>
      <p role="alert" className="error">
        Could not start: {error instanceof Error ? error.message : String(error)}
      </p>
    </main>,
  );
});
