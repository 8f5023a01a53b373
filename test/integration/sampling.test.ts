/**
 * 抽查 (issue 12) against a real SQLite file: plans stored as records (never updated or deleted),
 * reproducible draws, 双随机 inspectors without conflicts, check records with their audit entries,
 * the agency's received review compared with the inspector's findings, and the published result
 * list read back from the .docx and the .xlsx.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCheckRecord, type CheckRecord } from '../../shared/check-record';
import { DB_FILE_NAME } from '../../electron/services/db';
import { createServices, type Services } from '../../electron/services/index';
import { readDocx } from '../helpers/docx';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
const open: Services[] = [];
beforeEach(() => (tmp = tempDir('fcr-sampling-')));
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  tmp.cleanup();
});

const ISSUERS = ['重庆市垫江县财政局', '浙江省杭州市商务局', '某某管理委员会'];

function start(name = 'data'): Services {
  const s = createServices(path.join(tmp.dir, name), { workers: 1 });
  open.push(s);
  return s;
}

/** A batch of `n` small measures with issuers set, through the real batch import. */
async function batchOf(s: Services, n: number): Promise<number> {
  const b = await s.api.createBatch({ name: '2025 年度抽查', kind: 'sampling', body: '某市市场监督管理局' });
  const enc = new TextEncoder();
  await s.batches.import(
    b.id,
    Array.from({ length: n }, (_, i) => {
      const bytes = enc.encode(
        `关于第${i + 1}号事项的通知\n第一条 本办法适用于第${i + 1}项工作。\n第二条 由有关部门负责实施。`,
      );
      return { path: `材料/${String(i).padStart(2, '0')}.txt`, size: bytes.byteLength, read: () => bytes };
    }),
  );
  const docs = await s.api.listDocuments({});
  for (const [i, d] of [...docs].sort((a, b) => a.id - b.id).entries()) {
    await s.api.updateDocumentMeta({
      id: d.id,
      title: d.title,
      docNumber: `某发〔2025〕${i + 1}号`,
      issuer: ISSUERS[i % ISSUERS.length]!,
      docDate: `2025-0${(i % 9) + 1}-01`,
    });
  }
  return b.id;
}

const record = (over: Partial<CheckRecord>): CheckRecord => ({ ...emptyCheckRecord(), ...over });

