/**
 * The review history in words: citations of the standards and one-line summaries of audit
 * entries ("第3条 第二款 · 《实施办法》第十九条第（四）项「…」：未处理 → 不采纳（理由：…）").
 * The audit detail stores the words as they were when the entry was written; entries written
 * before details carried them get the plainer summary their detail allows.
 */
import type { Standard } from '../rules/types.js';
import type { SameDocument } from '../types.js';
import { ANSWER_LABELS, CATEGORY_LABELS, CONCLUSION_LABELS, type ChecklistAnswer, type Conclusion } from './model.js';
import type { Disposition } from './model.js';
import { comparisonWords } from './revision.js';

/** Short decision labels for the history: 采纳 / 适用例外 / 不采纳 / 未处理. */
export const DECISION_WORDS: Record<Disposition | 'none', string> = {
  accept: '采纳',
  exception: '适用例外',
  reject: '不采纳',
  none: '未处理',
};

/** "实施办法第十九条第（四）项" → "《实施办法》第十九条第（四）项"; "条例第八条" → "《条例》第八条". */
export function citeProvision(provision: string): string {
  return provision.replace(/^(实施办法|条例)/, '《$1》');
}

/** The words an audit entry records about a standard. */
export interface StandardWords {
  standard: string;
  /** The 实施办法 provision as a citation, e.g. 《实施办法》第十九条第（四）项. */
  citation: string;
  /** The 条例 provision as a citation. */
  regulation: string;
  title: string;
}

export function standardWords(std: Pick<Standard, 'id' | 'measure' | 'regulation' | 'title'>): StandardWords {
  return {
    standard: std.id,
    citation: citeProvision(std.measure),
    regulation: citeProvision(std.regulation),
    title: std.title,
  };
}

/** "《实施办法》第十九条第（四）项「…」": a standard as a reviewer cites it. */
export function standardCitation(std: Pick<Standard, 'measure' | 'title'>): string {
  return `${citeProvision(std.measure)}「${std.title}」`;
}

/** Counts of a rescan in words. */
export function rescanWords(c: { added: number; gone: number; kept: number; keptWithDecision: number }): string {
  if (!c.added && !c.gone) {
    return `疑似问题没有变化：保留 ${c.kept} 处（其中 ${c.keptWithDecision} 处保留处理意见）`;
  }
  return `新增 ${c.added} 处，消失 ${c.gone} 处，保留 ${c.kept} 处（其中 ${c.keptWithDecision} 处保留处理意见）`;
}

/** "与已导入的《…》（.pdf）内容相同": a document with the same text as the one just imported. */
export function sameAsWords(d: Pick<SameDocument, 'title' | 'type'>): string {
  return `与已导入的《${d.title}》（.${d.type}）内容相同`;
}

type Detail = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const decision = (v: unknown): string => DECISION_WORDS[(v as Disposition | null) ?? 'none'] ?? String(v);

/** "第3条 第二款 · 《实施办法》第十九条第（四）项「…」", from whatever the detail holds. */
function subjectWords(d: Detail): string {
  const std = d.citation ? `${str(d.citation)}「${str(d.title)}」` : str(d.standard);
  return [str(d.clause), std].filter(Boolean).join(' · ');
}

function withReason(text: string, label: string, reason: unknown): string {
  return str(reason).trim() ? `${text}（${label}：${str(reason).trim()}）` : text;
}

const PLAIN: Record<string, string> = {
  'document.import': '导入文档',
  'document.rescan': '重新扫描',
  'document.update_meta': '修改文档信息',
  'document.delete': '删除文档（移入回收站）',
  'document.restore': '恢复文档',
  'finding.dispose': '处理疑似问题',
  'finding.add_manual': '人工添加问题',
  'finding.remove_manual': '删除人工问题',
  'checklist.answer': '填写审查表',
  'review.conclusion': '保存审查结论',
  'review.finalize': '定稿',
  'review.revise': '新建修订版本',
  'settings.save': '保存设置',
  'bundle.import': '导入审查包',
};

/** One line describing an audit entry. */
export function auditSummary(action: string, detailJson: string | null): string {
  let d: Detail = {};
  try {
    const parsed: unknown = detailJson ? JSON.parse(detailJson) : {};
    if (parsed && typeof parsed === 'object') d = parsed as Detail;
  } catch {
    // A detail that is not JSON: the plain label says enough.
  }
  const plain = PLAIN[action] ?? action;
  const about = subjectWords(d);
  switch (action) {
    case 'document.import': {
      const found = typeof d.findings === 'number' ? `，扫描出 ${d.findings} 处疑似问题` : '';
      return `${plain}「${str(d.fileName)}」${found}`;
    }
    case 'bundle.import':
      return `${plain}「${str(d.fileName)}」（签名单位：${str(d.unit) || '未填写'}，密钥指纹 ${str(d.fingerprint)}，带入 ${String(d.entries ?? 0)} 条审查记录）`;
    case 'document.rescan':
      if (typeof d.summary === 'string') return `按规则集 ${str(d.rulesetTo)} 重新扫描：${d.summary}`;
      return typeof d.findings === 'number' ? `${plain}（${d.findings} 处疑似问题）` : plain;
    case 'document.update_meta':
      return `${plain}：标题「${str(d.title)}」${d.docNumber ? `，文号 ${str(d.docNumber)}` : ''}${
        d.issuer ? `，发文机关 ${str(d.issuer)}` : ''
      }${d.docDate ? `，日期 ${str(d.docDate)}` : ''}`;
    case 'finding.dispose': {
      const change = 'before' in d ? `${decision(d.before)} → ${decision(d.after)}` : decision(d.disposition);
      const text = about ? `${about}：${change}` : `${plain}：${change}`;
      return withReason(text, '理由', d.reason);
    }
    case 'finding.add_manual':
      return withReason(about ? `${plain}：${about}` : plain, '说明', d.note);
    case 'finding.remove_manual':
      return about ? `${plain}：${about}` : plain;
    case 'checklist.answer': {
      const answer = (v: unknown) => (v ? (ANSWER_LABELS[v as ChecklistAnswer] ?? str(v)) : '未填写');
      const cat = d.category
        ? `（${CATEGORY_LABELS[d.category as keyof typeof CATEGORY_LABELS] ?? str(d.category)}）`
        : '';
      const change = 'before' in d ? `${answer(d.before)} → ${answer(d.answer)}` : answer(d.answer);
      return `${plain}：${about}${cat}：${change}`;
    }
    case 'review.conclusion':
    case 'review.finalize': {
      const c = d.conclusion ? CONCLUSION_LABELS[d.conclusion as Conclusion] : '未选结论';
      const rev = typeof d.revision === 'number' ? `第 ${d.revision} 版` : '';
      return action === 'review.finalize' ? `${rev}${plain}：${c}` : `${plain}：${c}`;
    }
    case 'review.revise':
      if (d.fileName && typeof d.resolved === 'number') {
        const counts = { resolved: d.resolved, remaining: Number(d.remaining), added: Number(d.added) };
        return `修订版本 ${String(d.revision)}：导入修改稿《${str(d.fileName)}》，${comparisonWords(counts)}`;
      }
      return typeof d.revision === 'number'
        ? `${plain}：第 ${d.revision} 版（复制第 ${String(d.from)} 版的处理意见、审查表和结论）`
        : `${plain}（由第 ${String(d.from)} 版）`;
    default:
      return plain;
  }
}
