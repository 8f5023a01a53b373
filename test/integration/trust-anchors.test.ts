/**
 * Issue 13: the audit chain head goes out, signed, with every bundle, package, ledger and backup; a
 * later rewrite or truncation of the chain disagrees with an anchor handed out, and verification
 * names it (from the folder's kept list, or read back from the exported file when that list is
 * gone). Bundles carry their part of the chain, which the receiving side verifies; a changed byte
 * in any part of a bundle is refused with a message naming the part.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHORS_FILE } from '../../electron/services/audit';
import { DB_FILE_NAME } from '../../electron/services/db';
import { createServices, type Services } from '../../electron/services/index';
import { openSignedZip, writeSignedZip } from '../../electron/services/export/signed-zip';
import { dataFolderKey } from '../../electron/services/keys';
import { cli } from '../helpers/cli';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { finishReview } from '../helpers/finished-review';
import { tempDir } from '../helpers/paths';
import { useTempServices } from '../helpers/temp-services';
import { tamper, verifyFolder } from '../helpers/tamper';

const enc = (s: string) => new TextEncoder().encode(s);
const BUNDLE = '关于支持本市产业发展的若干措施.fcrbundle';

const { newDir, services, closeAll } = useTempServices();

/** A data folder with one finished review; returns it with the document's id. */
async function reviewedFolder(): Promise<{ dir: string; s: Services; id: number }> {
  const dir = newDir();
  const s = services(dir);
  const id = (await s.api.importDocument({ name: '草案.txt', bytes: enc(DRAFT) })).document.id;
  await finishReview(s.api, id);
  return { dir, s, id };
}

const chainHash = (prev: string, fields: (string | null)[]) =>
  createHash('sha256')
    .update(JSON.stringify([prev, ...fields]))
    .digest('hex');

/** Changes one entry's actor and recomputes every hash, so the chain is consistent again. */
function rewriteChain(dir: string, id = 2): void {
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, string | null>[];
  db.close();
  let prev = '0'.repeat(64);
  const updates = rows.map((r) => {
    const actor = Number(r.id) === id ? '别人' : r.actor;
    const hash = chainHash(prev, [r.at!, actor ?? null, r.action!, r.subject ?? null, r.detail ?? null]);
    const sql = `UPDATE audit_log SET actor = '${actor}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${r.id};`;
    prev = hash;
    return sql;
  });
  tamper(dir, updates.join('\n'));
}

function deleteTail(dir: string, rows: number): void {
  tamper(
    dir,
    `DELETE FROM audit_log WHERE id > (SELECT MAX(id) FROM audit_log) - ${rows};
     UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM audit_log) WHERE name = 'audit_log';`,
  );
}

