/**
 * The Electron shell's wiring, kept apart from start-up so that it can be unit-tested with a
 * stand-in for the `electron` module: window security settings, one IPC handler per contract
 * method with sender and argument validation, and the navigation/permission lock-down.
 */
import type { App, BrowserWindow as BrowserWindowT, IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** A link a user clicked (target=_blank) to an http(s) page; scripted pop-ups are not. */
export function isUserOpenedWebLink(details: { url: string; disposition: string }): boolean {
  if (details.disposition !== 'foreground-tab' && details.disposition !== 'background-tab') return false;
  try {
    const { protocol } = new URL(details.url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Denies navigation away from the app (top frame and sub-frames), new windows, webviews and every
 * permission request; an http(s) link the user clicked opens in the system browser instead.
 */
export function lockDownContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: (url: string) => void = () => {},
): void {
  const ours = (url: string) => url.startsWith(`${APP_ORIGIN}/`);
  contents.on('will-navigate', (event, url) => {
    if (!ours(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!ours(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    if (isUserOpenedWebLink(details)) openExternal(details.url);
    return { action: 'deny' };
  });
}

export function lockDownSession(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
  >,
): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // HID, serial and USB devices: never.
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

export function lockDownApp(app: Pick<App, 'on'>, openExternal?: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, openExternal));
}

/**
 * The app:// protocol: files of the built renderer only. A malformed %-sequence is a 400, a path
 * leaving the folder a 403; neither throws.
 */
export function appProtocolHandler(
  rendererDir: string,
  fetchFile: (fileUrl: string) => Promise<Response>,
): (request: { url: string }) => Promise<Response> {
  const root = path.resolve(rendererDir);
  return async (request) => {
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return new Response('请求地址无效', { status: 400 });
    }
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) return new Response('禁止访问', { status: 403 });
    return fetchFile(pathToFileURL(file).toString());
  };
}
