/** Trust store: the audit check (at start and on demand) and the backups shown in 设置. */
import { defineStore } from 'pinia';
import type { AuditReport, BackupInfo, TrustStatus } from '../../../shared/types';
import { client } from './api';
import { withBusy } from '../lib/busy';

export const useTrustStore = defineStore('trust', {
  state: () => ({
    status: null as TrustStatus | null,
    report: null as AuditReport | null,
    backups: [] as BackupInfo[],
    busy: false,
    message: null as string | null,
    error: null as string | null,
  }),
  getters: {
    /** The start-up (or latest) check found the audit log broken: the banner shows this. */
    brokenAudit(state): string | null {
      const r = state.report ?? state.status?.audit;
      return r && !r.ok ? r.problem : null;
    },
  },
  actions: {
    /** Asks for the start-up check's result until it is in (it runs in the background). */
    async watchStartupCheck(tries = 20, delayMs = 1500) {
      for (let i = 0; i < tries; i++) {
        try {
          this.status = await client().getTrustStatus({});
        } catch {
          return;
        }
        if (this.status.audit) return;
        await new Promise((r) => setTimeout(r, delayMs));
      }
    },
    async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
      this.message = null;
      return withBusy(this, fn);
    },
    async verify() {
      await this.run(async () => {
        this.report = await client().verifyAudit({});
      });
    },
    async loadBackups() {
      await this.run(async () => {
        this.backups = await client().listBackups({});
      });
    },
    async backup() {
      await this.run(async () => {
        const made = await client().createBackup({});
        this.backups = await client().listBackups({});
        this.message = `已备份：${made.name}`;
      });
    },
    async restore(name: string) {
      await this.run(async () => {
        const result = await client().restoreBackup({ name });
        this.report = result.audit;
        this.backups = await client().listBackups({});
        this.message = `已恢复备份 ${result.restored}；原数据库保留为 ${result.replacedAs}。`;
      });
    },
  },
});
