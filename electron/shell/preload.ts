/**
 * Preload (sandboxed): exposes exactly the contract's named methods as window.fcr.<method>,
 * each bound to its own IPC channel. There is no generic send/invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, METHOD_NAMES } from '../../shared/api.js';

const bridge: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const name of METHOD_NAMES) {
  const channel = ipcChannel(name);
  bridge[name] = (args: unknown) => ipcRenderer.invoke(channel, args);
}
contextBridge.exposeInMainWorld('fcr', Object.freeze(bridge));
