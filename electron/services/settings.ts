/** The reviewer's settings (name and unit), stored as key/value rows. */
import type { Settings } from '../../shared/review/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(key: keyof Settings): string {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? '';
  }

  all(): Settings {
    return { reviewer: this.get('reviewer'), unit: this.get('unit') };
  }

  save(s: Settings, actor: () => string): Settings {
    this.db.transaction(() => {
      const put = this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      put.run('reviewer', s.reviewer.trim());
      put.run('unit', s.unit.trim());
      appendAudit(this.db, { actor: actor(), action: 'settings.save', subject: 'settings', detail: s });
    })();
    return this.all();
  }
}
