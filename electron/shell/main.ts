/** Electron main process: start-up only; the wiring lives in wiring.ts and the logic in services. */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import path from 'node:path';
import { appRoot, resolveDataDir } from '../paths.js';
import { createServices } from '../services/index.js';
import { toErrorInfo } from '../../shared/errors.js';
import {
  APP_SCHEME,
  APP_URL,
  appProtocolHandler,
  lockDownApp,
  lockDownSession,
  registerIpcHandlers,
  windowOptions,
} from './wiring.js';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  const root = appRoot();
  const rendererDir = path.join(root, 'dist', 'renderer');
  // Takes the data folder's lock: a second app (window or `fcr serve`) on the same folder is refused.
  const services = createServices(resolveDataDir(), { app: '审查助手窗口' });
  app.on('will-quit', () => services.close());
  void services.startBackground().catch(() => undefined);

  protocol.handle(
    APP_SCHEME,
    appProtocolHandler(rendererDir, (url) => net.fetch(url)),
  );
  lockDownSession(session.defaultSession);
  lockDownApp(app, (url) => void shell.openExternal(url));
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
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      // A locked, read-only, full or damaged data folder: say what happened and what to do.
      dialog.showErrorBox('审查助手无法启动', toErrorInfo(err).message);
      app.exit(1);
    });
}
