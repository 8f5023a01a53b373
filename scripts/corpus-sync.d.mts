export const ROOT: string;
export const TEAM_SHARED: string;
export const ENTRIES: [from: string, to: string][];
export function compareCorpus(source?: string, root?: string): string[];
export function syncCorpus(source?: string, root?: string): void;
