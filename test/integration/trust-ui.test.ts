/** The 设置 trust operations and the start-up banner, driven through the renderer's store against real services. */
import Database from 'better-sqlite3';
import { createPinia, setActivePinia } from 'pinia';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/services/db';
import { createServices, type Services } from '../../electron/services/index';
import { useApi } from '../../renderer/src/stores/api';
import { useTrustStore } from '../../renderer/src/stores/trust';
import { tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeEach(() => {
  tmp = tempDir();
  setActivePinia(createPinia());
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

const start = async () => {
  services = createServices(tmp.dir, { app: 'test' });
  useApi(services.api);
  await services.startBackground();
};

describe('trust store (设置 and the banner)', () => {
  it('makes a daily backup at start, lists it, backs up on demand and restores', async () => {
    await start();
    const trust = useTrustStore();
    await trust.watchStartupCheck(1, 0);
    expect(trust.status?.audit?.ok).toBe(true);
    expect(trust.brokenAudit).toBeNull();
    await trust.loadBackups();
    expect(trust.backups.map((b) => b.kind)).toEqual(['daily']);
    await services.api.saveSettings({ reviewer: '张三', unit: '' });
    await trust.backup();
    expect(trust.message).toMatch(/^已备份：fcr-.*-manual\.sqlite3$/);
    await services.api.saveSettings({ reviewer: '李四', unit: '' });
    await trust.restore(trust.backups[0]!.name);
    expect(trust.error).toBeNull();
    expect(trust.message).toMatch(/已恢复备份 .*原数据库保留为/);
    expect((await services.api.getSettings({})).reviewer).toBe('张三');
    await trust.verify();
    expect(trust.report?.ok).toBe(true);
  });

  it('warns at start when the audit log was changed behind the app’s back', async () => {
    services = createServices(tmp.dir);
    await services.api.saveSettings({ reviewer: '张三', unit: '' });
    await services.api.saveSettings({ reviewer: '李四', unit: '' });
    services.close();
    const db = new Database(path.join(tmp.dir, DB_FILE_NAME));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = '王五' WHERE id = 1;");
    db.close();
    await start();
    const trust = useTrustStore();
    await trust.watchStartupCheck(1, 0);
    expect(trust.brokenAudit).toMatch(/保护触发器 audit_log_no_update 不存在/);
    await trust.verify();
    expect(trust.report?.problems.join()).toMatch(/第 1 条记录.*被改动过/);
  });
});