describe('anchors handed out with exports (issue 13)', () => {
  it('a chain rewritten after a bundle went out disagrees with the bundle’s anchor, which the report names', async () => {
    const { dir, s, id } = await reviewedFolder();
    const out = await s.api.exportBundle({ documentId: id });
    const { anchor } = openSignedZip('x', out.bytes, 'fcr-review-bundle', 1).manifest;
    expect(anchor).toMatchObject({ issuedFor: `审查包「${BUNDLE}」`, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(anchor!.count).toBe((s.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n);
    closeAll();
    rewriteChain(dir);
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(
      new RegExp(`前 ${anchor!.count} 条与 .* 随审查包「${BUNDLE}」签发的锚点不符：记录被改写过`),
    );
    const viaCli = await cli('audit', 'verify', '--data-dir', dir);
    expect(viaCli.code).toBe(1);
    expect(viaCli.err).toContain(`随审查包「${BUNDLE}」签发的锚点不符`);
  });

  it('a tail deleted after a ledger went out (the sequence reset too) falls short of the ledger’s anchor', async () => {
    const { dir, s } = await reviewedFolder();
    const ledger = await s.api.exportLedger({ format: 'xlsx' });
    closeAll();
    deleteTail(dir, 3);
    const r = verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(
      new RegExp(`少于 .* 随台账「${ledger.fileName}」签发的锚点记载的 \\d+ 条：末尾的记录被删除`),
    );
  });

  it('with the kept anchors deleted too, fcr audit verify FILE still catches it from each kind of exported file', async () => {
    const { dir, s, id } = await reviewedFolder();
    const outDir = newDir();
    const save = (name: string, bytes: Uint8Array) => {
      const file = path.join(outDir, name);
      writeFileSync(file, bytes);
      return file;
    };
    const files = {
      bundle: save('a.fcrbundle', (await s.api.exportBundle({ documentId: id })).bytes),
      package: save('b.zip', (await s.api.exportPackage({ documentId: id })).bytes),
      xlsx: save('c.xlsx', (await s.api.exportLedger({ format: 'xlsx' })).bytes),
      csv: save('d.csv', (await s.api.exportLedger({ format: 'csv', sheet: 'findings' })).bytes),
      backup: `${(await s.api.createBackup({})).path}.anchor.json`,
    };
    closeAll();
    // Intact: every file's anchor agrees.
    const ok = await cli('audit', 'verify', ...Object.values(files), '--data-dir', dir);
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/审计日志完好[\s\S]*与已签发的 5 个锚点一致/) });

    rewriteChain(dir);
    rmSync(path.join(dir, ANCHORS_FILE));
    // Without its kept anchors the folder cannot tell…
    expect(verifyFolder(dir).ok).toBe(true);
    // …but every file handed out can.
    const named = {
      bundle: /随审查包「.*\.fcrbundle」签发的锚点不符/,
      package: /随送审材料包「.*-送审材料\.zip」签发的锚点不符/,
      xlsx: /随台账「公平竞争审查台账-.*\.xlsx」签发的锚点不符/,
      csv: /随台账「公平竞争问题台账-.*\.csv」签发的锚点不符/,
      backup: /随备份「fcr-.*-manual\.sqlite3」签发的锚点不符/,
    };
    for (const [kind, file] of Object.entries(files)) {
      const r = await cli('audit', 'verify', file, '--data-dir', dir);
      expect(r.code, kind).toBe(1);
      expect(r.err, kind).toMatch(named[kind as keyof typeof named]);
    }
  });

  it('an anchor from another data folder is named and not used; a file without one is refused', async () => {
    const { dir, s, id } = await reviewedFolder();
    const other = services(newDir());
    const theirs = path.join(newDir(), 'theirs.json');
    writeFileSync(theirs, JSON.stringify(other.currentAnchor('测试')));
    const bundle = path.join(newDir(), 'x.fcrbundle');
    writeFileSync(bundle, (await s.api.exportBundle({ documentId: id })).bytes);
    closeAll();
    const r = await cli('audit', 'verify', theirs, bundle, '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/随测试签发的锚点不是本数据文件夹的密钥签发的（密钥指纹 [0-9A-F ]+），未用于核对/);
    const plain = path.join(newDir(), 'plain.csv');
    writeFileSync(plain, '编号,标题\r\n1,x\r\n');
    expect((await cli('audit', 'verify', plain, '--data-dir', dir)).err).toMatch(/「plain\.csv」中没有审计锚点/);
  });
});

/** Each zip entry's name and where its (compressed) data lies, from the local headers. */
function zipParts(bytes: Uint8Array): { path: string; start: number; end: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: { path: string; start: number; end: number }[] = [];
  for (let p = 0; view.getUint32(p, true) === 0x04034b50;) {
    const size = view.getUint32(p + 18, true);
    const nameLength = view.getUint16(p + 26, true);
    const extra = view.getUint16(p + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 30, p + 30 + nameLength));
    const start = p + 30 + nameLength + extra;
    parts.push({ path: name, start, end: start + size });
    p = start + size;
  }
  return parts;
}

