/** Settings store: the reviewer profile and what the app reports about itself. */
import { defineStore } from 'pinia';
import type { ArgsOf } from '../../../shared/api';
import type { Settings } from '../../../shared/review/types';
import type { AppInfo } from '../../../shared/types';
import { client } from './api';

export const useSettingsStore = defineStore('settings', {
  state: () => ({
    settings: { reviewer: '', unit: '', contact: '', phone: '' } as Settings,
    info: null as AppInfo | null,
    /** False until the stored settings have arrived: the form stays disabled, so nothing typed is overwritten. */
    loaded: false,
    saved: false,
    error: null as string | null,
  }),
  actions: {
    async load() {
      try {
        [this.settings, this.info] = await Promise.all([client().getSettings({}), client().getAppInfo({})]);
        this.loaded = true;
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    async save(settings: ArgsOf<'saveSettings'>) {
      this.error = null;
      try {
        this.settings = await client().saveSettings(settings);
        this.saved = true;
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
  },
});
