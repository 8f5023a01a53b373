/**
 * Third-party evaluation (issue 12) against a real SQLite file: records stored and audited under
 * the document, decisions surviving a rescan, the indicators, the report .docx read back (sections,
 * annex rows, embedded chart images) and the working papers' entries; and the `fcr evaluate` CLI.
 */
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnchors } from '../../electron/services/anchors';
import { openSignedZip } from '../../electron/services/export/signed-zip';
import { createServices, type Services } from '../../electron/services/index';
import { cli } from '../helpers/cli';
import { readDocx } from '../helpers/docx';
import { LOCAL_PREFERENCE_DRAFT } from '../helpers/drafts';
import { finishReview } from '../helpers/finished-review';
import { tempDir } from '../helpers/paths';

const enc = (s: string) => new TextEncoder().encode(s);
const NEUTRAL = '关于规范会议管理的通知\n一、会议材料应提前印发。\n二、本通知自发布之日起施行。';
const SECOND = [
  '关于促进招商引资的若干意见',
  '第一条 为优化营商环境，制定本意见。',
  '第二条 招标文件可以限定投标人必须在本地设立分支机构。',
  '第三条 对外地企业收取额外的检验费用。',
  '第四条 本意见自印发之日起施行。',
].join('\n');

// One data folder for the file (a fresh one per test costs seconds of start-up): each test has its own batch.
let tmp: ReturnType<typeof tempDir>;
let s: Services;
beforeAll(() => {
  tmp = tempDir('fcr-eval-');
  s = createServices(path.join(tmp.dir, 'data'), { workers: 1 });
});
afterAll(() => {
  s.close();
  tmp.cleanup();
});

/** A batch of three measures with issuers in two regions; returns the batch and the documents' ids by name. */
async function batchOf3(name: string): Promise<{ batchId: number; ids: Record<string, number> }> {
  await s.api.saveSettings({ reviewer: '李评估', unit: '某某评估中心' });
  const b = await s.api.createBatch({
    name,
    kind: 'evaluation',
    body: '某省市场监督管理局',
    period: '2025 年',
  });
  await s.api.importIntoBatch({
    id: b.id,
    files: [
      { path: 'f/a.txt', bytes: enc(LOCAL_PREFERENCE_DRAFT) },
      { path: 'f/b.txt', bytes: enc(SECOND) },
      { path: 'f/c.txt', bytes: enc(NEUTRAL) },
    ],
  });
  const ids: Record<string, number> = {};
  for (const row of s.db.prepare('SELECT path, document_id FROM batch_items WHERE batch_id = ?').all(b.id) as {
    path: string;
    document_id: number;
  }[])
    ids[row.path.slice(2, 3)] = row.document_id;
  const meta = async (id: number, issuer: string) => {
    const d = await s.api.getDocument({ id });
    if (d.issuer === issuer) return; // set by an earlier batch holding the same file (and maybe finalised since)
    await s.api.updateDocumentMeta({ id, title: d.title, docNumber: d.docNumber, issuer, docDate: d.docDate });
  };
  await meta(ids.a!, '浙江省杭州市财政局');
  await meta(ids.b!, '重庆市垫江县人民政府');
  await meta(ids.c!, '浙江省杭州市财政局');
  return { batchId: b.id, ids };
}

/**
 * The evaluator's work on a batchOf3 batch: a's findings confirmed and a found with problems, an own
 * problem added to b (rectified), c found compliant.
 */
async function evaluateAll({ batchId, ids }: { batchId: number; ids: Record<string, number> }): Promise<void> {
  const a = await s.api.getEvaluation({ batchId, documentId: ids.a! });
  for (const f of a.findings)
    await s.api.decideEvaluationFinding({
      batchId,
      documentId: ids.a!,
      findingId: f.findingId,
      decision: 'confirm',
      reason: '',
    });
  await s.api.saveEvaluation({ batchId, documentId: ids.a!, verdict: 'problem', note: '', rectified: false });
  await s.api.addEvaluationProblem({
    batchId,
    documentId: ids.b!,
    clause: '第三条',
    quote: '对外地企业收取额外的检验费用<&>。',
    standard: 'M24',
    category: 'free_flow',
    note: '歧视外地企业',
  });
  await s.api.saveEvaluation({ batchId, documentId: ids.b!, verdict: 'problem', note: '', rectified: true });
  await s.api.saveEvaluation({ batchId, documentId: ids.c!, verdict: 'compliant', note: '', rectified: false });
}

