/**
 * 抽查 store: the open batch's sampling options and plans, the open plan (drawn measures with their
 * inspectors and check progress) and the open check record. Everything is computed by the services.
 */
import { defineStore } from 'pinia';
import type { ArgsOf } from '../../../shared/api';
import type { CheckRecord } from '../../../shared/check-record';
import type {
  CheckRecordView,
  Inspector,
  SamplePlanDetail,
  SamplePlanSummary,
  SamplingOptions,
} from '../../../shared/sampling';
import { downloadFile } from '../lib/download';
import { client } from './api';
import { withBusy } from '../lib/busy';

export const useSamplingStore = defineStore('sampling', {
  state: () => ({
    batchId: null as number | null,
    options: null as SamplingOptions | null,
    plans: [] as SamplePlanSummary[],
    plan: null as SamplePlanDetail | null,
    check: null as CheckRecordView | null,
    busy: false,
    error: null as string | null,
    notice: null as string | null,
  }),
  actions: {
    async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
      this.notice = null;
      return withBusy(this, fn);
    },
    async load(batchId: number) {
      if (this.batchId !== batchId) {
        this.plan = null;
        this.check = null;
      }
      this.batchId = batchId;
      await this.run(async () => {
        this.options = await client().getSamplingOptions({ batchId });
        this.plans = await client().listSamplePlans({ batchId });
        if (!this.plan && this.plans.length) this.plan = await client().getSamplePlan({ planId: this.plans[0]!.id });
      });
    },
    async draw(args: Omit<ArgsOf<'drawSample'>, 'batchId'>) {
      if (this.batchId === null) return;
      const batchId = this.batchId;
      await this.run(async () => {
        this.plan = await client().drawSample({ ...args, batchId });
        this.plans = await client().listSamplePlans({ batchId });
      });
    },
    async openPlan(planId: number) {
      await this.run(async () => {
        this.plan = await client().getSamplePlan({ planId });
      });
    },
    async assign(roster: Inspector[], perMeasure: number) {
      if (!this.plan) return;
      const planId = this.plan.plan.id;
      await this.run(async () => {
        this.plan = await client().assignInspectors({ planId, roster, perMeasure });
      });
    },
    async openCheck(documentId: number) {
      if (!this.plan) return;
      const planId = this.plan.plan.id;
      await this.run(async () => {
        this.check = await client().getCheckRecord({ planId, documentId });
      });
    },
    closeCheck() {
      this.check = null;
    },
    async saveCheck(record: CheckRecord): Promise<boolean> {
      if (!this.check) return false;
      const { planId } = this.check;
      const documentId = this.check.measure.documentId;
      const saved = await this.run(async () => {
        this.check = await client().saveCheckRecord({ planId, documentId, record });
        this.plan = await client().getSamplePlan({ planId });
        return true;
      });
      if (saved) this.notice = '检查记录已保存。';
      return saved === true;
    },
    async exportResults(format: 'docx' | 'xlsx') {
      if (!this.plan) return;
      const planId = this.plan.plan.id;
      await this.run(async () => downloadFile(await client().exportSampleResults({ planId, format })));
    },
  },
});
