/**
 * The preload exposes exactly two functions to the renderer — `call` and `subscribe` (which returns its
 * unsubscribe) — carrying contract messages over one IPC channel each way. No Node, no Electron objects cross.
 * Their shape is bridge.d.ts, which the renderer includes.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WireMessage } from '../common/api/contract.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../common/api/channels.ts';
import type { PreloadBridge } from './bridge.d.ts';

const bridge: PreloadBridge = {
  call: (message) => ipcRenderer.send(CALL_CHANNEL, message),
  subscribe: (listener) => {
    const forward = (_event: IpcRendererEvent, message: WireMessage): void => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('workbench', bridge);
