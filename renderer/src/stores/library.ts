/** Library store: the document list, imports with per-file results, and the open document. */
import { defineStore } from 'pinia';
import type { Api } from '../../../shared/api';
import type { DocumentDetail, DocumentSummary } from '../../../shared/types';

export interface ImportReport {
  fileName: string;
  ok: boolean;
  message: string;
}

let api: Api | null = null;

/** Injects the API client (the real one in main.ts, any Api implementation in tests). */
export function useApi(client: Api): void {
  api = client;
}

function client(): Api {
  if (!api) throw new Error('API client not set');
  return api;
}

export const useLibraryStore = defineStore('library', {
  state: () => ({
    documents: [] as DocumentSummary[],
    loading: false,
    error: null as string | null,
    importing: false,
    importProgress: { done: 0, total: 0 },
    reports: [] as ImportReport[],
    current: null as DocumentDetail | null,
  }),
  actions: {
    async refresh() {
      this.loading = true;
      this.error = null;
      try {
        this.documents = await client().listDocuments({});
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        this.loading = false;
      }
    },
    async importFiles(files: File[]) {
      this.importing = true;
      this.reports = [];
      this.importProgress = { done: 0, total: files.length };
      for (const file of files) {
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const { document, duplicate } = await client().importDocument({ name: file.name, bytes });
          this.reports.push({
            fileName: file.name,
            ok: true,
            message: duplicate ? `已存在相同文件：《${document.title}》` : `已导入：《${document.title}》`,
          });
        } catch (err) {
          this.reports.push({ fileName: file.name, ok: false, message: (err as Error).message });
        }
        this.importProgress.done++;
      }
      this.importing = false;
      await this.refresh();
    },
    async open(id: number) {
      this.error = null;
      try {
        this.current = await client().getDocument({ id });
      } catch (err) {
        this.current = null;
        this.error = (err as Error).message;
      }
    },
    close() {
      this.current = null;
    },
  },
});
