/**
 * The data folder's rule settings (rules.config.yaml) as the settings page edits them: which rules
 * are off or at another level, and the deployment's own place names. A save is validated by
 * compiling the rule set with the new file before it replaces the old one, written to a temporary
 * file and renamed into place in the same transaction as its audit entry, and the new rule set is
 * in force at once (the import workers load it by the file's content). Comments and keys a person
 * wrote into the file are kept.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ArgsOf } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import type { Category } from '../../shared/rules/types.js';
import type { RuleSettings, RuleSettingValue } from '../../shared/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import { CONFIG_FILE, loadRules, type LoadedRules } from './rules.js';

type YamlModule = typeof import('yaml');
type YamlDocument = import('yaml').Document;
const yaml = (): YamlModule => createRequire(import.meta.url)('yaml') as YamlModule;

export interface RuleSettingsContext {
  db: Db;
  dataDir: string;
  actor: () => string;
  /** The rule set in force (throws when the settings file cannot be used). */
  rules: () => LoadedRules;
  /** Puts a newly loaded rule set in force. */
  replaceRules: (loaded: LoadedRules) => void;
}

const HEADER = ' 审查助手的本地规则设置：停用规则、调整强弱、增加本地地名（“设置”页面保存时写入，也可手工编辑）。\n';

export class RuleSettingsService {
  constructor(private readonly ctx: RuleSettingsContext) {}

  private get file(): string {
    return path.join(this.ctx.dataDir, CONFIG_FILE);
  }

  view(): RuleSettings {
    const file = this.file;
    let loaded: LoadedRules;
    let problem: string | null = null;
    try {
      loaded = this.ctx.rules();
    } catch (err) {
      // The settings file cannot be used: list the rules as their files give them.
      problem = (err as Error).message;
      loaded = loadRules();
    }
    // The settings in force (a file edited by hand since they were loaded is read at the next start).
    const { settings } = loaded;
    const off = new Set(settings.off);
    const categories = new Map(loaded.standards.map((s) => [s.id, s.category as Category]));
    return {
      file,
      exists: existsSync(file),
      problem,
      rulesetVersion: loaded.ruleSet.version,
      rules: loaded.all.map((d) => ({
        id: d.id,
        standard: d.standard,
        category: d.category ?? categories.get(d.standard)!,
        level: d.level,
        message: d.message,
        file: d.file,
        setting: off.has(d.id) ? 'off' : (settings.levels[d.id] ?? null),
      })),
      places: settings.places,
    };
  }

  save(input: ArgsOf<'saveRuleSettings'>): RuleSettings {
    const file = this.file;
    const { doc, dropped } = this.document(file);
    const rules = new Map<string, RuleSettingValue>();
    for (const r of input.rules) rules.set(r.id, r.setting);
    const places = [...new Set(input.places.map((p) => p.trim()).filter(Boolean))];
    this.setRules(doc, rules);
    if (places.length) {
      const seq = doc.createNode(places);
      seq.flow = places.length <= 20;
      doc.set('places', seq);
    } else doc.delete('places');
    const text = doc.toString({ lineWidth: 0 });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text, { flush: true });
      let loaded: LoadedRules;
      try {
        // Validates the settings against the rules and compiles the rule set they give.
        loaded = loadRules(undefined, { config: tmp });
      } catch (err) {
        throw new FcrError('BAD_ARGS', (err as Error).message.replace(tmp, file));
      }
      this.ctx.db.transaction(() => {
        appendAudit(this.ctx.db, {
          actor: this.ctx.actor(),
          action: 'rules.settings',
          subject: CONFIG_FILE,
          detail: { rules: Object.fromEntries(rules), places, rulesetVersion: loaded.ruleSet.version },
        });
        // What could not be kept (an unreadable file, unknown keys) stays beside it.
        if (dropped) copyFileSync(file, `${file}.bak`);
        renameSync(tmp, file);
      })();
      this.ctx.replaceRules(loaded);
    } finally {
      rmSync(tmp, { force: true });
    }
    return this.view();
  }

  /**
   * Puts the rules' settings into the document: an entry kept as it is where its value is the same
   * (its comments with it), its value changed in place where it differs, removed where the rule is
   * no longer set, and new rules appended in id order.
   */
  private setRules(doc: YamlDocument, rules: ReadonlyMap<string, RuleSettingValue>): void {
    const Y = yaml();
    const existing = doc.get('rules', true);
    if (!rules.size) {
      doc.delete('rules');
      return;
    }
    if (!Y.isMap(existing)) {
      doc.set('rules', Object.fromEntries([...rules].sort(([a], [b]) => a.localeCompare(b))));
      return;
    }
    const seen = new Set<string>();
    for (const pair of [...existing.items]) {
      const id = String(Y.isScalar(pair.key) ? pair.key.value : pair.key);
      const setting = rules.get(id);
      if (!setting || seen.has(id)) existing.delete(pair.key);
      else if (Y.isScalar(pair.value)) pair.value.value = setting;
      else pair.value = doc.createNode(setting);
      seen.add(id);
    }
    for (const id of [...rules.keys()].sort()) if (!seen.has(id)) existing.set(id, rules.get(id));
  }

  /**
   * The settings file as a YAML document to edit, its comments kept; a new one when it is absent or
   * unreadable. `dropped`: some of the file's content (all of it, or keys the settings do not
   * have) will not be kept.
   */
  private document(file: string) {
    const Y = yaml();
    if (existsSync(file)) {
      const doc = Y.parseDocument(readFileSync(file, 'utf8'));
      if (!doc.errors.length && doc.contents === null) {
        // Comments only: they are kept.
        const fresh = new Y.Document({});
        fresh.commentBefore = doc.commentBefore ?? doc.comment ?? HEADER;
        return { doc: fresh, dropped: false };
      }
      if (!doc.errors.length && Y.isMap(doc.contents)) {
        let dropped = false;
        for (const pair of [...doc.contents.items]) {
          const key = Y.isScalar(pair.key) ? pair.key.value : pair.key;
          if (key !== 'rules' && key !== 'places') {
            doc.delete(pair.key);
            dropped = true;
          }
        }
        return { doc, dropped };
      }
    }
    const doc = new Y.Document({});
    doc.commentBefore = HEADER;
    return { doc, dropped: existsSync(file) };
  }
}
