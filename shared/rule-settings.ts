/**
 * The rule settings as the settings page and `fcr rules` edit them: a deployment's settings are
 * sent whole (every rule set otherwise than its file, and the place names), so both build that
 * input here from what they show and what the user changed.
 */
import type { RuleSettings, RuleSettingValue, RuleSettingsRule } from './types.js';

/** A place name the settings accept: 2–20 Chinese characters (as the settings file's schema). */
const PLACE = /^[\u4e00-\u9fa5]{2,20}$/;

/**
 * Place names as typed: one per line or separated by 、，, ; or spaces; duplicates dropped.
 * `invalid`: the entries that are not 2–20 Chinese characters.
 */
export function parsePlaces(text: string): { places: string[]; invalid: string[] } {
  const names = [...new Set(text.split(/[\s、，,；;]+/u).filter(Boolean))];
  return { places: names.filter((n) => PLACE.test(n)), invalid: names.filter((n) => !PLACE.test(n)) };
}

/** An edited setting: '' = as the rule file says. */
export type EditedSetting = RuleSettingValue | '';

/** The save's rule list: every rule whose edited setting differs from its rule file. */
export function changedRules(
  rules: readonly RuleSettingsRule[],
  edited: Readonly<Record<string, EditedSetting>>,
): { id: string; setting: RuleSettingValue }[] {
  const out: { id: string; setting: RuleSettingValue }[] = [];
  for (const r of rules) {
    const s = edited[r.id];
    if (s && s !== r.level) out.push({ id: r.id, setting: s });
  }
  return out;
}

/** The settings as they stand, as an edit (rule id → setting). */
export function editedOf(settings: RuleSettings): Record<string, EditedSetting> {
  return Object.fromEntries(settings.rules.map((r) => [r.id, r.setting ?? '']));
}
