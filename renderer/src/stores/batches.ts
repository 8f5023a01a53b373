/**
 * Batches store: the batch list, the open batch's status, and an import of files picked in the
 * browser. The browser cannot send paths, so files are uploaded in chunks; the service imports
 * each chunk with every worker and skips files already done, so picking the same folder again
 * resumes an interrupted import.
 */
import { defineStore } from 'pinia';
import type { ArgsOf } from '../../../shared/api';
import {
  errorsCsv,
  isBatchFile,
  isZipArchive,
  type BatchInfo,
  type BatchProgress,
  type BatchStatus,
} from '../../../shared/batch';
import { client } from './api';

/** A picked file and its path inside the folder picked (or its name). */
export interface PickedFile {
  path: string;
  file: File;
}

const CHUNK_FILES = 8;
const CHUNK_BYTES = 16 * 1024 * 1024;
const POLL_MS = 400;

export const useBatchesStore = defineStore('batches', {
  state: () => ({
    batches: [] as BatchInfo[],
    current: null as BatchStatus | null,
    progress: null as BatchProgress | null,
    /** An import of picked files is running. */
    running: false,
    /** When the last import ended (the figures stop there). */
    endedAt: null as number | null,
    error: null as string | null,
  }),
  getters: {
    /** The open batch's per-file errors as CSV, for download. */
    errorsCsv: (s) => (s.current?.errors.length ? errorsCsv(s.current.errors) : null),
  },
  actions: {
    async load() {
      try {
        this.batches = await client().listBatches({});
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    async create(args: ArgsOf<'createBatch'>) {
      this.error = null;
      try {
        const b = await client().createBatch(args);
        await this.load();
        await this.open(b.id);
        return true;
      } catch (err) {
        this.error = (err as Error).message;
        return false;
      }
    },
    async open(id: number) {
      this.error = null;
      try {
        this.current = await client().getBatch({ id });
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    /** Uploads and imports the picked files into the open batch, chunk by chunk, with live progress. */
    async importFiles(picked: PickedFile[]) {
      const batch = this.current;
      if (!batch || this.running) return;
      this.running = true;
      this.endedAt = null;
      const files = picked.filter((p) => isBatchFile(p.path) || isZipArchive(p.path));
      this.error = null;
      const progress: BatchProgress = {
        total: files.length,
        done: 0,
        failed: 0,
        current: null,
        startedAt: new Date().toISOString(),
        cancelled: false,
      };
      this.progress = progress;
      let chunkStart = { done: 0, failed: 0 };
      const poll = setInterval(() => {
        void client()
          .getBatch({ id: batch.id })
          .then((s) => {
            if (!s.running || !this.progress || !this.running) return;
            this.current = s;
            this.progress = {
              ...this.progress,
              done: chunkStart.done + s.running.done,
              failed: chunkStart.failed + s.running.failed,
              current: s.running.current,
            };
          })
          .catch(() => undefined);
      }, POLL_MS);
      try {
        let i = 0;
        while (i < files.length && !this.progress.cancelled) {
          const chunk: PickedFile[] = [];
          let bytes = 0;
          while (
            i < files.length &&
            chunk.length < CHUNK_FILES &&
            (!chunk.length || bytes + files[i]!.file.size <= CHUNK_BYTES)
          ) {
            bytes += files[i]!.file.size;
            chunk.push(files[i++]!);
          }
          this.progress = { ...this.progress, current: chunk[0]!.path };
          const uploads = await Promise.all(
            chunk.map(async (p) => ({ path: p.path, bytes: new Uint8Array(await p.file.arrayBuffer()) })),
          );
          const s = await client().importIntoBatch({ id: batch.id, files: uploads });
          const run = s.running!;
          // Files already done are skipped and archives expand: the run says how many there were.
          chunkStart = { done: chunkStart.done + run.done, failed: chunkStart.failed + run.failed };
          this.progress = {
            ...this.progress,
            total: this.progress.total - chunk.length + run.total,
            done: chunkStart.done,
            failed: chunkStart.failed,
            cancelled: this.progress.cancelled || run.cancelled,
          };
          this.current = s;
        }
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        clearInterval(poll);
        this.running = false;
        this.endedAt = Date.now();
        this.progress = { ...this.progress, current: null };
        this.current = await client().getBatch({ id: batch.id });
        await this.load();
      }
    },
    async cancel() {
      if (!this.current || !this.progress || !this.running) return;
      this.progress = { ...this.progress, cancelled: true };
      this.current = await client().cancelBatchImport({ id: this.current.id });
    },
  },
});
