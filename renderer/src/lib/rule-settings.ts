/** The rule settings form: what the settings page lists, and the input a save sends. */
import type { Category } from '../../../shared/rules/types';
import type { RuleSettingValue, RuleSettingsRule } from '../../../shared/types';

/** A place name the settings accept: 2–20 Chinese characters (as the settings file's schema). */
const PLACE = /^[\u4e00-\u9fa5]{2,20}$/;

/**
 * The place names typed into the form, one per line or separated by 、，, ; or spaces; duplicates
 * dropped. `invalid`: the entries that are not 2–20 Chinese characters.
 */
export function parsePlaces(text: string): { places: string[]; invalid: string[] } {
  const names = [...new Set(text.split(/[\s、，,；;]+/u).filter(Boolean))];
  return { places: names.filter((n) => PLACE.test(n)), invalid: names.filter((n) => !PLACE.test(n)) };
}

export interface RuleFilter {
  category: Category | '';
  /** Matched against the rule's id, standard and message. */
  query: string;
  /** Only rules the deployment has set (off or another level). */
  changedOnly: boolean;
}

/** The rules shown, given the filter and the settings being edited (id → setting, '' = as the rule file). */
export function filterRules(
  rules: readonly RuleSettingsRule[],
  filter: RuleFilter,
  edited: Readonly<Record<string, RuleSettingValue | ''>>,
): RuleSettingsRule[] {
  const q = filter.query.trim().toLowerCase();
  return rules.filter(
    (r) =>
      (!filter.category || r.category === filter.category) &&
      (!filter.changedOnly || !!edited[r.id]) &&
      (!q || `${r.id} ${r.standard} ${r.message}`.toLowerCase().includes(q)),
  );
}

/** The save's rule list: every rule whose setting differs from its rule file. */
export function changedRules(
  rules: readonly RuleSettingsRule[],
  edited: Readonly<Record<string, RuleSettingValue | ''>>,
): { id: string; setting: RuleSettingValue }[] {
  const out: { id: string; setting: RuleSettingValue }[] = [];
  for (const r of rules) {
    const s = edited[r.id];
    if (s && s !== r.level) out.push({ id: r.id, setting: s });
  }
  return out;
}