describe('bundles carry their part of the chain (issue 13)', () => {
  it('refuses a byte changed in each part of a real bundle, naming the part', async () => {
    const { s, id } = await reviewedFolder();
    const { bytes } = await s.api.exportBundle({ documentId: id });
    const b = services(newDir());
    const parts = zipParts(bytes);
    expect(parts.map((p) => p.path)).toEqual(
      expect.arrayContaining(['manifest.json', 'document.json', 'audit.json', 'review.json', 'original/草案.txt']),
    );
    for (const part of parts) {
      // (Not the very last byte: a deflate stream may end in padding bits.)
      for (const at of [part.start, Math.floor((part.start + part.end) / 2), part.end - 2]) {
        const bad = bytes.slice();
        bad[at] = bad[at]! ^ 0x04;
        const named = part.path === 'manifest.json' ? '清单「manifest.json」' : `其中的「${part.path}」`;
        await expect(b.api.importBundle({ name: '改.fcrbundle', bytes: bad }), `${part.path} @${at}`).rejects.toThrow(
          `「改.fcrbundle」的签名校验失败：${named}在签名后被改动或已损坏，已拒绝导入。`,
        );
      }
    }
    // The directory and the signature itself.
    const comment = bytes.length - 88 - 2;
    for (const at of [parts.at(-1)!.end + 10, comment, bytes.length - 1]) {
      const bad = bytes.slice();
      bad[at] = bad[at]! ^ 0x04;
      await expect(b.api.importBundle({ name: '改.fcrbundle', bytes: bad }), `@${at}`).rejects.toThrow(
        /「改\.fcrbundle」的签名(校验失败|已损坏).*在签名后被改动或已损坏，已拒绝导入/,
      );
    }
    expect(await b.api.listDocuments({})).toEqual([]);
  });

  it('names the manifest for a change anywhere in it, also one that still reads as JSON', async () => {
    const { s, id } = await reviewedFolder();
    const { bytes } = await s.api.exportBundle({ documentId: id });
    const b = services(newDir());
    const manifest = zipParts(bytes).find((p) => p.path === 'manifest.json')!;
    // Every byte of the stored manifest (a renamed field or a changed listed hash still parses).
    for (let at = manifest.start; at < manifest.end - 1; at++) {
      const bad = bytes.slice();
      bad[at] = bad[at]! ^ 0x04;
      await expect(b.api.importBundle({ name: '改.fcrbundle', bytes: bad }), `@${at}`).rejects.toThrow(
        '「改.fcrbundle」的签名校验失败：清单「manifest.json」在签名后被改动或已损坏，已拒绝导入。',
      );
    }
  });

  describe('re-signed after a change (so the outer signature holds)', () => {
    // One sender for these cases: its folder and the bundle it exported.
    let sender: { dir: string; bundle: Uint8Array; cleanup: () => void };
    beforeAll(async () => {
      const tmp = tempDir();
      const s = createServices(tmp.dir);
      const id = (await s.api.importDocument({ name: '草案.txt', bytes: enc(DRAFT) })).document.id;
      await finishReview(s.api, id);
      const bundle = (await s.api.exportBundle({ documentId: id })).bytes;
      s.close();
      sender = { dir: tmp.dir, bundle, cleanup: tmp.cleanup };
    });
    afterAll(() => sender.cleanup());

    /** The bundle with `edit` applied to its files, signed again with `key` (the sender's by default). */
    async function resigned(
      edit: (files: Record<string, Uint8Array>, records: Record<string, unknown>[]) => Record<string, unknown>[],
      opts: { key?: ReturnType<typeof dataFolderKey>; anchor?: (a: object) => object } = {},
    ): Promise<{ bytes: Uint8Array; b: Services }> {
      const { dir, bundle: original } = sender;
      const { manifest, files } = openSignedZip('x', original, 'fcr-review-bundle', 1);
      const all = Object.fromEntries(files);
      const records = JSON.parse(new TextDecoder().decode(all['audit.json'])) as Record<string, unknown>[];
      all['audit.json'] = enc(`${JSON.stringify(edit(all, records), null, 1)}\n`);
      const anchor = opts.anchor ? (opts.anchor(manifest.anchor!) as typeof manifest.anchor) : manifest.anchor;
      const bytes = writeSignedZip(
        { kind: manifest.kind, schemaVersion: 1, app: manifest.app, createdAt: manifest.createdAt, anchor },
        all,
        opts.key ?? dataFolderKey(dir),
        manifest.signer,
      );
      return { bytes, b: services(newDir()) };
    }

    const rehash = (records: Record<string, unknown>[], from: number) => {
      for (let i = from; i < records.length; i++) {
        const r = records[i]!;
        if (i > from) r.prevHash = records[i - 1]!.hash;
        r.hash = chainHash(r.prevHash as string, [
          r.at as string,
          r.actor as string,
          r.action as string,
          r.subject as string | null,
          r.detail as string | null,
        ]);
      }
      return records;
    };
    const refused = async (bytes: Uint8Array, b: Services, message: RegExp) => {
      await expect(b.api.importBundle({ name: '改.fcrbundle', bytes })).rejects.toThrow(message);
      expect(await b.api.listDocuments({})).toEqual([]);
    };
    const TAIL = /审查包中的审计记录与发送方的审计日志不一致，已拒绝导入/;

    it('an untouched re-signed bundle imports (the check itself passes)', async () => {
      const { bytes, b } = await resigned((_, r) => r);
      expect((await b.api.importBundle({ name: 'x.fcrbundle', bytes })).duplicate).toBe(false);
    });

    it('an entry edited without its hash', async () => {
      const { bytes, b } = await resigned((_, r) => ((r.at(-2)!.actor = '别人'), r));
      await refused(bytes, b, new RegExp(`第 \\d+ 条审计记录（.*）与其哈希不符（记录被改动过）.*${TAIL.source}`));
    });

    it('an entry edited with its own hash recomputed no longer links to the next', async () => {
      const { bytes, b } = await resigned((_, r) => {
        r[1]!.actor = '别人';
        return rehash(r.slice(0, 2), 1).concat(r.slice(2));
      });
      await refused(bytes, b, /第 3 条审计记录（.*）与前一条接不上（前一哈希不符/);
    });

    it('every hash recomputed after an edit disagrees with the anchor at the head', async () => {
      const { bytes, b } = await resigned((_, r) => ((r[1]!.actor = '别人'), rehash(r, 1)));
      await refused(bytes, b, /是锚点记载的链首，但哈希与锚点不符（记录被改写过）/);
    });

    it('entries put out of order', async () => {
      const { bytes, b } = await resigned((_, r) => [r[0]!, r[2]!, r[1]!, ...r.slice(3)]);
      await refused(bytes, b, /第 3 条审计记录（.*）顺序不对/);
    });

    it('an anchor with a changed count, and a bundle signed again with someone else’s key', async () => {
      const forged = await resigned((_, r) => r, { anchor: (a) => ({ ...a, count: 3 }) });
      await refused(forged.bytes, forged.b, /携带的审计锚点（.*）不是签名者签发的，或被改动过（锚点签名无效）/);
      const stranger = dataFolderKey(newDir());
      const other = await resigned((_, r) => r, { key: stranger });
      await refused(other.bytes, other.b, /携带的审计锚点（.*）不是签名者签发的/);
    });

    it('a document whose file was replaced (its digest and original changed to match) disagrees with its import entry', async () => {
      const { bytes, b } = await resigned((files, r) => {
        const doc = JSON.parse(new TextDecoder().decode(files['document.json'])) as Record<string, unknown>;
        const other = enc(`${DRAFT}\n（另一份）`);
        doc.sha256 = createHash('sha256').update(other).digest('hex');
        files['document.json'] = enc(`${JSON.stringify(doc, null, 1)}\n`);
        files[doc.original as string] = other;
        return r;
      });
      await refused(
        bytes,
        b,
        /中的文档（摘要 [0-9a-f]{12}…）不是第 1 条审计记录（.*document\.import）所记的文件.*文档内容被替换过/,
      );
    });
  });
});

describe('the backup anchor', () => {
  it('names the backup it went out with', async () => {
    const { s } = await reviewedFolder();
    const made = await s.api.createBackup({});
    const anchor = JSON.parse(readFileSync(`${made.path}.anchor.json`, 'utf8')) as { issuedFor: string };
    expect(anchor.issuedFor).toBe(`备份「${made.name}」`);
  });
});
