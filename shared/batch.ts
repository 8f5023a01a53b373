/**
 * Batches (issue 12): a named set of documents imported together for 抽查, 第三方评估 or 清理,
 * with per-file state so that an interrupted import resumes where it stopped. Pure TS: the
 * progress figures and the error list's CSV are computed here for the CLI and the UI alike.
 */

export type BatchKind = 'sampling' | 'evaluation' | 'cleanup';

export const BATCH_KINDS: readonly BatchKind[] = ['sampling', 'evaluation', 'cleanup'];

export const BATCH_KIND_LABELS: Record<BatchKind, string> = {
  sampling: '抽查',
  evaluation: '第三方评估',
  cleanup: '清理',
};

/**
 * File extensions a batch import picks up from folders and archives (the format is still
 * sniffed): documents, and review bundles exported by agencies (.fcrbundle; a bundle renamed
 * .zip is recognised by its content).
 */
export const BATCH_EXTENSIONS = ['.docx', '.pdf', '.ofd', '.txt', '.html', '.htm', '.fcrbundle'] as const;

export function isBatchFile(path: string): boolean {
  const base = path.split('/').pop() ?? path;
  if (base.startsWith('.') || base.startsWith('~$')) return false;
  const lower = base.toLowerCase();
  return BATCH_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** A review bundle by its name (.fcrbundle). */
export const isBundleFile = (path: string): boolean => isBatchFile(path) && path.toLowerCase().endsWith('.fcrbundle');

export const isZipArchive = (path: string): boolean => path.toLowerCase().endsWith('.zip');

export interface BatchInfo {
  id: number;
  name: string;
  kind: BatchKind;
  /** Commissioning body (委托单位 / 组织单位). */
  body: string | null;
  period: string | null;
  region: string | null;
  sector: string | null;
  level: string | null;
  createdAt: string;
  counts: BatchCounts;
}

export interface BatchCounts {
  total: number;
  pending: number;
  done: number;
  failed: number;
}

export interface BatchError {
  path: string;
  message: string;
}

/** A running import's progress. */
export interface BatchProgress {
  /** Files this run has to do (those already done are not counted). */
  total: number;
  done: number;
  failed: number;
  current: string | null;
  startedAt: string;
  cancelled: boolean;
}

export interface BatchStatus extends BatchInfo {
  errors: BatchError[];
  running: BatchProgress | null;
}

export interface ProgressFigures {
  finished: number;
  total: number;
  /** Documents per second so far. */
  rate: number;
  /** Seconds left at the current rate, null before the first file finishes. */
  secondsLeft: number | null;
}

export function progressFigures(
  p: Pick<BatchProgress, 'total' | 'done' | 'failed'>,
  elapsedMs: number,
): ProgressFigures {
  const finished = p.done + p.failed;
  const rate = elapsedMs > 0 ? (finished * 1000) / elapsedMs : 0;
  const secondsLeft = finished > 0 && rate > 0 ? Math.max(0, (p.total - finished) / rate) : null;
  return { finished, total: p.total, rate, secondsLeft };
}

/** One progress line: “12/200 · 3.4 份/秒 · 剩余约 55 秒 · 当前：a/b.docx”. */
export function progressLine(p: BatchProgress, elapsedMs: number): string {
  const f = progressFigures(p, elapsedMs);
  const left = f.secondsLeft === null ? '' : ` · 剩余约 ${formatSeconds(f.secondsLeft)}`;
  const failed = p.failed ? ` · 失败 ${p.failed}` : '';
  const current = p.current ? ` · 当前：${p.current}` : '';
  return `${f.finished}/${f.total} · ${f.rate.toFixed(1)} 份/秒${left}${failed}${current}`;
}

export function formatSeconds(s: number): string {
  const n = Math.round(s);
  return n < 60 ? `${n} 秒` : `${Math.floor(n / 60)} 分 ${n % 60} 秒`;
}

/** The per-file error list as CSV (UTF-8 with BOM so that Excel reads the Chinese). */
export function errorsCsv(errors: readonly BatchError[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\ufeff' + ['文件,错误', ...errors.map((e) => `${cell(e.path)},${cell(e.message)}`)].join('\r\n') + '\r\n';
}
