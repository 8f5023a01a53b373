/** Display labels for review states (Chinese UI). */
import type { LibraryEntry } from '../../../shared/review/types';

export const STATUS_LABELS: Record<LibraryEntry['reviewStatus'], string> = {
  unreviewed: '未审查',
  draft: '审查中',
  final: '已定稿',
};

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
