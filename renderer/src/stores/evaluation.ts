/**
 * Third-party evaluation store (issue 12): the open batch's evaluation overview (records,
 * indicators, sample), the record being edited, and the exports. Every change goes through the
 * API and the overview is reloaded, so the charts always follow the stored records.
 */
import { defineStore } from 'pinia';
import type { ArgsOf } from '../../../shared/api';
import type { EvaluationOverview, EvaluationRecord } from '../../../shared/evaluation';
import type { Standard } from '../../../shared/rules/types';
import { downloadFile } from '../lib/download';
import { client } from './api';

type RecordChange =
  | { kind: 'save'; args: Omit<ArgsOf<'saveEvaluation'>, 'batchId' | 'documentId'> }
  | { kind: 'decide'; args: Omit<ArgsOf<'decideEvaluationFinding'>, 'batchId' | 'documentId'> }
  | { kind: 'add'; args: Omit<ArgsOf<'addEvaluationProblem'>, 'batchId' | 'documentId'> }
  | { kind: 'remove'; args: Omit<ArgsOf<'removeEvaluationProblem'>, 'batchId' | 'documentId'> };

export const useEvaluationStore = defineStore('evaluation', {
  state: () => ({
    batchId: null as number | null,
    overview: null as EvaluationOverview | null,
    record: null as EvaluationRecord | null,
    standards: [] as Standard[],
    exporting: null as 'report' | 'papers' | null,
    error: null as string | null,
  }),
  actions: {
    async load(batchId: number) {
      this.error = null;
      this.batchId = batchId;
      try {
        const overview = await client().getEvaluationOverview({ id: batchId });
        if (this.batchId === batchId) this.overview = overview;
        if (!this.standards.length) this.standards = (await client().getStandards({})).standards;
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    async openRecord(documentId: number) {
      if (!this.batchId) return;
      this.error = null;
      try {
        this.record = await client().getEvaluation({ batchId: this.batchId, documentId });
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    closeRecord() {
      this.record = null;
    },
    /** Applies one change to the open record; true when it was stored. */
    async change(change: RecordChange): Promise<boolean> {
      const r = this.record;
      if (!r) return false;
      const at = { batchId: r.batchId, documentId: r.documentId };
      this.error = null;
      try {
        const api = client();
        if (change.kind === 'save') this.record = await api.saveEvaluation({ ...at, ...change.args });
        else if (change.kind === 'decide') this.record = await api.decideEvaluationFinding({ ...at, ...change.args });
        else if (change.kind === 'add') this.record = await api.addEvaluationProblem({ ...at, ...change.args });
        else this.record = await api.removeEvaluationProblem({ ...at, ...change.args });
        await this.load(r.batchId);
        return true;
      } catch (err) {
        this.error = (err as Error).message;
        return false;
      }
    },
    async exportFile(what: 'report' | 'papers') {
      if (!this.batchId || this.exporting) return;
      this.exporting = what;
      this.error = null;
      try {
        const id = this.batchId;
        downloadFile(
          what === 'report'
            ? await client().exportEvaluationReport({ id })
            : await client().exportEvaluationPapers({ id }),
        );
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        this.exporting = null;
      }
    },
  },
});