describe('抽查 sampling', () => {
  it('stores the plan as a record, draws reproducibly, assigns inspectors and keeps audited check records', async () => {
    const s = start();
    const batchId = await batchOf(s, 12);
    const options = await s.api.getSamplingOptions({ batchId });
    expect(options.populationSize).toBe(12);
    expect(options.regions).toEqual(['重庆市垫江县', '未知', '浙江省杭州市'].sort());

    const args = { batchId, seed: '2025-抽查-1', min: 4, ratio: 0.2, strata: 'region' as const };
    const one = await s.api.drawSample(args);
    expect(one.plan.size).toBe(4);
    expect(new Set(one.measures.map((m) => m.region ?? '未知'))).toEqual(
      new Set(['重庆市垫江县', '浙江省杭州市', null].map((r) => r ?? '未知')),
    );
    const two = await s.api.drawSample(args);
    expect(two.plan.id).not.toBe(one.plan.id);
    expect(two.measures.map((m) => m.documentId)).toEqual(one.measures.map((m) => m.documentId));
    const other = await s.api.drawSample({ ...args, seed: '另一个种子', min: 6, ratio: undefined, strata: 'none' });
    expect(other.plan.params).toMatchObject({ seed: '另一个种子', min: 6, strata: 'none' });
    expect((await s.api.listSamplePlans({ batchId })).map((p) => p.id)).toEqual([
      other.plan.id,
      two.plan.id,
      one.plan.id,
    ]);

    // The plan is a record: SQLite refuses to change or delete it.
    expect(() => s.db.prepare("UPDATE sample_plans SET seed = 'x' WHERE id = ?").run(one.plan.id)).toThrow(
      'sample plans are records',
    );
    expect(() => s.db.prepare('DELETE FROM sample_plans WHERE id = ?').run(one.plan.id)).toThrow('records');

    // 双随机: nobody checks their own unit; a roster with only the issuer's own staff is refused in words.
    const roster = [
      { name: '张三', unit: '重庆市垫江县财政局' },
      { name: '李四', unit: '浙江省杭州市商务局' },
      { name: '王五', unit: '某某管理委员会' },
    ];
    const assigned = await s.api.assignInspectors({ planId: one.plan.id, roster });
    for (const m of assigned.measures) {
      expect(m.inspectors).toHaveLength(1);
      expect(m.inspectors[0]!.unit).not.toBe(m.issuer);
    }
    const lonely = await s.api.drawSample({ ...args, strata: 'none', min: 12 });
    await expect(
      s.api.assignInspectors({ planId: lonely.plan.id, roster: [{ name: '张三', unit: '重庆市垫江县财政局' }] }),
    ).rejects.toThrow(/没有可指派的检查人员.*重庆市垫江县财政局/);

    // A check record with a problem picked from the document, a revision and an overdue deadline.
    const m = assigned.measures[0]!;
    const view = await s.api.getCheckRecord({ planId: one.plan.id, documentId: m.documentId });
    expect(view.record.disposition).toBeNull();
    const saved = await s.api.saveCheckRecord({
      planId: one.plan.id,
      documentId: m.documentId,
      record: record({
        checks: { ...emptyCheckRecord().checks, conclusion_accurate: { result: 'fail', note: '结论不准确' } },
        problems: [
          {
            kind: 'substantive',
            findingId: null,
            clause: '第一条',
            standard: 'M09-1',
            category: 'entry_exit',
            evidence: '本办法适用于',
            note: '限定经营',
          },
          { kind: 'procedural', type: 'no_consultation', note: '' },
        ],
        disposition: 'revise',
        deadline: '2020-01-31',
        status: 'pending',
        interviews: [{ date: '2020-03-01', who: '起草单位负责人', note: '逾期未整改' }],
      }),
    });
    expect(saved.measure).toMatchObject({ checked: true, problems: 2, disposition: 'revise', overdue: true });
    expect(saved.measure.daysOverdue).toBeGreaterThan(0);
    // Rectified: no longer overdue; unchanged saves write nothing.
    const done = await s.api.saveCheckRecord({
      planId: one.plan.id,
      documentId: m.documentId,
      record: {
        ...saved.record,
        status: 'done',
        publishedOn: '2020-02-10',
        publishedWhere: '市政府网站',
        reportFiledOn: '2020-02-15',
      },
    });
    expect(done.measure.overdue).toBe(false);
    await s.api.saveCheckRecord({ planId: one.plan.id, documentId: m.documentId, record: done.record });
    await expect(
      s.api.saveCheckRecord({
        planId: one.plan.id,
        documentId: m.documentId,
        record: { ...done.record, deadline: '2020/1/1' },
      }),
    ).rejects.toThrow('整改期限');
    await expect(s.api.assignInspectors({ planId: one.plan.id, roster })).rejects.toThrow('已有检查记录');

    const audit = s.db
      .prepare(
        "SELECT action, subject, detail FROM audit_log WHERE action LIKE 'sample.%' OR action = 'check.save' ORDER BY id",
      )
      .all() as { action: string; subject: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      'sample.draw',
      'sample.draw',
      'sample.draw',
      'sample.assign',
      'sample.draw',
      'check.save',
      'check.save',
    ]);
    expect(audit[0]!.subject).toBe(`sample:${one.plan.id}`);
    expect(JSON.parse(audit[6]!.detail).changes).toEqual([
      '整改状态：待整改 → 已整改',
      '公布日期：空 → 2020-02-10',
      '公布载体：空 → 市政府网站',
      '整改报告报送日期：空 → 2020-02-15',
    ]);
    expect(s.verifyAudit().ok).toBe(true);

    // The 重点抽查 weight of a body with earlier problems is now available and recorded.
    const weighted = await s.api.drawSample({ ...args, weights: { prior: 3 } });
    const priorDocs = weighted.plan.weights.filter((w) => w.weight === 3);
    expect(priorDocs.length).toBe(4);
    expect(priorDocs[0]!.reasons).toEqual(['发文单位曾被查出问题 ×3']);

    // The published result list.
    const docx = await s.api.exportSampleResults({ planId: one.plan.id, format: 'docx' });
    expect(docx.fileName).toBe('抽查结果-2025 年度抽查.docx');
    const text = readDocx(docx.bytes).paragraphs.join('\n');
    expect(text).toContain('公平竞争审查抽查结果');
    expect(text).toContain(m.title);
    expect(text).toContain(m.issuer!);
    expect(text).toContain('程序问题：未听取意见');
    expect(text).toContain('修订');
    expect(text).toContain('从 12 件政策措施中随机抽取 4 件（随机种子：2025-抽查-1），已完成检查 1 件，发现问题 1 件');
    const xlsx = await s.api.exportSampleResults({ planId: one.plan.id, format: 'xlsx' });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('抽查结果')!;
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '序号',
      '政策措施名称',
      '文号',
      '制定机关',
      '存在问题',
      '处理结果',
      '整改情况',
    ]);
    expect(ws.getCell(3, 2).value).toBe(m.title);
    expect(ws.getCell(3, 4).value).toBe(m.issuer);
    expect(String(ws.getCell(3, 5).value)).toContain('第一条');
    expect(ws.getCell(3, 6).value).toBe('修订');
    expect(String(ws.getCell(3, 7).value)).toContain('2020-02-10 公布于市政府网站');

    // The CLI prints the same draw for the same seed.
    s.close();
    open.splice(open.indexOf(s), 1);
    const out = await cli(
      'sample',
      '--batch',
      '2025 年度抽查',
      '--ratio',
      '0.2',
      '--min',
      '4',
      '--seed',
      '2025-抽查-1',
      '--strata',
      'region',
      '--format',
      'json',
      '--data-dir',
      path.join(tmp.dir, 'data'),
    );
    expect(out.code).toBe(0);
    const cliPlan = JSON.parse(out.out) as { plan: { drawn: { documentId: number }[] } };
    expect(cliPlan.plan.drawn.map((d) => d.documentId)).toEqual(one.measures.map((x) => x.documentId));
    const data = ['--data-dir', path.join(tmp.dir, 'data')];
    const rosterFile = path.join(tmp.dir, 'roster.csv');
    writeFileSync(rosterFile, '\uFEFF姓名,单位\n甲,重庆市垫江县财政局\n乙,浙江省杭州市商务局\n丙,某某管理委员会\n');
    const assignedCli = await cli('sample', 'assign', '--batch', '2025 年度抽查', '--roster', rosterFile, ...data);
    expect(assignedCli.code).toBe(0);
    expect(assignedCli.out).toMatch(/检查人员 [甲乙丙]（/);
    const shown = JSON.parse(
      (await cli('sample', 'show', '--batch', '2025 年度抽查', '--format', 'json', ...data)).out,
    ) as {
      measures: { issuer: string; inspectors: { unit: string }[] }[];
    };
    for (const m of shown.measures) expect(m.inspectors.map((i) => i.unit)).not.toContain(m.issuer);
    const outFile = path.join(tmp.dir, '结果.xlsx');
    const exported = await cli(
      'export',
      'results',
      '--batch',
      '2025 年度抽查',
      '--plan',
      String(one.plan.id),
      '--out',
      outFile,
      ...data,
    );
    expect(exported.code).toBe(0);
    expect(readFileSync(outFile).subarray(0, 2).toString()).toBe('PK');
    expect((await cli('sample', 'show', '999', '--batch', '2025 年度抽查', ...data)).err).toContain(
      '没有编号为 999 的抽样方案',
    );
    expect(
      (await cli('sample', '--batch', '2025 年度抽查', '--seed', 'x', '--min', '1', '--from', '2025/1/1', ...data)).err,
    ).toContain('起始日期应为 YYYY-MM-DD');
    const shownText = await cli('sample', 'show', String(one.plan.id), '--batch', '2025 年度抽查', ...data);
    expect(shownText.out).toContain('随机种子：2025-抽查-1；按地区；总体 12 件，抽取 4 件（比例 0.2，至少 4 件）');
    expect(shownText.out).toMatch(/逾期|修订/);
    expect((await cli('sample', '--batch', '2025 年度抽查', '--seed', 'x', '--min', '0', ...data)).err).toContain(
      '样本量为 0 件',
    );
    const d = new Database(path.join(tmp.dir, 'data', DB_FILE_NAME), { readonly: true });
    expect((d.prepare('SELECT COUNT(*) AS n FROM sample_plans').get() as { n: number }).n).toBe(6);
    d.close();
  }, 120_000);

  it('compares a received agency review with the inspector’s findings', async () => {
    // The agency reviews its measure and sends the bundle.
    const agency = start('agency');
    await agency.api.saveSettings({ reviewer: '起草人', unit: '浙江省杭州市商务局' });
    const enc = new TextEncoder();
    const imported = await agency.api.importDocument({
      name: '通知.txt',
      bytes: enc.encode('关于支持本地企业的通知\n第一条 对本地企业给予奖励。\n第二条 外地企业不得参与。'),
    });
    const id = imported.document.id;
    await agency.api.updateDocumentMeta({
      id,
      title: imported.document.title,
      docNumber: null,
      issuer: '浙江省杭州市商务局',
      docDate: null,
    });
    const state = await agency.api.addManualFinding({
      documentId: id,
      start: 12,
      end: 24,
      standard: 'M09-1',
      note: '机关认定',
    });
    const f = state.findings.find((x) => x.manual)!;
    await agency.api.setDisposition({ documentId: id, findingId: f.id, disposition: 'accept', reason: '' });
    const bundle = await agency.api.exportBundle({ documentId: id });

    // The office receives it into its batch.
    const office = start('office');
    const b = await office.api.createBatch({ name: '报送审查', kind: 'sampling' });
    const received = await office.api.importBundle({ name: bundle.fileName, bytes: bundle.bytes });
    // (A batch import of bundles registers them like this; here the item is written directly.)
    office.db
      .prepare(
        "INSERT INTO batch_items (batch_id, path, size, state, document_id, updated_at) VALUES (?, 'a.fcrbundle', 1, 'done', ?, '')",
      )
      .run(b.id, received.document.id);
    const plan = await office.api.drawSample({ batchId: b.id, seed: 's', min: 1 });
    expect(plan.measures[0]!.hasBundle).toBe(true);
    const view = await office.api.getCheckRecord({ planId: plan.plan.id, documentId: received.document.id });
    expect(view.bundle).toMatchObject({ signerUnit: '浙江省杭州市商务局' });
    const agencyFinding = view.bundle!.findings.find((x) => x.disposition === 'accept')!;
    expect(view.comparison.map((r) => r.outcome)).toContain('agency_only');
    const picked = view.findings.find((x) => x.findingId === agencyFinding.findingId)!;
    const after = await office.api.saveCheckRecord({
      planId: plan.plan.id,
      documentId: received.document.id,
      record: record({
        problems: [
          {
            kind: 'substantive',
            findingId: picked.findingId,
            clause: picked.clause,
            standard: picked.standard,
            category: picked.category,
            evidence: picked.text,
            note: '',
          },
          {
            kind: 'substantive',
            findingId: null,
            clause: '第二条',
            standard: 'M10-1',
            category: 'free_flow',
            evidence: '外地企业不得参与',
            note: '',
          },
        ],
        disposition: 'revise',
      }),
    });
    expect(after.comparison.map((r) => r.outcome)).toEqual(['agreed', 'missed']);
  }, 60_000);
});
