import '@aws-amplify/ui-react/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureAmplify, isLocalStack, loadOutputs } from './amplify-config';
import { App } from './app';

const root = createRoot(document.getElementById('root')!);

loadOutputs(document.baseURI).then(
  (outputs) => {
    configureAmplify(outputs);
    root.render(
      <StrictMode>
        <App local={isLocalStack(outputs)} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main>
        <h1>IVS recordings</h1>
        <p role="alert" className="error">
          No backend configuration: {error instanceof Error ? error.message : String(error)}
        </p>
      </main>,
    );
  },
);
