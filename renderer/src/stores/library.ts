/**
 * Library store: the document table (sorting, filters, recycle bin), imports with progress,
 * per-file results and cancel, and full-text search.
 */
import { defineStore } from 'pinia';
import { groupByDocument } from '../../../shared/review/search-groups';
import type { LibraryEntry, SearchResult } from '../../../shared/review/types';
import type { SameDocument } from '../../../shared/types';
import { client } from './api';

export { useApi } from './api';

export interface ImportReport {
  fileName: string;
  ok: boolean;
  message: string;
  /** The imported document, and live documents with the same text (the same measure in another file). */
  documentId?: number;
  sameAs?: SameDocument[];
  /** What the reviewer chose about the same text (keep the earlier one, or both), in words. */
  choice?: string;
}

export type SortKey =
  'title' | 'docNumber' | 'issuer' | 'reviewStatus' | 'strong' | 'weak' | 'conclusion' | 'updatedAt';
export type StatusFilter = 'all' | 'unreviewed' | 'draft' | 'final' | 'flagged';

const STATUS_ORDER = { unreviewed: 0, draft: 1, final: 2 } as const;

export const useLibraryStore = defineStore('library', {
  state: () => ({
    documents: [] as LibraryEntry[],
    showDeleted: false,
    loading: false,
    error: null as string | null,
    sort: { key: 'updatedAt' as SortKey, desc: true },
    statusFilter: 'all' as StatusFilter,
    textFilter: '',
    importing: false,
    cancelRequested: false,
    importProgress: { done: 0, total: 0, current: '' },
    reports: [] as ImportReport[],
    query: '',
    results: [] as SearchResult[],
    searching: false,
    searchedFor: '',
  }),
  getters: {
    /** Search hits by document, with each document's file name. */
    resultGroups(state) {
      return groupByDocument(state.results, new Map(state.documents.map((d) => [d.id, d.fileName])));
    },
    /** How the last import went, in one line. */
    reportSummary(state): string {
      const ok = state.reports.filter((r) => r.ok).length;
      const failed = state.reports.length - ok;
      return `导入完成：${ok} 个文件成功${failed ? `，${failed} 个未导入` : ''}`;
    },
    visible(state): LibraryEntry[] {
      const needle = state.textFilter.trim();
      const rows = state.documents.filter((d) => {
        if (state.statusFilter === 'flagged' && d.strong + d.weak === 0) return false;
        if (state.statusFilter !== 'all' && state.statusFilter !== 'flagged' && d.reviewStatus !== state.statusFilter)
          return false;
        if (!needle) return true;
        return [d.title, d.docNumber, d.issuer, d.fileName].some((v) => v?.includes(needle));
      });
      const { key, desc } = state.sort;
      const value = (d: LibraryEntry): string | number => {
        if (key === 'reviewStatus') return STATUS_ORDER[d.reviewStatus];
        const v = d[key];
        return typeof v === 'number' ? v : (v ?? '');
      };
      return [...rows].sort((a, b) => {
        const va = value(a);
        const vb = value(b);
        const c =
          typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'zh-CN');
        return (desc ? -c : c) || b.id - a.id;
      });
    },
  },
  actions: {
    async refresh() {
      this.loading = true;
      this.error = null;
      try {
        this.documents = await client().listDocuments({ deleted: this.showDeleted });
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        this.loading = false;
      }
    },
    setSort(key: SortKey) {
      this.sort =
        this.sort.key === key
          ? { key, desc: !this.sort.desc }
          : { key, desc: key === 'updatedAt' || key === 'strong' || key === 'weak' };
    },
    async toggleDeleted() {
      this.showDeleted = !this.showDeleted;
      await this.refresh();
    },
    /** Imports files one by one; cancel() stops before the next file. */
    async importFiles(files: File[]) {
      if (this.importing || !files.length) return;
      this.importing = true;
      this.cancelRequested = false;
      this.reports = [];
      this.importProgress = { done: 0, total: files.length, current: '' };
      for (const file of files) {
        if (this.cancelRequested) {
          this.reports.push({ fileName: file.name, ok: false, message: '已取消，未导入。' });
          continue;
        }
        this.importProgress.current = file.name;
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const { document, duplicate, warnings, sameAs } = await client().importDocument({ name: file.name, bytes });
          const note = warnings?.length ? `（${warnings.join('；')}）` : '';
          this.reports.push({
            fileName: file.name,
            ok: true,
            message: `${duplicate ? '已存在相同文件' : '已导入'}：《${document.title}》${note}`,
            documentId: document.id,
            sameAs,
          });
        } catch (err) {
          this.reports.push({ fileName: file.name, ok: false, message: (err as Error).message });
        }
        this.importProgress.done++;
      }
      this.importing = false;
      this.importProgress.current = '';
      await this.refresh();
    },
    closeReports() {
      this.reports = [];
    },
    /** Keeps the earlier document with the same text: the one just imported goes to the recycle bin. */
    async keepEarlier(report: ImportReport) {
      if (report.documentId === undefined) return;
      try {
        await client().deleteDocument({ id: report.documentId });
        report.choice = '已保留原有文档，新导入的文档已移入回收站。';
      } catch (err) {
        this.error = (err as Error).message;
      }
      await this.refresh();
    },
    keepBoth(report: ImportReport) {
      report.choice = '两份都已保留。';
    },
    cancelImport() {
      if (this.importing) this.cancelRequested = true;
    },
    async remove(id: number) {
      try {
        await client().deleteDocument({ id });
      } catch (err) {
        this.error = (err as Error).message;
      }
      await this.refresh();
    },
    async restore(id: number) {
      try {
        await client().restoreDocument({ id });
      } catch (err) {
        this.error = (err as Error).message;
      }
      await this.refresh();
    },
    async search(query: string) {
      this.query = query;
      const q = query.trim();
      if (!q) {
        this.results = [];
        this.searchedFor = '';
        return;
      }
      this.searching = true;
      try {
        const results = await client().search({ query: q, limit: 200 });
        // A slower earlier search must not overwrite a newer one.
        if (this.query.trim() === q) {
          this.results = results;
          this.searchedFor = q;
        }
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        this.searching = false;
      }
    },
  },
});
