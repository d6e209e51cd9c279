/**
 * Connecting the renderer to the engine: over the Electron preload (`window.workbench`, two functions, typed
 * by electron/preload/bridge.d.ts) when it exists, otherwise over the browser-mode WebSocket with the launch token from the page URL.
 */
import { createClient, type ApiClient } from '../../../electron/common/api/client.ts';
import type { WireMessage } from '../../../electron/common/api/contract.ts';

export function connect(onClose: (reason: string) => void): Promise<ApiClient> {
  const bridge = window.workbench;
  if (bridge) {
    const client = createClient((m) => bridge.call(m));
    bridge.subscribe((m) => client.receive(m));
    return Promise.resolve(client);
  }
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
  const client = createClient((m) => ws.send(JSON.stringify(m)));
  ws.addEventListener('message', (e) => client.receive(JSON.parse(String(e.data)) as WireMessage));
  return new Promise((resolve, reject) => {
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      resolve(client);
    });
    ws.addEventListener('close', () => {
      client.close('the connection to the workbench closed');
      onClose(
        !token
          ? 'No token in the address: open the full address (with ?token=…) that `npm start` or `npm run web` printed.'
          : !opened
            ? 'The workbench refused this page’s token: each start makes a new one. Open the address that `npm start` or `npm run web` printed last.'
            : 'The workbench stopped (or its connection closed). Start it again with `npm start` and open the address it prints.',
      );
      reject(new Error('closed'));
    });
  });
}