const audits = (action: string) =>
  s.db.prepare('SELECT subject, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
    subject: string;
    detail: string;
  }[];

describe('evaluation records', () => {
  it('stores decisions, own problems and verdicts, audited under the document; decisions survive a rescan', async () => {
    const { batchId, ids } = await batchOf3('记录测试');
    let rec = await s.api.getEvaluation({ batchId, documentId: ids.a! });
    expect(rec.region).toBe('浙江省杭州市');
    expect(rec.reviewOnFile).toBeNull();
    expect(rec.findings.length).toBeGreaterThan(0);
    const f = rec.findings[0]!;
    await expect(
      s.api.decideEvaluationFinding({
        batchId,
        documentId: ids.a!,
        findingId: f.findingId,
        decision: 'reject',
        reason: ' ',
      }),
    ).rejects.toThrow(/须说明理由/);
    rec = await s.api.decideEvaluationFinding({
      batchId,
      documentId: ids.a!,
      findingId: f.findingId,
      decision: 'confirm',
      reason: '',
    });
    expect(rec.findings[0]!.decision).toBe('confirm');
    rec = await s.api.addEvaluationProblem({
      batchId,
      documentId: ids.a!,
      clause: '第三条',
      quote: '本措施自印发之日起施行。',
      standard: 'M24',
      category: 'conduct',
      note: '未设定实施期限',
    });
    expect(rec.own).toHaveLength(1);
    rec = await s.api.saveEvaluation({
      batchId,
      documentId: ids.a!,
      verdict: 'problem',
      note: '须修改第二条',
      rectified: false,
    });
    expect(rec.verdict).toBe('problem');
    expect(rec.evaluator).toBe('李评估');

    // A document outside the batch, a bad standard: clear messages, nothing stored.
    await expect(s.api.getEvaluation({ batchId, documentId: 999 })).rejects.toThrow(/不在批次“记录测试”中/);
    await expect(
      s.api.addEvaluationProblem({
        batchId,
        documentId: ids.a!,
        clause: '第一条',
        quote: '',
        standard: 'X9',
        note: '',
      }),
    ).rejects.toThrow(/没有编号为 X9/);

    const subject = `document:${ids.a}`;
    expect(audits('evaluation.finding').map((a) => a.subject)).toEqual([subject]);
    expect(JSON.parse(audits('evaluation.finding')[0]!.detail)).toMatchObject({
      batch: '记录测试',
      decision: { from: '未决定', to: '确认' },
    });
    expect(JSON.parse(audits('evaluation.save')[0]!.detail)).toMatchObject({
      verdict: { from: '未评估', to: '存在问题' },
    });
    expect(audits('evaluation.problem.add')).toHaveLength(1);
    expect(s.verifyAudit().ok).toBe(true);

    // A rescan replaces the findings (new ids): the decision stays with the rule and clause text.
    await s.api.rescanDocument({ documentId: ids.a! });
    rec = await s.api.getEvaluation({ batchId, documentId: ids.a! });
    expect(rec.findings.find((x) => x.ruleId === f.ruleId && x.clause === f.clause)!.decision).toBe('confirm');

    rec = await s.api.removeEvaluationProblem({ batchId, documentId: ids.a!, problemId: rec.own[0]!.id });
    expect(rec.own).toHaveLength(0);
    expect(audits('evaluation.problem.remove')).toHaveLength(1);
  });

  it('counts the indicators: evaluated, review on file, problems by category, issuer and region, rectified', async () => {
    const made = await batchOf3('指标测试');
    const { batchId, ids } = made;
    await finishReview(s.api, ids.c!);
    await evaluateAll(made);
    const a = await s.api.getEvaluation({ batchId, documentId: ids.a! });

    const o = await s.api.getEvaluationOverview({ id: batchId });
    const ind = o.indicators;
    expect(o.records).toHaveLength(3);
    expect(o.sample).toBeNull();
    expect(ind).toMatchObject({
      measures: 3,
      evaluated: 3,
      withReview: 1,
      withProblems: 2,
      withoutProblems: 1,
      rectified: 1,
      open: 1,
    });
    expect(o.records.find((r) => r.documentId === ids.c)!.reviewOnFile).toBe('final');
    // Two rules citing one standard in one clause are one problem clause.
    expect(ind.problems).toBe(new Set(a.findings.map((f) => `${f.clause}|${f.standardId}|${f.category}`)).size + 1);
    expect(ind.byCategory.find((t) => t.key === 'free_flow')!.problems).toBeGreaterThanOrEqual(1);
    expect(ind.byRegion.map((t) => t.label)).toEqual(expect.arrayContaining(['浙江省杭州市', '重庆市垫江县']));
    expect(ind.byIssuer.find((t) => t.label === '重庆市垫江县人民政府')).toMatchObject({ measures: 1, problems: 1 });
    expect(ind.undecided).toBe(
      (await s.api.getEvaluation({ batchId, documentId: ids.b! })).findings.length +
        (await s.api.getEvaluation({ batchId, documentId: ids.c! })).findings.length,
    );
  });
});

