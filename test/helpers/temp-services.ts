/**
 * Temporary data folders and services for the tests of one file: every folder made and every
 * service opened is closed and removed after each test.
 */
import { afterEach } from 'vitest';
import { createServices, type ServiceOptions, type Services } from '../../electron/services/index';
import { tempDir } from './paths';

export interface TempServices {
  /** A new empty data folder. */
  newDir(): string;
  /** Services on `dir` (options over the file's defaults), closed after the test. */
  services(dir: string, options?: ServiceOptions): Services;
  /** Closes services now (e.g. before damaging their folder), so that the test's end does not again. */
  close(s: Services): void;
  /** Closes every service open now. */
  closeAll(): void;
}

export function useTempServices(defaults: ServiceOptions = {}): TempServices {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const open = new Set<Services>();
  const closeAll = () => {
    for (const s of open) s.close();
    open.clear();
  };
  afterEach(() => {
    closeAll();
    dirs.splice(0).forEach((d) => d.cleanup());
  });
  return {
    newDir() {
      const tmp = tempDir();
      dirs.push(tmp);
      return tmp.dir;
    },
    services(dir, options) {
      const s = createServices(dir, { ...defaults, ...options });
      open.add(s);
      return s;
    },
    close(s) {
      open.delete(s);
      s.close();
    },
    closeAll,
  };
}
