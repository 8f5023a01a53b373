/**
 * The Electron shell's wiring, kept apart from start-up so that it can be unit-tested with a
 * stand-in for the `electron` module: window security settings, one IPC handler per contract
 * method with sender and argument validation, and the navigation/permission lock-down.
 */
import type { App, BrowserWindow as BrowserWindowT, IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { ipcChannel, METHOD_NAMES, parseArgs, type Api, type MethodName } from '../../shared/api.js';
import { FcrError, toErrorInfo, type Envelope } from '../../shared/errors.js';
import { CONTENT_SECURITY_POLICY } from '../security.js';

/** The renderer is served from this privileged custom scheme, never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fcr';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function windowOptions(preloadPath: string): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    title: '审查助手',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
    },
  };
}

/** True only for our own top-level document. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  win: () => BrowserWindowT | null,
): boolean {
  const frame = event.senderFrame;
  const w = win();
  if (!frame || !w) return false;
  if (frame !== w.webContents.mainFrame) return false;
  try {
    // WHATWG URL gives custom schemes an opaque ("null") origin, so compare scheme and host.
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  api: Api,
  win: () => BrowserWindowT | null,
): MethodName[] {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, raw: unknown): Promise<Envelope<unknown>> => {
      try {
        if (!isTrustedSender(event, win)) throw new FcrError('UNAUTHORIZED', '拒绝访问：调用来自不受信任的页面。');
        const args = parseArgs(name, raw);
        const call = api[name] as (a: unknown) => Promise<unknown>;
        return { ok: true, result: await call(args) };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    });
  }
  return METHOD_NAMES;
}

/** Denies navigation away from the app, new windows, webviews and every permission request. */
export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function lockDownSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

export function lockDownApp(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
