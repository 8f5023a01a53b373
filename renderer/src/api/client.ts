/**
 * The renderer's API client: window.fcr (Electron preload) when present, otherwise the browser
 * host over HTTP with the per-start token. Both speak the same contract and envelope.
 */
import { METHOD_NAMES, type Api, type MethodName } from '../../../shared/api';
import type { Envelope, ErrorInfo } from '../../../shared/errors';
import { decodeWire, encodeWire } from '../../../shared/wire';

export class ApiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
  }
}

type Bridge = Record<MethodName, (args: unknown) => Promise<Envelope<unknown>>>;

declare global {
  interface Window {
    fcr?: Bridge;
  }
}

const TOKEN_KEY = 'fcr.token';

/** True when the URL fragment carries a token (a start URL was opened or pasted). */
export function locationHasToken(loc: Location = window.location): boolean {
  return /(?:^#|&)token=[0-9a-f]{16,}/.test(loc.hash);
}

/** Takes the token from the URL fragment (#token=…) once, keeps it for this tab, and cleans the URL. */
export function takeTokenFromLocation(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{16,})/.exec(loc.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}#/`);
  }
  return storage.getItem(TOKEN_KEY);
}

export function createClient(
  bridge: Bridge | undefined = window.fcr,
  token: string | null = null,
  onUnauthorized: () => void = () => {},
): Api {
  const call = async (name: MethodName, args: unknown): Promise<unknown> => {
    let envelope: Envelope<unknown>;
    if (bridge) {
      envelope = await bridge[name](args);
    } else {
      let res: Response;
      try {
        res = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
          body: encodeWire(args),
        });
      } catch {
        throw new ApiError({ code: 'INTERNAL', message: '无法连接审查助手服务，请确认服务仍在运行。' });
      }
      envelope = decodeWire(await res.text()) as Envelope<unknown>;
    }
    if (!envelope.ok) {
      if (envelope.error.code === 'UNAUTHORIZED' && !bridge) onUnauthorized();
      throw new ApiError(envelope.error);
    }
    return envelope.result;
  };
  return Object.fromEntries(METHOD_NAMES.map((name) => [name, (args: unknown) => call(name, args)])) as Api;
}
