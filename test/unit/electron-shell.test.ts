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
    headers: null as null | ((d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  };
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));
  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, unknown>();
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  return {
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
        webRequest: { onHeadersReceived: (fn: typeof fake.session.headers) => (fake.session.headers = fn) },
      },
    },
    net: { fetch: vi.fn() },
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
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const cb = vi.fn();
    fake.session.permissionRequest?.({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(fake.session.permissionCheck?.()).toBe(false);
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
