/**
 * The Electron binary cannot run here, so the shell's start-up is exercised against a stand-in
 * for the `electron` module that records what main.ts asks of it: window options, IPC handlers,
 * protocol, session and web-contents lock-down. The services behind it are real.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel, METHOD_NAMES } from '../../shared/api';
import type { Envelope } from '../../shared/errors';
import { tempDir } from '../helpers/paths';

type Handler = (event: unknown, ...args: unknown[]) => Promise<Envelope<unknown>>;
type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const windows: {
    options: Record<string, unknown>;
    url: string | null;
    webContents: {
      mainFrame: { url: string };
      listeners: Map<string, ((...args: unknown[]) => void)[]>;
      windowOpenHandler: (() => unknown) | null;
      on(event: string, fn: (...args: unknown[]) => void): void;
      setWindowOpenHandler(fn: () => unknown): void;
    };
  }[] = [];
  const session = {
    permissionRequest: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    devicePermission: null as null | (() => boolean),
    headers: null as null | ((d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  };
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));
  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, unknown>();
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const opened: string[] = [];
  return {
    opened,
    handlers,
    appListeners,
    windows,
    session,
    ready,
    readyResolve: () => readyResolve(),
    schemes,
    protocolHandlers,
    exposed,
    invoked,
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    url: string | null = null;
    webContents;
    constructor(readonly options: Record<string, unknown>) {
      const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
      this.webContents = {
        mainFrame: { url: '' },
        listeners,
        windowOpenHandler: null as (() => unknown) | null,
        on(event: string, fn: (...args: unknown[]) => void) {
          listeners.set(event, [...(listeners.get(event) ?? []), fn]);
        },
        setWindowOpenHandler(fn: () => unknown) {
          this.windowOpenHandler = fn;
        },
      };
      fake.windows.push(this as never);
      // Electron fires web-contents-created for every new contents.
      for (const fn of fake.appListeners.get('web-contents-created') ?? []) fn({}, this.webContents);
    }
    once() {}
    on() {}
    show() {}
    focus() {}
    async loadURL(url: string) {
      this.url = url;
      this.webContents.mainFrame.url = url;
    }
  }
  const app = {
    requestSingleInstanceLock: () => true,
    on(event: string, fn: (...args: unknown[]) => void) {
      fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), fn]);
    },
    whenReady: () => fake.ready,
    quit: vi.fn(),
    exit: vi.fn(),
  };
  const mod = {
    app,
    BrowserWindow,
    ipcMain: {
      handle(channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
        if (fake.handlers.has(channel)) throw new Error(`duplicate handler ${channel}`);
        fake.handlers.set(channel, fn);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => fake.schemes.push(...s),
      handle: (scheme: string, fn: unknown) => fake.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof fake.session.permissionRequest) =>
          (fake.session.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof fake.session.permissionCheck) => (fake.session.permissionCheck = fn),
        setDevicePermissionHandler: (fn: typeof fake.session.devicePermission) => (fake.session.devicePermission = fn),
        webRequest: { onHeadersReceived: (fn: typeof fake.session.headers) => (fake.session.headers = fn) },
      },
    },
    net: { fetch: vi.fn(async (url: string) => new Response(url)) },
    shell: { openExternal: async (url: string) => void fake.opened.push(url) },
    dialog: { showErrorBox: vi.fn() },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        fake.invoked.push({ channel, args });
        return { ok: true, result: null };
      },
    },
  };
  return { ...mod, default: mod };
});

const data = tempDir();

beforeAll(async () => {
  process.env.FCR_DATA_DIR = data.dir;
  await import('../../electron/shell/main');
  fake.readyResolve();
  await vi.waitFor(() => expect(fake.windows[0]?.url).toBeTruthy());
});

afterAll(() => {
  for (const fn of fake.appListeners.get('will-quit') ?? []) fn();
  delete process.env.FCR_DATA_DIR;
  data.cleanup();
});

function win() {
  const w = fake.windows[0];
  if (!w) throw new Error('no window');
  return w;
}

function invoke(method: string, frame: unknown, args: unknown): Promise<Envelope<unknown>> {
  const handler = fake.handlers.get(method) as Handler | undefined;
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ senderFrame: frame }, args);
}

describe('Electron shell wiring', () => {
  it('creates one window with the locked-down web preferences and loads the app scheme', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(win().url).toBe('app://fcr/index.html');
    expect(fake.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
  });

  it('registers exactly one named IPC handler per contract method', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
  });

  it('serves calls from the app frame through the real services', async () => {
    const res = await invoke(ipcChannel('listDocuments'), win().webContents.mainFrame, {});
    expect(res).toEqual({ ok: true, result: [] });
    const imported = await invoke(ipcChannel('importDocument'), win().webContents.mainFrame, {
      name: '通知.txt',
      bytes: new TextEncoder().encode('关于公平竞争审查的通知\n第一条 内容。'),
    });
    expect(imported).toMatchObject({
      ok: true,
      result: { duplicate: false, document: { title: '关于公平竞争审查的通知' } },
    });
  });

  it('refuses a call from a foreign frame or a foreign origin', async () => {
    const foreignFrame = { url: 'app://fcr/index.html' };
    expect(await invoke(ipcChannel('listDocuments'), foreignFrame, {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    const main = win().webContents.mainFrame;
    const saved = main.url;
    main.url = 'https://evil.example/';
    expect(await invoke(ipcChannel('listDocuments'), main, {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    main.url = saved;
    expect(await invoke(ipcChannel('listDocuments'), null, {})).toMatchObject({ ok: false });
  });

  it('refuses bad arguments with a Chinese message', async () => {
    const main = win().webContents.mainFrame;
    const res = await invoke(ipcChannel('getDocument'), main, { id: 'x' });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    expect((res as { error: { message: string } }).error.message).toMatch(/参数 id 无效/);
    expect(await invoke(ipcChannel('importDocument'), main, { name: 'a.txt', bytes: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS' },
    });
    expect(await invoke(ipcChannel('listDocuments'), main, { sneaky: 1 })).toMatchObject({ ok: false });
  });

  it('denies navigation, redirects, webviews, new windows and permissions', () => {
    const contents = win().webContents;
    const fire = (event: string, ...args: unknown[]) => {
      const e = { preventDefault: vi.fn() };
      for (const fn of contents.listeners.get(event) ?? []) (fn as Listener)(e, ...args);
      return e.preventDefault;
    };
    expect(fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-attach-webview')).toHaveBeenCalled();
    const openHandler = contents.windowOpenHandler as unknown as (d: unknown) => unknown;
    expect(openHandler({ url: 'https://evil.example/', disposition: 'new-window' })).toEqual({ action: 'deny' });
    const cb = vi.fn();
    fake.session.permissionRequest?.({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(fake.session.permissionCheck?.()).toBe(false);
  });

  it('denies device permissions and sub-frame navigation away from the app', () => {
    expect(fake.session.devicePermission?.()).toBe(false);
    const contents = win().webContents;
    const frameNavigate = (url: string) => {
      const e = { url, preventDefault: vi.fn() };
      for (const fn of contents.listeners.get('will-frame-navigate') ?? []) (fn as Listener)(e);
      return e.preventDefault;
    };
    expect(frameNavigate('https://evil.example/')).toHaveBeenCalled();
    expect(frameNavigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(frameNavigate('app://fcr/index.html')).not.toHaveBeenCalled();
  });

  it('opens only http(s) links a user clicked in the system browser, and never a window', () => {
    const open = (url: string, disposition: string) =>
      (contents.windowOpenHandler as unknown as (d: unknown) => unknown)({ url, disposition });
    const contents = win().webContents;
    expect(open('https://www.samr.gov.cn/', 'foreground-tab')).toEqual({ action: 'deny' });
    expect(open('http://example.org/a', 'background-tab')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/popup', 'new-window')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd', 'foreground-tab')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)', 'foreground-tab')).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://www.samr.gov.cn/', 'http://example.org/a']);
  });

  it('serves app:// from the renderer folder only; a malformed %-sequence is a 400, not a throw', async () => {
    const handler = fake.protocolHandlers.get('app') as (r: { url: string }) => Promise<Response>;
    expect((await handler({ url: 'app://fcr/%E0%A4%A' })).status).toBe(400);
    expect((await handler({ url: 'app://fcr/%' })).status).toBe(400);
    // The URL parser folds %2e%2e segments itself; whatever is fetched stays in the renderer folder.
    const dotted = await handler({ url: 'app://fcr/%2e%2e/%2e%2e/etc/passwd' });
    expect(dotted.status === 403 || /dist\/renderer\/etc\/passwd$/.test(await dotted.text())).toBe(true);
    expect((await handler({ url: 'app://fcr/..%2f..%2fetc%2fpasswd' })).status).toBe(403);
    expect((await handler({ url: 'app://fcr/%2e%2e%2f%2e%2e%2fetc%2fpasswd' })).status).toBe(403);
    const ok = await handler({ url: 'app://fcr/index.html' });
    expect(await ok.text()).toMatch(/^file:\/\/.*dist\/renderer\/index\.html$/);
  });

  it('adds a strict Content-Security-Policy to every response', () => {
    let headers: Record<string, string[]> = {};
    fake.session.headers?.({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
  });
});

describe('Electron build configuration', () => {
  it('flips the security fuses in the packaged binary', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as {
      electronFuses?: Record<string, boolean>;
    };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});

describe('Electron preload', () => {
  it('exposes exactly the contract methods, each bound to its own channel, and nothing generic', async () => {
    await import('../../electron/shell/preload');
    expect([...fake.exposed.keys()]).toEqual(['fcr']);
    const bridge = fake.exposed.get('fcr') as Record<string, (a: unknown) => Promise<unknown>>;
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const generic of ['send', 'invoke', 'on', 'ipcRenderer']) expect(bridge[generic]).toBeUndefined();
    await bridge.getDocument!({ id: 1 });
    expect(fake.invoked).toEqual([{ channel: 'fcr:getDocument', args: [{ id: 1 }] }]);
  });
});
