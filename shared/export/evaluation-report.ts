/**
 * The 第三方评估报告 of a batch (实施办法 第三十五条; the usual structure of an evaluation report:
 * 基本情况, 评估方法和过程, 评估内容及发现的问题, 评估结论, 意见建议, 其他需要说明的事项, 附件) as
 * the shared export content, so the .docx writer lays it out as a 公文 like the 审查意见. The
 * charts are the same SVG the app shows (shared/evaluation.ts evaluationCharts).
 */
import type { BatchInfo } from '../batch.js';
import {
  evaluationCharts,
  percent,
  REVIEW_ON_FILE_LABELS,
  VERDICT_LABELS,
  type EvaluationIndicators,
  type EvaluationRecord,
  type EvaluationSample,
  type ProblemClause,
} from '../evaluation.js';
import { CATEGORY_LABELS } from '../review/model.js';
import { CATEGORIES, type Category, type Standard } from '../rules/types.js';
import { citation, MEASURE_NAME, MEASURE_SHORT } from './citation.js';
import { chineseDate, chineseNumber, type Block, type Cell, type ExportContent, type FigureBlock } from './content.js';
import { safeFileName } from './files.js';

export interface EvaluationReportInput {
  batch: Pick<BatchInfo, 'name' | 'body' | 'period' | 'region' | 'sector' | 'level' | 'counts'>;
  records: readonly EvaluationRecord[];
  /** Every problem clause of the evaluated measures, with its clause's words quoted. */
  problems: readonly ProblemClause[];
  indicators: EvaluationIndicators;
  sample: EvaluationSample | null;
  standards: readonly Standard[];
  /** The evaluating body and the evaluator (the settings' unit and reviewer). */
  evaluator: { unit: string; name: string };
  /** YYYY-MM-DD the report is dated. */
  today: string;
}

/** What the evaluator recommends for each category of problem found. */
export const CATEGORY_ADVICE: Record<Category, string> = {
  entry_exit:
    '清理设置不合理准入条件、限定经营或者指定交易对象、对不同所有制和地区经营者实行差别待遇的内容，确保各类经营者依法平等进入和退出市场',
  free_flow:
    '取消对外地商品、服务和要素设置的歧视性价格、收费、审批和准入要求，不得限制外地经营者在本地投资经营或者参加招标投标、政府采购',
  cost: '规范税收优惠、财政补贴、要素价格和费用减免等政策，不得对特定经营者给予没有法律法规依据或者未经批准的优惠',
  conduct:
    '删除强制经营者从事垄断行为、干预经营者定价和生产经营自主权的内容，不得违法披露或者要求经营者披露生产经营敏感信息',
};

const TYPICAL_QUOTES = 3;
/** The annex quotes briefly: a table row must fit on a page (rows do not split). */
const ANNEX_QUOTE_MAX = 60;

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const tallyWords = (t: { label: string; problems: number; measures: number }) =>
  `${t.label} ${t.problems} 处（涉及 ${t.measures} 份文件）`;

