/**
 * A typical finished review for the export tests: a draft with several clauses that favour local
 * firms, each finding accepted except one rejected as a false alarm and one claimed as an
 * exception with its five points, the consultation, the form's fields and the conclusion.
 */
import type { Api } from '../../shared/api';
import type { ReviewState } from '../../shared/review/types';

export const EXPORT_DRAFT_TITLE = '关于促进本市物流产业发展的若干措施';

export const EXPORT_DRAFT = [
  EXPORT_DRAFT_TITLE,
  '第一条 为促进物流产业高质量发展，制定本措施。',
  '第二条 政府采购物流服务项目应当优先采购本地企业提供的服务。',
  '第三条 外地物流企业须在本市设立分支机构后方可参与本市项目投标。',
  '第四条 对在本市注册并纳税的物流企业，按其地方财政贡献给予奖励。',
  '第五条 本市物流园区内的仓储用地，优先安排给本地龙头企业使用。',
  '第六条 各区应当加强统筹协调，做好政策衔接和督促落实。',
  '第七条 本措施自印发之日起施行，有效期三年。',
].join('\n');

export interface FinishedReview {
  documentId: number;
  state: ReviewState;
  rejectedIds: number[];
  acceptedIds: number[];
}

/** Imports the draft and disposes of every finding; `finalize` also locks the review. */
export async function finishReview(api: Api, { finalize = false } = {}): Promise<FinishedReview> {
  const { document } = await api.importDocument({
    name: '物流措施.txt',
    bytes: new TextEncoder().encode(EXPORT_DRAFT),
  });
  const documentId = document.id;
  let state = await api.getReview({ documentId });
  const rejectedIds: number[] = [];
  const acceptedIds: number[] = [];
  // The finding rejected as a false alarm: the last one whose standard no other finding cites (so
  // that the opinion must not cite it at all), else the last one.
  const findings = state.findings;
  const alone = (f: (typeof findings)[number]): boolean =>
    !findings.some((g) => g !== f && g.standard === f.standard && g.category === f.category);
  const lastAlone = findings.findLastIndex(alone);
  const rejectAt = findings.length > 2 ? (lastAlone >= 0 ? lastAlone : findings.length - 1) : -1;
  for (const [i, f] of findings.entries()) {
    const reject = i === rejectAt;
    await api.setDisposition({
      documentId,
      findingId: f.id,
      disposition: reject ? 'reject' : 'accept',
      reason: reject ? '经核实为对上位法规定的复述' : '',
    });
    (reject ? rejectedIds : acceptedIds).push(f.id);
  }
  state = await api.saveConclusion({
    documentId,
    conclusion: 'non_compliant',
    reviewer: '王审查',
    unit: '某市发展和改革委员会',
    consultation: {
      stakeholders: true,
      publicComment: true,
      details: '于征求意见期间向社会公开征求意见，收到意见 3 条，采纳 2 条。',
      notDoneReason: '',
    },
    opinion: '',
    details: {
      sector: '交通运输、仓储和邮政业',
      nature: 'normative',
      drafter: '某市交通运输局',
      drafterContact: '李起草',
      drafterPhone: '010-12345678',
      reviewerContact: '王审查',
      reviewerPhone: '010-87654321',
      expert: '',
      remarks: '',
    },
  });
  if (finalize) state = await api.finalizeReview({ documentId });
  return { documentId, state, rejectedIds, acceptedIds };
}
