/** Rule settings store: the data folder's rules.config.yaml as the settings page edits it. */
import { defineStore } from 'pinia';
import { changedRules, editedOf, parsePlaces, type EditedSetting } from '../../../shared/rule-settings';
import type { RuleSettings } from '../../../shared/types';
import { withBusy } from '../lib/busy';
import { client } from './api';

export const useRuleSettingsStore = defineStore('ruleSettings', {
  state: () => ({
    current: null as RuleSettings | null,
    /** The form: rule id → setting ('' = as the rule file says). */
    edited: {} as Record<string, EditedSetting>,
    placesText: '',
    dirty: false,
    busy: false,
    error: null as string | null,
    message: null as string | null,
  }),
  getters: {
    changedCount(state): number {
      return state.current ? changedRules(state.current.rules, state.edited).length : 0;
    },
  },
  actions: {
    show(settings: RuleSettings) {
      this.current = settings;
      this.edited = editedOf(settings);
      this.placesText = settings.places.join('\n');
      this.dirty = false;
    },
    async load() {
      const s = await withBusy(this, () => client().getRuleSettings({}));
      if (s) this.show(s);
    },
    set(id: string, setting: EditedSetting) {
      this.edited[id] = setting;
      this.dirty = true;
      this.message = null;
    },
    setPlaces(text: string) {
      this.placesText = text;
      this.dirty = true;
      this.message = null;
    },
    async save() {
      if (!this.current) return;
      const { places, invalid } = parsePlaces(this.placesText);
      if (invalid.length) {
        this.error = `本地地名应为 2–20 个汉字：${invalid.map((n) => `“${n}”`).join('、')}`;
        return;
      }
      this.message = null;
      const s = await withBusy(this, () =>
        client().saveRuleSettings({ rules: changedRules(this.current!.rules, this.edited), places }),
      );
      if (!s) return;
      this.show(s);
      this.message = `规则设置已生效（规则版本 ${s.rulesetVersion}）。新导入的文件按新设置扫描；已导入的文件可在审查页“按新规则重新扫描”。`;
    },
  },
});
