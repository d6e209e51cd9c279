/** Renderer entry: connect to the engine, route its events into the run store, render the workbench. */
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connect } from './api/connect.ts';
import { RunStore } from './features/runs/store.ts';
import { MatrixStore } from './features/matrix/store.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const store = new RunStore();
const matrixStore = new MatrixStore();

function fatal(message: string): void {
  root.render(
    <p className="error banner" role="alert">
      {message}
    </p>,
  );
}

connect(fatal).then(
  (client) => {
    client.subscribe('runOutput', (e) => store.output(e.runId, e.line));
    client.subscribe('runSamples', (e) => store.samples(e.runId, e.samples));
    client.subscribe('runWorker', (e) => store.worker(e.runId, e.worker));
    client.subscribe('runBreach', (e) => store.breach(e.runId, e.breach));
    client.subscribe('runEnd', (e) => store.ended(e.runId, e.result));
    client.subscribe('matrixProgress', (e) => matrixStore.progress(e));
    client.subscribe('matrixEnd', (e) => matrixStore.ended(e));
    root.render(<App client={client} store={store} matrixStore={matrixStore} />);
  },
  () => undefined,
);
