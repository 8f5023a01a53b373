/** The reviewer's settings (name, unit, the unit's contact and phone), stored as key/value rows. */
import type { ArgsOf } from '../../shared/api.js';
import type { Settings } from '../../shared/review/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';

const KEYS = ['reviewer', 'unit', 'contact', 'phone'] as const;

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(key: keyof Settings): string {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? '';
  }

  all(): Settings {
    return Object.fromEntries(KEYS.map((k) => [k, this.get(k)])) as unknown as Settings;
  }

  /** Saves the given keys; a key left out (contact, phone) keeps its value. */
  save(s: ArgsOf<'saveSettings'>, actor: () => string): Settings {
    this.db.transaction(() => {
      const put = this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      for (const key of KEYS) {
        const value = s[key];
        if (value !== undefined) put.run(key, value.trim());
      }
      appendAudit(this.db, { actor: actor(), action: 'settings.save', subject: 'settings', detail: s });
    })();
    return this.all();
  }
}
