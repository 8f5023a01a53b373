/** Display labels for review states (Chinese UI). */
export { REVIEW_STATUS_LABELS as STATUS_LABELS } from '../../../shared/review/model';

export const TYPE_LABELS: Record<string, string> = {
  txt: '纯文本',
  docx: 'Word',
  pdf: 'PDF',
  ofd: 'OFD',
  html: '网页',
};

const dateTime = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'short', timeStyle: 'short', hour12: false });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}