export function evaluationReportContent(input: EvaluationReportInput): ExportContent<Block | FigureBlock> {
  const { batch, indicators: ind, records } = input;
  const blocks: (Block | FigureBlock)[] = [];
  let n1 = 0;
  const h1 = (text: string) => blocks.push({ kind: 'heading', level: 1, text: `${chineseNumber(++n1)}、${text}` });
  const h2 = (i: number, text: string) =>
    blocks.push({ kind: 'heading', level: 2, text: `（${chineseNumber(i)}）${text}` });
  const p = (text: string) => blocks.push({ kind: 'paragraph', text });
  const std = new Map(input.standards.map((s) => [s.id, s]));
  const unit = input.evaluator.unit.trim() || '评估机构';

  blocks.push({ kind: 'title', text: `${batch.name}公平竞争审查第三方评估报告` });
  p(
    `受${batch.body?.trim() || '委托单位'}委托，${unit}依据${MEASURE_NAME}（以下简称${MEASURE_SHORT}）第三十五条，对“${batch.name}”所列政策措施开展公平竞争审查第三方评估。现将评估情况报告如下。`,
  );

  h1('基本情况');
  p(
    input.sample
      ? `评估对象：批次“${batch.name}”共收录政策措施文件 ${input.sample.population} 份，从中随机抽取 ${ind.measures} 份评估。`
      : `评估对象：批次“${batch.name}”，共收录政策措施文件 ${ind.measures} 份。`,
  );
  p(`委托单位：${batch.body?.trim() || '（未填写）'}`);
  p(`评估期间：${batch.period?.trim() || '（未填写）'}`);
  const scope = [
    batch.region?.trim() && `地区：${batch.region.trim()}`,
    batch.sector?.trim() && `行业：${batch.sector.trim()}`,
    batch.level?.trim() && `层级：${batch.level.trim()}`,
  ].filter(Boolean);
  p(`评估范围：${scope.length ? scope.join('；') : '批次内全部文件'}。`);
  p(`评估机构：${unit}${input.evaluator.name.trim() ? `；评估人员：${input.evaluator.name.trim()}` : ''}。`);

  h1('评估方法和过程');
  const s = input.sample;
  if (s) {
    p(
      `样本抽取：采用${s.method}，从 ${s.population} 份政策措施中抽取 ${s.size} 份${s.strata ? `，分层方式：${s.strata}` : ''}；随机种子为 ${s.seed}${s.drawnAt ? `，抽取时间 ${chineseDate(s.drawnAt)}` : ''}。以同一种子和同一总体重新抽取，得到的样本相同，可供复核。`,
    );
  } else {
    p(`本次评估未抽样，对批次内全部 ${ind.measures} 份政策措施逐份评估。`);
  }
  p(
    `评估过程：文件经审查助手导入后，按${MEASURE_SHORT}第九条至第二十四条规定的审查标准自动识别疑似问题；评估人员逐条核对，确认或者排除（排除的说明理由），补充自动识别未覆盖的问题，并对每份文件作出评估结论。自动识别的结果仅为疑似问题，评估结论以评估人员的判断为准。`,
  );
  p(`审查记录核对：对每份文件核对是否有公平竞争审查记录在案（收到起草单位报送的审查包，或者库内审查已定稿）。`);

  h1('评估发现的问题');
  p(
    `已完成评估 ${ind.evaluated} 份（占 ${percent(ind.evaluated, ind.measures)}），其中有公平竞争审查记录在案的 ${ind.withReview} 份（${percent(ind.withReview, ind.evaluated)}）；存在问题的 ${ind.withProblems} 份（${percent(ind.withProblems, ind.evaluated)}），共发现问题条款 ${ind.problems} 处；评估结论为“需进一步核实”的 ${ind.byVerdict.verify} 份。`,
  );
  if (ind.withProblems) p(`存在问题的文件中，已整改 ${ind.rectified} 份，未整改 ${ind.open} 份。`);
  const cats = ind.byCategory.filter((t) => t.problems > 0);
  if (cats.length) p(`按审查标准类别统计：${cats.map(tallyWords).join('；')}。`);
  const issuers = ind.byIssuer.filter((t) => t.problems > 0 || t.measures > 0);
  if (issuers.length)
    p(`按发文机关统计：${issuers.slice(0, 10).map(tallyWords).join('；')}${issuers.length > 10 ? '等' : ''}。`);
  const regions = ind.byRegion.filter((t) => t.measures > 0);
  if (regions.length)
    p(`按地区统计：${regions.slice(0, 10).map(tallyWords).join('；')}${regions.length > 10 ? '等' : ''}。`);
  const charts = evaluationCharts(ind, 560);
  for (const c of [
    charts.byCategory,
    charts.byIssuer,
    charts.problems,
    ...(ind.withProblems ? [charts.rectification] : []),
  ])
    blocks.push({ kind: 'image', svg: c.svg, width: c.width, height: c.height, alt: c.alt });

  let n2 = 0;
  for (const category of CATEGORIES) {
    const list = input.problems.filter((x) => x.category === category);
    if (!list.length) continue;
    h2(++n2, `${CATEGORY_LABELS[category]}方面（${list.length} 处）`);
    const cited = [...new Set(list.map((x) => x.standardId))]
      .map((id) => std.get(id))
      .filter((x): x is Standard => !!x)
      .map((x) => `${x.title}（${citation(x, category)}）`);
    if (cited.length) p(`涉及的审查标准：${cited.join('；')}。`);
    p('典型条款：');
    list.slice(0, TYPICAL_QUOTES).forEach((x, i) => {
      p(
        `${i + 1}. 《${x.title}》${x.clause}：“${x.quote || '（未摘录原文）'}”${x.note ? `（${x.note.replace(/[。；]$/, '')}）` : ''}`,
      );
    });
    if (list.length > TYPICAL_QUOTES) p(`其余 ${list.length - TYPICAL_QUOTES} 处见附件。`);
  }
  if (!input.problems.length) p('经评估，已评估的政策措施未发现违反公平竞争审查标准的条款。');

  h1('评估结论');
  if (!ind.evaluated) p('本批次尚未完成任何文件的评估，暂不能作出评估结论。');
  else {
    p(
      `本次评估的 ${ind.evaluated} 份政策措施中，${ind.withoutProblems} 份未发现问题，${ind.withProblems} 份存在违反公平竞争审查标准的内容${
        ind.withProblems
          ? `，问题主要集中在${(cats.length ? cats : ind.byCategory)
              .slice()
              .sort((a, b) => b.problems - a.problems)
              .slice(0, 2)
              .map((t) => t.label)
              .join('和')}方面`
          : ''
      }。`,
    );
    const missing = ind.evaluated - ind.withReview;
    p(
      missing
        ? `有 ${missing} 份政策措施未见公平竞争审查记录，审查机制落实有待加强。`
        : '已评估的政策措施均有公平竞争审查记录在案。',
    );
  }

  h1('意见建议');
  let k = 0;
  for (const t of cats) p(`${++k}. 针对${t.label}方面的问题：${CATEGORY_ADVICE[t.key as Category]}。`);
  if (ind.open)
    p(
      `${++k}. 对尚未整改的 ${ind.open} 份政策措施，督促起草单位按照${MEASURE_SHORT}第四十条的规定限期修订或者废止，并报告整改情况。`,
    );
  if (ind.evaluated - ind.withReview > 0)
    p(`${++k}. 对未经公平竞争审查出台的政策措施，督促起草单位补做审查，健全审查机制，做到应审尽审。`);
  if (ind.byVerdict.verify)
    p(`${++k}. 对评估结论为“需进一步核实”的 ${ind.byVerdict.verify} 份政策措施，建议进一步核实后处理。`);
  if (!k) p('建议起草单位继续落实公平竞争审查制度，新出台政策措施严格履行审查程序。');

  h1('其他需要说明的事项');
  p(
    '本报告是对所列政策措施的评估意见，供委托单位决策参考，不代替政策制定机关的公平竞争审查责任，也不代替市场监督管理部门的抽查报告。',
  );
  if (ind.undecided)
    p(`已评估文件中尚有 ${ind.undecided} 处自动识别的疑似问题未经评估人员确认或者排除，未计入问题条款。`);
  if (ind.measures > ind.evaluated) p(`批次内尚有 ${ind.measures - ind.evaluated} 份文件未完成评估，未计入上述统计。`);
  p('附件：问题条款清单');

  blocks.push({ kind: 'paragraph', text: '', indent: false });
  blocks.push({ kind: 'paragraph', text: unit, align: 'right', indent: false });
  blocks.push({ kind: 'paragraph', text: chineseDate(input.today), align: 'right', indent: false });

  blocks.push({ kind: 'paragraph', text: '附件', indent: false });
  blocks.push({ kind: 'title', text: '问题条款清单' });
  const rows: Cell[][] = [
    ['序号', '政策措施（发文机关）', '条款', '原文摘录', '审查标准', '整改情况'].map((t) => ({
      lines: [t],
      label: true,
    })),
  ];
  const byDoc = new Map(records.map((r) => [r.documentId, r]));
  input.problems.forEach((x, i) => {
    const s = std.get(x.standardId);
    const r = byDoc.get(x.documentId);
    rows.push([
      { lines: [String(i + 1)], align: 'center' },
      { lines: [`《${x.title}》`, ...(x.issuer ? [`（${x.issuer}）`] : [])] },
      { lines: [x.clause] },
      { lines: [cut(x.quote, ANNEX_QUOTE_MAX)] },
      { lines: [s ? `${s.title}（${citation(s, x.category)}）` : x.standardId] },
      { lines: [r ? (r.rectified ? '已整改' : '未整改') : ''], align: 'center' },
    ]);
  });
  if (!input.problems.length) rows.push([{ lines: ['无'], span: 6, align: 'center' }]);
  blocks.push({ kind: 'table', columns: [0.9, 3.2, 1.6, 5.6, 3.4, 1.3], rows });

  return {
    kind: 'evaluation-report',
    draft: ind.evaluated < ind.measures,
    blocks,
    fileName: `第三方评估报告-${safeFileName(batch.name)}.docx`,
  };
}

/** Each measure's evaluation in a table row, for the working papers (评估记录汇总). */
export function evaluationSummaryRows(records: readonly EvaluationRecord[]): string[][] {
  return [
    [
      '文档编号',
      '标题',
      '文号',
      '发文机关',
      '地区',
      '审查记录',
      '评估结论',
      '确认问题',
      '排除',
      '补充问题',
      '待确认',
      '整改',
      '说明',
      '评估人员',
      '更新时间',
    ],
    ...records.map((r) => [
      String(r.documentId),
      r.title,
      r.docNumber ?? '',
      r.issuer ?? '',
      r.region ?? '',
      REVIEW_ON_FILE_LABELS[r.reviewOnFile ?? 'none'],
      r.verdict ? VERDICT_LABELS[r.verdict] : '未评估',
      String(r.findings.filter((f) => f.decision === 'confirm').length),
      String(r.findings.filter((f) => f.decision === 'reject').length),
      String(r.own.length),
      String(r.findings.filter((f) => !f.decision).length),
      r.rectified ? '已整改' : '',
      r.note,
      r.evaluator,
      r.updatedAt ?? '',
    ]),
  ];
}
