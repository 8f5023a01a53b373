/** What the findings panel lends the selected card: the draft disposition and reason, and the actions. */
import type { InjectionKey, Ref } from 'vue';
import type { Disposition } from '../../../shared/review/model';

export interface FindingEditor {
  draft: Ref<Disposition | null>;
  reason: Ref<string>;
  choose: (d: Disposition) => Promise<void>;
  save: () => Promise<void>;
  clear: () => Promise<void>;
}

export const FINDING_EDITOR: InjectionKey<FindingEditor> = Symbol('finding-editor');
