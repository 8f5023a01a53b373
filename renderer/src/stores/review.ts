/**
 * Review workspace store: the open document, its review state (findings with dispositions,
 * checklist, conclusion, revisions), the standards catalogue, and the reviewer's cursor (selected
 * finding, active tab). Every change goes through the API and the returned state replaces ours.
 */
import { defineStore } from 'pinia';
import { markRaw, nextTick } from 'vue';
import type { ArgsOf } from '../../../shared/api';
import { draftOpinion } from '../../../shared/export/opinion-draft';
import type { Disposition } from '../../../shared/review/model';
import type {
  HistoryEntry,
  ReviewState,
  RevisionDocument,
  StandardsCatalog,
  StoredFinding,
} from '../../../shared/review/types';
import type { DocumentDetail } from '../../../shared/types';
import { nextPaint } from '../lib/paint';
import { reuseUnchanged } from '../lib/reuse';
import { downloadFile } from '../lib/download';
import { client } from './api';
import { withBusy } from '../lib/busy';

export type Tab = 'findings' | 'checklist' | 'conclusion' | 'history';

export const useReviewStore = defineStore('review', {
  state: () => ({
    documentId: null as number | null,
    document: null as DocumentDetail | null,
    state: null as ReviewState | null,
    catalog: null as StandardsCatalog | null,
    history: [] as HistoryEntry[],
    selectedId: null as number | null,
    tab: 'findings' as Tab,
    loading: false,
    busy: false,
    error: null as string | null,
    /** What the last rescan changed, in words (shown until another document is opened). */
    rescanSummary: null as string | null,
    /** Milliseconds from open() to the text and findings painted (shown in the status bar). */
    openMs: null as number | null,
  }),
  getters: {
    findings(state): StoredFinding[] {
      return state.state?.findings ?? [];
    },
    selected(state): StoredFinding | null {
      return state.state?.findings.find((f) => f.id === state.selectedId) ?? null;
    },
    locked(state): boolean {
      return state.state?.review.status === 'final';
    },
    standardsById(state) {
      return new Map((state.catalog?.standards ?? []).map((s) => [s.id, s]));
    },
    /** The 审查意见 drafted from the adopted findings, shown while the stored opinion is empty. */
    opinionDraft(state): string {
      return state.state && state.catalog
        ? draftOpinion({ state: state.state, standards: state.catalog.standards })
        : '';
    },
    openCount(state): number {
      return (state.state?.findings ?? []).filter((f) => f.disposition === null).length;
    },
  },
  actions: {
    async open(documentId: number) {
      const started = performance.now();
      this.documentId = documentId;
      this.loading = true;
      this.error = null;
      this.selectedId = null;
      this.rescanSummary = null;
      // Nothing of the previous document may show while this one loads.
      this.history = [];
      this.openMs = null;
      try {
        const [document, state, catalog] = await Promise.all([
          client().getDocument({ id: documentId }),
          client().getReview({ documentId }),
          this.catalog ? Promise.resolve(this.catalog) : client().getStandards({}),
        ]);
        if (this.documentId !== documentId) return;
        // Documents and review states are replaced whole, never mutated: keep them out of Vue's
        // deep reactivity (proxying a 300-page document's clause tree costs more than drawing it).
        this.document = markRaw(document);
        this.state = markRaw(state);
        this.catalog = markRaw(catalog);
        if (this.tab === 'history') await this.loadHistory();
      } catch (err) {
        this.document = null;
        this.state = null;
        this.error = (err as Error).message;
        return;
      } finally {
        this.loading = false;
      }
      // What the reviewer waits: until the text and findings are drawn, not just fetched.
      await nextTick();
      await nextPaint();
      if (this.documentId === documentId) this.openMs = Math.round(performance.now() - started);
    },
    /** Runs a state-changing call; on error keeps the state and shows the message. */
    async apply(call: () => Promise<ReviewState>): Promise<boolean> {
      return this.busyWith(async () => {
        const next = await call();
        // Unchanged findings keep their objects: the list redraws only the cards that changed.
        this.state = markRaw({ ...next, findings: reuseUnchanged(this.state?.findings, next.findings) });
        if (this.tab === 'history') await this.loadHistory();
      });
    },
    /** Runs a call with the busy flag; on error shows the message and returns false. */
    async busyWith(call: () => Promise<void>): Promise<boolean> {
      const done = await withBusy(this, async () => {
        await call();
        return true;
      });
      return done ?? false;
    },
    dispose(findingId: number, disposition: Disposition | null, reason: string) {
      return this.apply(() =>
        client().setDisposition({ documentId: this.documentId!, findingId, disposition, reason }),
      );
    },
    addManual(input: Omit<ArgsOf<'addManualFinding'>, 'documentId'>) {
      return this.apply(() => client().addManualFinding({ documentId: this.documentId!, ...input }));
    },
    removeManual(findingId: number) {
      return this.apply(() => client().removeManualFinding({ documentId: this.documentId!, findingId }));
    },
    saveChecklistItem(item: Omit<ArgsOf<'saveChecklistItem'>, 'documentId'>) {
      return this.apply(() => client().saveChecklistItem({ documentId: this.documentId!, ...item }));
    },
    /** Saves the conclusion; the untouched draft opinion is not stored, so it follows later dispositions. */
    saveConclusion(input: Omit<ArgsOf<'saveConclusion'>, 'documentId'>) {
      const opinion = input.opinion === this.opinionDraft ? '' : input.opinion;
      return this.apply(() => client().saveConclusion({ documentId: this.documentId!, ...input, opinion }));
    },
    finalize() {
      return this.apply(() => client().finalizeReview({ documentId: this.documentId! }));
    },
    revise() {
      return this.apply(() => client().reviseReview({ documentId: this.documentId! }));
    },
    /** A new revision that takes the revised draft (修改稿): the document's text is the draft's after it. */
    async reviseWithDraft(file: File): Promise<boolean> {
      const documentId = this.documentId!;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const ok = await this.apply(() => client().reviseReview({ documentId, file: { name: file.name, bytes } }));
      if (ok && this.documentId === documentId) this.document = markRaw(await client().getDocument({ id: documentId }));
      return ok;
    },
    /** An earlier revision's text and findings (kept when a revised draft replaced them). */
    async revisionDocument(revision: number): Promise<RevisionDocument | null> {
      try {
        return await client().getRevisionDocument({ documentId: this.documentId!, revision });
      } catch (err) {
        this.error = (err as Error).message;
        return null;
      }
    },
    rescan() {
      return this.apply(async () => {
        const { changes, ...state } = await client().rescanDocument({ documentId: this.documentId! });
        this.rescanSummary = `已按新规则重新扫描：${changes.summary}。`;
        return state;
      });
    },
    async updateMeta(meta: Omit<ArgsOf<'updateDocumentMeta'>, 'id'>): Promise<boolean> {
      if (!this.document) return false;
      this.error = null;
      try {
        const entry = await client().updateDocumentMeta({ id: this.document.id, ...meta });
        const { title, docNumber, issuer, docDate } = entry;
        this.document = markRaw({ ...this.document, title, docNumber, issuer, docDate });
        return true;
      } catch (err) {
        this.error = (err as Error).message;
        return false;
      }
    },
    /** Exports the 审查意见 or the 审查表 as .docx and hands it to the browser as a download. */
    exportDocx(kind: 'opinion' | 'form'): Promise<boolean> {
      const args = { documentId: this.documentId! };
      return this.busyWith(async () =>
        downloadFile(kind === 'opinion' ? await client().exportOpinion(args) : await client().exportForm(args)),
      );
    },
    async loadHistory() {
      const documentId = this.documentId;
      if (documentId === null) return;
      try {
        const history = await client().getReviewHistory({ documentId });
        if (this.documentId === documentId) this.history = history;
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    select(id: number | null) {
      this.selectedId = id;
      if (id !== null) this.tab = 'findings';
    },
    /** Moves the cursor to the next (+1) or previous (-1) finding, wrapping around. */
    step(delta: 1 | -1) {
      const list = this.findings;
      if (!list.length) return;
      const at = list.findIndex((f) => f.id === this.selectedId);
      const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : (at + delta + list.length) % list.length;
      this.select(list[next]!.id);
    },
    setTab(tab: Tab) {
      this.tab = tab;
      if (tab === 'history') void this.loadHistory();
    },
  },
});
