/**
 * The first draft of the 审查意见 text: what the reviewer would otherwise retype from the adopted
 * findings. Used when the opinion is still empty; the reviewer edits it freely afterwards.
 */
import type { Standard } from '../rules/types.js';
import type { ChecklistItem, Conclusion } from '../review/model.js';
import type { StoredFinding } from '../review/types.js';
import { citation } from './citation.js';

export interface DraftInput {
  state: {
    review: { conclusion: Conclusion | null };
    findings: readonly StoredFinding[];
    checklist: readonly ChecklistItem[];
  };
  standards: readonly Standard[];
}

/** Findings grouped by the clause they lie in, in document order. */
export function clauseGroups<T extends Pick<StoredFinding, 'clauseId' | 'start'>>(findings: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    const g = groups.get(f.clauseId);
    if (g) g.push(f);
    else groups.set(f.clauseId, [f]);
  }
  return [...groups.values()];
}

export function draftOpinion({ state, standards }: DraftInput): string {
  const byId = new Map(standards.map((s) => [s.id, s]));
  const adopted = state.findings.filter((f) => f.disposition === 'accept').sort((a, b) => a.start - b.start);
  const exceptions = state.checklist.filter((i) => i.answer === 'exception');
  const lines: string[] = [];
  const groups = clauseGroups(adopted);
  if (groups.length) {
    lines.push(`经审查，该政策措施有 ${groups.length} 处内容不符合公平竞争审查标准：`);
    groups.forEach((group, i) => {
      const standardsCited = [...new Map(group.map((f) => [`${f.standard}|${f.category}`, f])).values()];
      const cited = standardsCited
        .map((f) => {
          const std = byId.get(f.standard);
          return std ? `${std.title}，不符合${citation(std, f.category)}的规定` : f.basis;
        })
        .join('；');
      const fix = group.map((f) => f.suggestion.trim()).find(Boolean) || '删除或修改该内容';
      lines.push(`${i + 1}. ${group[0]!.clause}：${cited}。建议${fix.replace(/^建议/, '').replace(/。$/, '')}。`);
    });
  }
  if (exceptions.length) {
    const titles = exceptions.map((i) => byId.get(i.standardId)?.title ?? i.standardId);
    lines.push(
      `该政策措施涉及${titles.map((t) => `“${t}”`).join('、')}，起草单位已说明适用例外规定的理由，经审查予以认可。`,
    );
  }
  if (adopted.length) lines.push('建议起草单位按上述意见修改后出台。');
  else if (!exceptions.length) lines.push('经审查，该政策措施未发现违反公平竞争审查标准的内容，可以出台。');
  return lines.join('\n');
}
