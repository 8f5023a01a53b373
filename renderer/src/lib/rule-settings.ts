/** The rule settings form: which rules the settings page shows. */
import type { EditedSetting } from '../../../shared/rule-settings';
import type { Category } from '../../../shared/rules/types';
import type { RuleSettingsRule } from '../../../shared/types';

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
  edited: Readonly<Record<string, EditedSetting>>,
): RuleSettingsRule[] {
  const q = filter.query.trim().toLowerCase();
  return rules.filter(
    (r) =>
      (!filter.category || r.category === filter.category) &&
      (!filter.changedOnly || !!edited[r.id]) &&
      (!q || `${r.id} ${r.standard} ${r.message}`.toLowerCase().includes(q)),
  );
}
