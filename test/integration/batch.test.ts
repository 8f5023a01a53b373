/**
 * Batches (issue 12) and bounded imports (issue 13): resumable batch imports (a real `fcr batch
 * import` killed with SIGKILL midway and run again), archives, per-file errors, and import workers
 * stopped by their time and memory limits while the service keeps answering.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/services/db';
import { createServices, type Services } from '../../electron/services/index';
import { errorsCsv } from '../../shared/batch';
import { cli } from '../helpers/cli';
import { CORPUS, fixture, REPO, tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services | null = null;
beforeEach(() => (tmp = tempDir('fcr-batch-')));
afterEach(() => {
  services?.close();
  services = null;
  tmp.cleanup();
});

const labelled = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; category: string });
const clauses = labelled.map((c) => c.text);
/** Clauses the corpus labels as problems (documents built from them get findings). */
const flagged = labelled.filter((c) => c.category !== 'none').map((c) => c.text);

/** `n` small distinct .txt documents built from the corpus clauses. */
function generate(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const body = [0, 1, 2].map((k) => `第${['一', '二', '三'][k]}条 ${clauses[(i * 3 + k) % clauses.length]}`);
    const sub = path.join(dir, `part${i % 4}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `doc${String(i).padStart(3, '0')}.txt`), [`文件 ${i} 号`, ...body].join('\n'));
  }
}

function runFcr(args: string[], onLine?: (line: string, kill: () => void) => void) {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'fcr.mjs'), ...args], { stdio: 'pipe' });
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      onLine?.(line, () => child.kill('SIGKILL'));
    }
  });
  child.stderr.resume();
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
}

describe('batch import', () => {
  it('resumes after SIGKILL midway: every file stored exactly once, the store intact', async () => {
    const folder = path.join(tmp.dir, 'files');
    const data = path.join(tmp.dir, 'data');
    generate(folder, 200);
    expect((await cli('batch', 'create', '抽查一', '--kind', 'sampling', '--data-dir', data)).code).toBe(0);

    const first = await runFcr(['batch', 'import', '抽查一', folder, '--data-dir', data], (line, kill) => {
      const m = /^(\d+)\/200/.exec(line);
      if (m && Number(m[1]) >= 40) kill();
    });
    expect(first.signal).toBe('SIGKILL');
    const db = () => new Database(path.join(data, DB_FILE_NAME), { readonly: true });
    let d = db();
    const doneBefore = (d.prepare("SELECT COUNT(*) AS n FROM batch_items WHERE state = 'done'").get() as { n: number })
      .n;
    d.close();
    expect(doneBefore).toBeGreaterThanOrEqual(40);
    expect(doneBefore).toBeLessThan(200);

    const second = await runFcr(['batch', 'import', '抽查一', folder, '--data-dir', data]);
    expect(second.code).toBe(0);

    d = db();
    const one = (sql: string) => (d.prepare(sql).get() as { n: number | string }).n;
    expect(one('SELECT integrity_check AS n FROM pragma_integrity_check')).toBe('ok');
    expect(one('SELECT COUNT(*) AS n FROM documents')).toBe(200);
    expect(one('SELECT COUNT(DISTINCT file_name) AS n FROM documents')).toBe(200);
    expect(one("SELECT COUNT(*) AS n FROM batch_items WHERE state = 'done' AND document_id IS NOT NULL")).toBe(200);
    expect(one('SELECT COUNT(DISTINCT document_id) AS n FROM batch_items')).toBe(200);
    expect(one("SELECT COUNT(*) AS n FROM batch_items WHERE state <> 'done'")).toBe(0);
    // No document without its item, no item pointing nowhere, one import audit entry per document.
    expect(
      one(
        'SELECT COUNT(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM batch_items b WHERE b.document_id = d.id)',
      ),
    ).toBe(0);
    expect(
      one(
        'SELECT COUNT(*) AS n FROM batch_items b WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = b.document_id)',
      ),
    ).toBe(0);
    expect(one("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.import'")).toBe(200);
    d.close();

    const status = await cli('batch', 'status', '抽查一', '--format', 'json', '--data-dir', data);
    expect(JSON.parse(status.out).counts).toEqual({ total: 200, pending: 0, done: 200, failed: 0 });
  }, 240_000);

  it('imports a folder with a .zip archive; per-file errors are listed, exportable and never stop the batch', async () => {
    const folder = path.join(tmp.dir, '材料');
    generate(path.join(folder, '正文'), 3);
    writeFileSync(path.join(folder, '空白.txt'), '');
    writeFileSync(path.join(folder, '说明.xlsx'), 'not picked up: not a document format');
    const zip = zipSync({
      '甲/一.txt': strToU8('关于一的通知\n第一条 内容甲。'),
      '乙/二.html': strToU8('<html><body><p>关于二的通知</p><p>第一条 内容乙。</p></body></html>'),
      '坏.pdf': strToU8('%PDF-1.4 this is not a pdf'),
    });
    writeFileSync(path.join(folder, '报送.zip'), zip);
    writeFileSync(path.join(folder, '坏包.zip'), 'PK not really a zip');
    services = createServices(path.join(tmp.dir, 'data'), { workers: 2 });
    const b = await services.api.createBatch({ name: '评估', kind: 'evaluation', body: '某评估机构' });
    expect((await cli('batch', 'import', '评估', folder, '--data-dir', path.join(tmp.dir, 'data'))).code).toBe(1);

    const s = await services.api.getBatch({ id: b.id });
    expect(s.counts).toMatchObject({ done: 5, failed: 3, pending: 0 });
    expect(s.errors.map((e) => e.path)).toEqual(['材料/坏包.zip', '材料/空白.txt', '材料/报送.zip/坏.pdf'].sort());
    for (const e of s.errors) expect(e.message).toContain(e.path.split('/').pop());
    const csv = errorsCsv(s.errors);
    expect(csv.split('\r\n')[0]).toBe('\ufeff文件,错误');
    expect(csv).toContain('材料/空白.txt,「空白.txt」是空文件');
    expect(
      (await cli('batch', 'status', '评估', '--format', 'csv', '--data-dir', path.join(tmp.dir, 'data'))).out,
    ).toBe(csv.replace(/\r\n$/, ''));
  }, 120_000);

  it('imports uploaded files through the API, skips those already done, and cancels', async () => {
    services = createServices(path.join(tmp.dir, 'data'), { workers: 1 });
    const b = await services.api.createBatch({ name: '清理', kind: 'cleanup' });
    const files = Array.from({ length: 6 }, (_, i) => ({
      path: `上传/${i}.txt`,
      bytes: strToU8(`通知 ${i}\n第一条 ${clauses[i]}`),
    }));
    let s = await services.api.importIntoBatch({ id: b.id, files: files.slice(0, 2) });
    expect(s.counts).toMatchObject({ total: 2, done: 2 });
    const running = services.api.importIntoBatch({ id: b.id, files });
    await services.api.cancelBatchImport({ id: b.id });
    s = await running;
    expect(s.running?.cancelled).toBe(true);
    expect(s.running!.total).toBe(4);
    expect(s.counts.done + s.counts.pending).toBe(6);
    expect(s.counts.pending).toBeGreaterThan(0);
    s = await services.api.importIntoBatch({ id: b.id, files });
    expect(s.counts).toEqual({ total: 6, pending: 0, done: 6, failed: 0 });
    expect(s.running!.total).toBeLessThan(6);
    // Batch documents are searchable, and indexed once the batch is done.
    expect((await services.api.search({ query: clauses[5]!.slice(0, 8) })).length).toBeGreaterThan(0);
    await expect.poll(() => services!.library.search.pendingCount).toBe(0);
  }, 120_000);
});

describe('batch import in worker threads', () => {
  /** What each file became: its text, structure, fingerprint and findings, without the folder's ids. */
  function stored(s: Services) {
    const docs = s.db
      .prepare(
        'SELECT id, file_name, title, text, type, fingerprint, shingles, ruleset_version FROM documents ORDER BY file_name',
      )
      .all() as { id: number; file_name: string }[];
    return docs.map(({ id, ...doc }) => ({
      ...doc,
      blocks: s.db
        .prepare(
          'SELECT seq, kind, start_offset, end_offset, level, page FROM blocks WHERE document_id = ? ORDER BY seq',
        )
        .all(id),
      clauses: s.db
        .prepare(
          'SELECT seq, clause_id, parent_seq, label, start_offset, end_offset FROM clauses WHERE document_id = ?',
        )
        .all(id),
      findings: s.db
        .prepare(
          `SELECT rule_id, standard_id, category, level, start_offset, end_offset, clause_id, clause_label, clause_hash,
                  matched_text, ruleset_version FROM findings WHERE document_id = ? ORDER BY id`,
        )
        .all(id),
    }));
  }

  it('stores the same documents and findings as extraction and scanning in one thread', async () => {
    const names = [
      ['documents', 'banfa.docx'],
      ['documents', 'zhejiang.pdf'],
      ['documents', 'typeset-legal.docx'],
      ['documents', 'banfa.html'],
      ['txt', 'gb18030-yaopin.txt'],
      ['ofd', 'gongwen-han.ofd'],
    ];
    const sources = names.map(([dir, name]) => {
      const bytes = readFileSync(fixture(dir!, name!));
      return { path: `材料/${name}`, size: bytes.byteLength, read: () => bytes };
    });
    for (const i of [0, 1]) {
      const bytes = strToU8([`关于第 ${i} 号办法的通知`, ...flagged.slice(i * 12, i * 12 + 12)].join('\n'));
      names.push(['', `生成${i}.txt`]);
      sources.push({ path: `材料/生成${i}.txt`, size: bytes.byteLength, read: () => Buffer.from(bytes) });
    }
    const results = [];
    for (const workers of [0, 2]) {
      const s = createServices(path.join(tmp.dir, `data-${workers}`), { workers });
      try {
        const b = await s.api.createBatch({ name: `w${workers}`, kind: 'evaluation' });
        const status = await s.batches.import(b.id, sources);
        expect(status.counts).toMatchObject({ done: names.length, failed: 0 });
        results.push(stored(s));
      } finally {
        s.close();
      }
    }
    const [oneThread, workers] = results;
    expect(oneThread!.map((d) => d.file_name)).toEqual(names.map(([, n]) => n).sort());
    expect(oneThread!.reduce((n, d) => n + d.findings.length, 0)).toBeGreaterThan(10);
    expect(workers).toEqual(oneThread);
  }, 120_000);
});

describe('review bundles in a batch', () => {
  it('imports agencies’ bundles, by name or by content, signature checked; a bad bundle is a per-file error', async () => {
    // Two agencies review a document each and export their bundles.
    const agency = createServices(path.join(tmp.dir, 'agency'), { workers: 1 });
    const bundles: Uint8Array[] = [];
    try {
      for (const i of [0, 1]) {
        const text = `关于第 ${i} 号试点的通知\n第一条 ${flagged[i * 2]}\n第二条 ${flagged[i * 2 + 1]}`;
        const r = await agency.api.importDocument({ name: `通知${i}.txt`, bytes: strToU8(text) });
        bundles.push((await agency.api.exportBundle({ documentId: r.document.id })).bytes);
      }
    } finally {
      agency.close();
    }
    const folder = path.join(tmp.dir, '报送');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '甲局.fcrbundle'), bundles[0]!);
    // The same bundle renamed .zip is recognised by its content (and imported once).
    writeFileSync(path.join(folder, '甲局审查包.zip'), bundles[0]!);
    writeFileSync(path.join(folder, '乙局报送.zip'), zipSync({ '乙局/审查包.fcrbundle': bundles[1]! }));
    const tampered = Uint8Array.from(bundles[1]!);
    tampered[200] = tampered[200]! ^ 0xff;
    writeFileSync(path.join(folder, '丙局.fcrbundle'), tampered);
    writeFileSync(path.join(folder, '丁局.fcrbundle'), '这不是审查包');
    writeFileSync(path.join(folder, '正文.txt'), `关于另一事项的通知\n第一条 ${clauses[9]}`);

    const data = path.join(tmp.dir, 'office');
    expect((await cli('batch', 'create', '抽查', '--kind', 'sampling', '--data-dir', data)).code).toBe(0);
    const run = await cli('batch', 'import', '抽查', folder, '--data-dir', data);
    expect(run.code).toBe(1);

    services = createServices(data, { workers: 1 });
    const b = (await services.api.listBatches({}))[0]!;
    const s = await services.api.getBatch({ id: b.id });
    expect(s.counts).toEqual({ total: 6, pending: 0, done: 4, failed: 2 });
    expect(s.errors.map((e) => e.path)).toEqual(['报送/丁局.fcrbundle', '报送/丙局.fcrbundle']);
    expect(s.errors[0]!.message).toBe('「丁局.fcrbundle」不是审查助手的审查包（.fcrbundle），无法作为审查包导入。');
    expect(s.errors[1]!.message).toMatch(/^审查包「丙局\.fcrbundle」(的签名校验失败|.*与清单不符)/);
    expect(run.err).toContain('失败：报送/丙局.fcrbundle：审查包「丙局.fcrbundle」');

    const rows = services.db
      .prepare(
        `SELECT b.path, d.file_name, r.signer_unit IS NOT NULL AS bundled FROM batch_items b
           JOIN documents d ON d.id = b.document_id LEFT JOIN received_bundles r ON r.document_id = d.id
          WHERE b.state = 'done' ORDER BY b.path`,
      )
      .all();
    expect(rows).toEqual([
      { path: '报送/乙局报送.zip/乙局/审查包.fcrbundle', file_name: '通知1.txt', bundled: 1 },
      { path: '报送/正文.txt', file_name: '正文.txt', bundled: 0 },
      { path: '报送/甲局.fcrbundle', file_name: '通知0.txt', bundled: 1 },
      { path: '报送/甲局审查包.zip', file_name: '通知0.txt', bundled: 1 },
    ]);
    const one = (sql: string) => (services!.db.prepare(sql).get() as { n: number }).n;
    expect(one('SELECT COUNT(*) AS n FROM received_bundles')).toBe(2);
    expect(one("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'bundle.import'")).toBe(2);
    // The bundled documents arrive with the agency's findings.
    expect(
      one(
        "SELECT COUNT(*) AS n FROM findings f JOIN documents d ON d.id = f.document_id WHERE d.file_name LIKE '通知%'",
      ),
    ).toBeGreaterThan(0);
  }, 120_000);
});

describe('bounded imports (import workers)', () => {
  it('stops a file that would hang at the time limit with a clear message, while other calls are answered', async () => {
    services = createServices(path.join(tmp.dir, 'data'), { limits: { timeoutMs: 2000 } });
    const api = services.api;
    const deep = strToU8(`<html><body>${'<div>'.repeat(200_000)}第一条 内容${'</div>'.repeat(200_000)}</body></html>`);
    const order: string[] = [];
    const importing = api.importDocument({ name: 'deep.html', bytes: deep }).then(
      () => order.push('import ok'),
      (err: Error) => order.push(`import failed: ${err.message}`),
    );
    await api.listDocuments({}).then(() => order.push('list'));
    await importing;
    expect(order[0]).toBe('list');
    expect(order[1]).toMatch(/^import failed: 「deep\.html」(处理超时（超过 2 秒）|.*嵌套)/);
    // The service still imports after a worker was stopped.
    const ok = await api.importDocument({ name: 'ok.txt', bytes: strToU8('关于某事的通知\n第一条 内容。') });
    expect(ok.duplicate).toBe(false);
    expect(await api.listDocuments({})).toHaveLength(1);
  }, 60_000);

  it('stops a file that needs more memory than the worker may use, naming the file and the limit', async () => {
    // The text limit (5,000,000 characters) would refuse the file first: raised, so that the heap cap is what stops it.
    services = createServices(path.join(tmp.dir, 'data'), { workerHeapMb: 16, limits: { maxTextChars: 50_000_000 } });
    const big = strToU8(
      Array.from({ length: 120_000 }, (_, i) => `第${i + 1}条 ${clauses[i % clauses.length]}`).join('\n'),
    );
    await expect(services.api.importDocument({ name: 'big.txt', bytes: big })).rejects.toThrow(
      /「big\.txt」处理时占用内存超过上限（16 MB）/,
    );
    expect(await services.api.listDocuments({})).toHaveLength(0);
  }, 60_000);

  it('imports the files waiting in a worker that is stopped: they go to its replacement', async () => {
    // One worker, which takes the next files while the first runs; the first exceeds its heap cap.
    services = createServices(path.join(tmp.dir, 'data'), {
      workers: 1,
      workerHeapMb: 16,
      limits: { maxTextChars: 50_000_000 },
    });
    const big = strToU8(
      Array.from({ length: 120_000 }, (_, i) => `第${i + 1}条 ${clauses[i % clauses.length]}`).join('\n'),
    );
    const small = (i: number) => strToU8(`关于第 ${i} 件事的通知\n第一条 ${clauses[i]}`);
    const results = await Promise.allSettled([
      services.api.importDocument({ name: 'big.txt', bytes: big }),
      ...[1, 2, 3].map((i) => services!.api.importDocument({ name: `small${i}.txt`, bytes: small(i) })),
    ]);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/「big\.txt」/) },
    });
    expect(results.slice(1).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect((await services.api.listDocuments({})).map((d) => d.fileName).sort()).toEqual([
      'small1.txt',
      'small2.txt',
      'small3.txt',
    ]);
  }, 60_000);
});