describe('evaluation exports', () => {
  let batchId = 0;
  beforeAll(async () => {
    const made = await batchOf3('2025 年度评估');
    await evaluateAll(made);
    batchId = made.batchId;
  });

  it('writes the report as a 公文 .docx with its sections, the charts as SVG + PNG and an annex row per problem clause', async () => {
    const file = await s.api.exportEvaluationReport({ id: batchId });
    expect(file.fileName).toBe('第三方评估报告-2025 年度评估.docx');
    const docx = readDocx(file.bytes);
    const text = docx.paragraphs.join('\n');
    expect(docx.paragraphs[0]).toBe('2025 年度评估公平竞争审查第三方评估报告');
    for (const h of [
      '一、基本情况',
      '二、评估方法和过程',
      '三、评估发现的问题',
      '四、评估结论',
      '五、意见建议',
      '六、其他需要说明的事项',
    ])
      expect(docx.paragraphs).toContain(h);
    expect(text).toContain('委托单位：某省市场监督管理局');
    expect(text).toContain('未抽样，对批次内全部 3 份政策措施逐份评估');
    expect(text).toContain('存在问题的 2 份');
    expect(text).toMatch(/（一）市场准入和退出方面|（一）商品和要素自由流动方面/);
    // A typical clause quoted from the document, the own problem's words escaped in XML and read back.
    expect(text).toContain('政府采购项目应当优先采购本地企业生产的产品');
    expect(text).toContain('对外地企业收取额外的检验费用&lt;&amp;&gt;。'); // escaped in the XML
    // The annex table: a header and one row per problem clause.
    const problems = (await s.api.getEvaluationOverview({ id: batchId })).indicators.problems;
    const tables = [...docx.document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    const annex = tables.at(-1)!;
    expect(annex).toContain('原文摘录');
    expect([...annex.matchAll(/<w:tr[ >]/g)]).toHaveLength(problems + 1);
    // Charts: four images (two bars, two pies), each SVG with a PNG fallback.
    const zip = unzipSync(file.bytes);
    const media = Object.keys(zip).filter((n) => n.startsWith('word/media/'));
    expect(media.filter((n) => n.endsWith('.svg'))).toHaveLength(4);
    expect(media.filter((n) => n.endsWith('.png'))).toHaveLength(4);
    const svg = strFromU8(zip[media.find((n) => n.endsWith('.svg'))!]!);
    expect(svg).toMatch(/^<svg /);
    const png = zip[media.find((n) => n.endsWith('.png'))!]!;
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(2000); // drawn, not the blank fallback
    expect(docx.document).toContain('asvg:svgBlip');
  });

  it('writes the working papers as one signed zip with records, ledgers, the import log and the charts', async () => {
    const file = await s.api.exportEvaluationPapers({ id: batchId });
    expect(file.fileName).toMatch(/^评估工作底稿-2025 年度评估-\d{4}-\d{2}-\d{2}\.zip$/);
    const opened = openSignedZip(file.fileName, file.bytes, 'fcr-evaluation-papers', 1);
    expect([...opened.files.keys()].sort()).toEqual(
      [
        '说明.txt',
        '1-评估记录/评估记录汇总.csv',
        '1-评估记录/问题条款清单.csv',
        '1-评估记录/评估记录.json',
        '2-台账/公平竞争审查台账.xlsx',
        '3-导入日志/导入日志.csv',
        '5-统计/指标.json',
        '5-统计/图表/按类别.svg',
        '5-统计/图表/按发文机关.svg',
        '5-统计/图表/有无问题.svg',
        '5-统计/图表/整改情况.svg',
      ].sort(),
    );
    // The papers carry the audit chain's head, signed, like every other export (issue 13).
    expect(opened.manifest.anchor?.issuedFor).toBe(`评估工作底稿「${file.fileName}」`);
    expect((await readAnchors(file.fileName, file.bytes))[0]!.count).toBe(opened.manifest.anchor!.count);
    const csv = (name: string) => new TextDecoder().decode(opened.files.get(name)).split('\r\n').filter(Boolean);
    expect(csv('3-导入日志/导入日志.csv')).toHaveLength(4);
    expect(csv('3-导入日志/导入日志.csv')[1]).toContain('f/a.txt');
    expect(csv('1-评估记录/评估记录汇总.csv')).toHaveLength(4);
    expect(csv('1-评估记录/问题条款清单.csv').join('\n')).toContain('评估人员补充');
    const records = JSON.parse(new TextDecoder().decode(opened.files.get('1-评估记录/评估记录.json'))) as {
      records: { verdict: string }[];
    };
    expect(records.records.map((r) => r.verdict).sort()).toEqual(['compliant', 'problem', 'problem']);
  });

  it('fcr evaluate status / report / papers', async () => {
    const data = path.join(tmp.dir, 'data');
    s.close();
    const status = await cli('evaluate', 'status', '--batch', '2025 年度评估', '--format', 'json', '--data-dir', data);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ measures: 3, evaluated: 3, withProblems: 2 });
    const text = await cli('evaluate', 'status', '--batch', '2025 年度评估', '--data-dir', data);
    expect(text.out).toContain('已评估 3/3 份');
    const out = path.join(tmp.dir, 'r.docx');
    expect((await cli('evaluate', 'report', '--batch', '2025 年度评估', '--out', out, '--data-dir', data)).code).toBe(
      0,
    );
    expect(readDocx(readFileSync(out)).paragraphs).toContain('一、基本情况');
    const zip = path.join(tmp.dir, 'p.zip');
    expect((await cli('evaluate', 'papers', '--batch', '2025 年度评估', '--out', zip, '--data-dir', data)).code).toBe(
      0,
    );
    expect(openSignedZip('p.zip', readFileSync(zip), 'fcr-evaluation-papers', 1).files.size).toBe(11);
    const missing = await cli('evaluate', 'report', '--batch', '没有', '--out', out, '--data-dir', data);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('找不到批次“没有”');
    expect((await cli('evaluate', 'report', '--out', out, '--data-dir', data)).code).toBe(2);
    s = createServices(data, { workers: 1 });
  });
  it('fills the sample section and the sample log from the batch’s latest 抽查 plan', async () => {
    const plan = await s.api.drawSample({ batchId, seed: '20251201', ratio: 0.5, strata: 'issuer' });
    // Once a sample is drawn, the evaluation covers the measures drawn.
    const overview = await s.api.getEvaluationOverview({ id: batchId });
    expect(overview.records.map((r) => r.documentId).sort()).toEqual(plan.measures.map((m) => m.documentId).sort());
    expect(overview.indicators.measures).toBe(plan.plan.size);
    const docx = readDocx((await s.api.exportEvaluationReport({ id: batchId })).bytes);
    expect(docx.paragraphs.join('\n')).toContain(
      `从 ${plan.plan.populationSize} 份政策措施中抽取 ${plan.plan.size} 份，分层方式：按发文单位；随机种子为 20251201`,
    );
    expect(docx.paragraphs.join('\n')).toContain(
      `共收录政策措施文件 ${plan.plan.populationSize} 份，从中随机抽取 ${plan.plan.size} 份评估。`,
    );
    const papers = openSignedZip(
      'p.zip',
      (await s.api.exportEvaluationPapers({ id: batchId })).bytes,
      'fcr-evaluation-papers',
      1,
    );
    const log = JSON.parse(new TextDecoder().decode(papers.files.get('4-抽样记录/抽样记录.json'))) as {
      seed: string;
      drawn: { documentId: number }[];
    };
    expect(log.seed).toBe('20251201');
    expect(log.drawn.map((d) => d.documentId).sort()).toEqual(plan.measures.map((m) => m.documentId).sort());
  });
});
