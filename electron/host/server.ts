/**
 * The browser host: the same API contract over HTTP, on 127.0.0.1 only.
 *   POST /api/<method>  JSON body (Uint8Array as {"$bytes": base64}), header Authorization: Bearer <token>
 *   GET  /...           the built renderer (dist/renderer)
 * Every API call needs the per-start token and, when the browser sends one, our own Origin;
 * the Host header must name the loopback address (defeats DNS rebinding).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isMethodName, parseArgs, MAX_IMPORT_BYTES, type Api } from '../../shared/api.js';
import { FcrError, toErrorInfo, type Envelope } from '../../shared/errors.js';
import { decodeWire, encodeWire } from '../../shared/wire.js';
import { CONTENT_SECURITY_POLICY } from '../security.js';

export interface HostOptions {
  api: Api;
  staticDir: string;
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** base64 grows by 4/3; allow some JSON overhead on top. Only an import carries a file. */
const MAX_IMPORT_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();

/** Exactly `Bearer <token>`, compared in constant time (digests have one length whatever is sent). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  return timingSafeEqual(digest(Buffer.from(header ?? '', 'utf8')), digest(`Bearer ${token}`)) && header !== undefined;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(32).toString('hex');
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json; charset=utf-8'): void => {
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    };
    const fail = (
      status: number,
      code: 'UNAUTHORIZED' | 'BAD_ARGS' | 'NOT_FOUND' | 'TOO_LARGE',
      message: string,
    ): void => send(status, JSON.stringify({ ok: false, error: { code, message } } satisfies Envelope<never>));

    if (!allowedHosts.has(req.headers.host ?? ''))
      return fail(403, 'UNAUTHORIZED', '拒绝访问：Host 不是本机回环地址。');
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return fail(405, 'BAD_ARGS', '接口只接受 POST 请求。');
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && reqOrigin !== origin)
        return fail(403, 'UNAUTHORIZED', '拒绝访问：来源（Origin）不可信。');
      if (!tokenMatches(req.headers.authorization, token)) {
        return fail(401, 'UNAUTHORIZED', '拒绝访问：缺少或错误的访问令牌，请使用启动时打印的网址打开。');
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return fail(415, 'BAD_ARGS', '请求体必须是 JSON。');
      }
      const name = url.pathname.slice('/api/'.length);
      if (!isMethodName(name)) return fail(404, 'NOT_FOUND', `没有名为 ${name} 的接口。`);

      const limit = name === 'importDocument' ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
      const tooLarge = () => fail(413, 'TOO_LARGE', `请求过大：超过该接口的上限 ${Math.round(limit / 1048576)} MB。`);
      if (Number(req.headers['content-length'] ?? 0) > limit) {
        tooLarge();
        req.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let aborted = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit && !aborted) {
          aborted = true;
          tooLarge();
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (aborted) return;
        void (async () => {
          let envelope: Envelope<unknown>;
          try {
            let raw: unknown;
            try {
              raw = decodeWire(Buffer.concat(chunks).toString('utf8') || '{}');
            } catch {
              throw new FcrError('BAD_ARGS', '请求体不是有效的 JSON。');
            }
            const args = parseArgs(name, raw);
            const call = opts.api[name] as (a: unknown) => Promise<unknown>;
            envelope = { ok: true, result: await call(args) };
          } catch (err) {
            envelope = { ok: false, error: toErrorInfo(err) };
          }
          send(envelope.ok ? 200 : envelope.error.code === 'INTERNAL' ? 500 : 400, encodeWire(envelope));
        })();
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'BAD_ARGS', '不支持的请求方法。');
    serveStatic(opts.staticDir, url.pathname, res);
  });
  // Malformed requests get a plain 400, never a stack trace.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 300_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('请求地址无效');
    return;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = path.resolve(root, `.${path.posix.normalize(rel)}`);
  const headers = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  if (!file.startsWith(path.resolve(root) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    const index = path.join(root, 'index.html');
    if (!existsSync(index)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('界面尚未构建：请先运行 npm run build。');
      return;
    }
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end('未找到');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
  });
  createReadStream(file).pipe(res);
}
