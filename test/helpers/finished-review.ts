/** Takes a document's review to the end through the API: every finding decided, checklist answered, finalised. */
import type { Api } from '../../shared/api';

export async function finishReview(api: Api, documentId: number, opts: { finalize?: boolean } = {}): Promise<void> {
  await api.saveSettings({ reviewer: '张审查', unit: '某市市场监督管理局' });
  let state = await api.getReview({ documentId });
  for (const [i, f] of state.findings.entries()) {
    const disposition = i === 1 ? 'reject' : 'accept';
    state = await api.setDisposition({
      documentId,
      findingId: f.id,
      disposition,
      reason: disposition === 'reject' ? '该条款系引述上位法，不构成限制' : '',
    });
  }
  for (const item of state.checklist.filter((c) => c.answer === null)) {
    state = await api.saveChecklistItem({
      documentId,
      standardId: item.standardId,
      category: item.category,
      answer: 'na',
      note: '',
      exception: null,
    });
  }
  await api.saveConclusion({
    documentId,
    conclusion: state.suggestedConclusion,
    reviewer: '张审查',
    unit: '某市市场监督管理局',
    consultation: { stakeholders: false, publicComment: false, details: '', notDoneReason: '内部工作规程，不涉及' },
    opinion: '建议删除第二条中限定本地企业的表述。',
  });
  if (opts.finalize ?? true) await api.finalizeReview({ documentId });
}
