/**
 * The preload exposes exactly two functions to the renderer — `call` and `subscribe` — carrying contract
 * messages over one IPC channel each way. No Node, no Electron objects cross.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { WireMessage } from '../common/api/contract.ts';

contextBridge.exposeInMainWorld('workbench', {
  call: (message: WireMessage): void => ipcRenderer.send('workbench:call', message),
  subscribe: (listener: (message: WireMessage) => void): void => {
    ipcRenderer.on('workbench:event', (_event, message: WireMessage) => listener(message));
  },
});
