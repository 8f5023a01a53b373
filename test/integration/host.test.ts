import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, tokenMatches, type RunningHost } from '../../electron/host/server';
import { createServices, type Services } from '../../electron/services/index';
import { decodeWire, encodeWire } from '../../shared/wire';
import { tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let host: RunningHost;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices(path.join(tmp.dir, 'data'));
  const web = path.join(tmp.dir, 'web');
  mkdirSync(web);
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>审查助手</title>');
  host = await startHost({ api: services.api, staticDir: web });
});
afterAll(async () => {
  await host.close();
  services.close();
  tmp.cleanup();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP so that Host and Origin headers can be forged exactly as an attacker would. */
function request(method: string, pathname: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method, path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const good = () => ({
  'content-type': 'application/json',
  authorization: `Bearer ${host.token}`,
  origin: host.origin,
});

describe('browser host', () => {
  it('listens on loopback only and prints a URL carrying the token in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers an authorised call through the real services', async () => {
    const bytes = new TextEncoder().encode('关于公平竞争审查的通知\n正文。');
    const imp = await request('POST', '/api/importDocument', good(), encodeWire({ name: '通知.txt', bytes }));
    expect(imp.status).toBe(200);
    expect(decodeWire(imp.body)).toMatchObject({ ok: true, result: { document: { title: '关于公平竞争审查的通知' } } });
    const list = await request('POST', '/api/listDocuments', good(), '{}');
    expect(JSON.parse(list.body)).toMatchObject({ ok: true, result: [{ fileName: '通知.txt' }] });
  });

  it('refuses a call without the token or with a wrong one', async () => {
    const { authorization: _a, ...noToken } = good();
    const r1 = await request('POST', '/api/listDocuments', noToken, '{}');
    expect(r1.status).toBe(401);
    expect(JSON.parse(r1.body).error.message).toContain('访问令牌');
    const r2 = await request(
      'POST',
      '/api/listDocuments',
      { ...good(), authorization: `Bearer ${'0'.repeat(64)}` },
      '{}',
    );
    expect(r2.status).toBe(401);
  });

  it('compares the token exactly: no prefix, suffix, case or spacing variant passes', async () => {
    for (const authorization of [
      `Bearer ${host.token} x`,
      `Bearer ${host.token}0`,
      `Bearer ${host.token.slice(0, -1)}`,
      `Bearer  ${host.token}`,
      `bearer ${host.token}`,
      `Bearer ${host.token.toUpperCase()}`,
      `Bearer ${host.token}\u00a0`,
      host.token,
    ]) {
      const r = await request('POST', '/api/listDocuments', { ...good(), authorization }, '{}');
      expect(r.status, authorization).toBe(401);
    }
    expect(tokenMatches(`Bearer ${host.token} `, host.token)).toBe(false);
    expect(tokenMatches(undefined, host.token)).toBe(false);
    expect(tokenMatches(`Bearer ${host.token}`, host.token)).toBe(true);
  });

  it('limits request sizes: only an import may carry a file', async () => {
    const big = JSON.stringify({ deleted: false, pad: 'x'.repeat(2 * 1024 * 1024) });
    const r = await request('POST', '/api/listDocuments', good(), big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('TOO_LARGE');
  });

  it('answers errors without stack traces', async () => {
    const r = await request('POST', '/api/getDocument', good(), '{"id":999999}');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body).not.toMatch(/\s+at\s|\.ts:\d+|node:internal/);
    const bad = await request('GET', '/%E0%A4%A', {});
    expect(bad.status).toBe(400);
    expect(bad.body).not.toMatch(/URIError|\s+at\s/);
  });

  it('refuses a call from a foreign Origin even with the token', async () => {
    const r = await request('POST', '/api/listDocuments', { ...good(), origin: 'http://evil.example' }, '{}');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('UNAUTHORIZED');
    const r2 = await request('POST', '/api/listDocuments', { ...good(), origin: 'null' }, '{}');
    expect(r2.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await request('POST', '/api/listDocuments', { ...good(), host: `evil.example:${host.port}` }, '{}');
    expect(r.status).toBe(403);
    const page = await request('GET', '/', { host: 'evil.example' });
    expect(page.status).toBe(403);
  });

  it('refuses non-JSON bodies, GET on the API, unknown methods and bad arguments', async () => {
    expect(
      (await request('POST', '/api/listDocuments', { ...good(), 'content-type': 'text/plain' }, '{}')).status,
    ).toBe(415);
    expect((await request('GET', '/api/listDocuments', good())).status).toBe(405);
    expect((await request('POST', '/api/constructor', good(), '{}')).status).toBe(404);
    const bad = await request('POST', '/api/getDocument', good(), '{"id":"1"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'BAD_ARGS' });
    const broken = await request('POST', '/api/getDocument', good(), '{not json');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.message).toBe('请求体不是有效的 JSON。');
  });

  it('serves the UI with a strict CSP and never outside its folder', async () => {
    const page = await request('GET', '/', {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('审查助手');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await request('GET', '/../../../../etc/passwd', {});
    expect(escape.body).not.toContain('root:');
    const encoded = await request('GET', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', {});
    expect(encoded.body).not.toContain('root:');
    // A file right beside the served folder is out of reach too.
    writeFileSync(path.join(tmp.dir, 'secret.txt'), 'SECRET');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const r = await request('GET', p, {});
      expect(r.body, p).not.toContain('SECRET');
    }
  });
});
