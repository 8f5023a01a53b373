/** Electron main process: start-up only; the wiring lives in wiring.ts and the logic in services. */
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot, resolveDataDir } from '../paths.js';
import { createServices } from '../services/index.js';
import { APP_SCHEME, APP_URL, lockDownApp, lockDownSession, registerIpcHandlers, windowOptions } from './wiring.js';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  const root = appRoot();
  const rendererDir = path.join(root, 'dist', 'renderer');
  const services = createServices(resolveDataDir());
  app.on('will-quit', () => services.close());

  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(rendererDir + path.sep)) return new Response('禁止访问', { status: 403 });
    return net.fetch(pathToFileURL(file).toString());
  });
  lockDownSession(session.defaultSession);
  lockDownApp(app);
  registerIpcHandlers(ipcMain, services.api, () => mainWindow);

  mainWindow = new BrowserWindow(windowOptions(path.join(root, 'dist', 'electron', 'preload.cjs')));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(APP_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => mainWindow?.focus());
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (err: unknown) => {
    console.error('审查助手启动失败：', err);
    app.exit(1);
  });
}
