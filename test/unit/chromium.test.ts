import { describe, expect, it } from 'vitest';
import { resolveChromium, type ResolveOptions } from '../../scripts/chromium';

const SYSTEM = '/usr/bin/chromium';
const NPM = '/tmp/chromium';
const NPM_LIBS = '/tmp/al2023/lib';

function options(env: Record<string, string>, files: string[], extra: Partial<ResolveOptions> = {}) {
  const unpacked: string[] = [];
  const opts: ResolveOptions = {
    env,
    exists: (file) => files.includes(file),
    platform: 'linux',
    arch: 'x64',
    bundled: async () => {
      unpacked.push(NPM);
      return { executablePath: NPM, libraryPath: NPM_LIBS };
    },
    ...extra,
  };
  return { opts, unpacked };
}

describe('resolveChromium', () => {
  it('takes CHROMIUM_PATH first, even when a system Chromium exists', async () => {
    const { opts, unpacked } = options({ CHROMIUM_PATH: '/opt/c/chrome' }, ['/opt/c/chrome', SYSTEM]);
    expect(await resolveChromium(opts)).toEqual({
      executablePath: '/opt/c/chrome',
      args: expect.arrayContaining(['--no-sandbox']),
      source: 'env',
    });
    expect(unpacked).toEqual([]);
  });

  it('refuses a CHROMIUM_PATH that names no file', async () => {
    const { opts } = options({ CHROMIUM_PATH: '/nowhere/chrome' }, [SYSTEM]);
    await expect(resolveChromium(opts)).rejects.toThrow('CHROMIUM_PATH=/nowhere/chrome: no such file.');
  });

  it('then a system Chromium at a known path, without unpacking the npm one', async () => {
    const { opts, unpacked } = options({}, ['/usr/bin/google-chrome', SYSTEM]);
    expect(await resolveChromium(opts)).toMatchObject({ executablePath: SYSTEM, source: 'system' });
    expect(unpacked).toEqual([]);
  });

  it('then a Chromium or Chrome on PATH', async () => {
    const { opts } = options({ PATH: '/a:/opt/bin' }, ['/opt/bin/google-chrome']);
    expect(await resolveChromium(opts)).toMatchObject({ executablePath: '/opt/bin/google-chrome', source: 'system' });
  });

  it('then the npm Chromium when no system browser exists', async () => {
    const { opts, unpacked } = options({ PATH: '/usr/bin', LD_LIBRARY_PATH: '/opt/lib' }, []);
    const found = await resolveChromium(opts);
    expect(found).toMatchObject({ executablePath: NPM, source: 'bundled' });
    expect(found.args).toContain('--no-sandbox');
    // It runs with the libraries it ships, ahead of any set by the caller.
    expect(found.env).toEqual({ LD_LIBRARY_PATH: `${NPM_LIBS}:/opt/lib` });
    expect(unpacked).toEqual([NPM]);
  });

  it('FCR_E2E_BROWSER=bundled skips the system lookup but not CHROMIUM_PATH', async () => {
    expect(await resolveChromium(options({ FCR_E2E_BROWSER: 'bundled' }, [SYSTEM]).opts)).toMatchObject({
      source: 'bundled',
    });
    const withEnv = options({ FCR_E2E_BROWSER: 'bundled', CHROMIUM_PATH: SYSTEM }, [SYSTEM]).opts;
    expect(await resolveChromium(withEnv)).toMatchObject({ source: 'env' });
  });

  it('FCR_E2E_BROWSER=system fails instead of falling back; other values are refused', async () => {
    await expect(resolveChromium(options({ FCR_E2E_BROWSER: 'system' }, []).opts)).rejects.toThrow(
      'no system Chromium',
    );
    await expect(resolveChromium(options({ FCR_E2E_BROWSER: 'firefox' }, []).opts)).rejects.toThrow(
      'FCR_E2E_BROWSER=firefox',
    );
  });

  it('says what to do where the npm Chromium does not run', async () => {
    const { opts, unpacked } = options({}, [], { platform: 'darwin', arch: 'arm64' });
    await expect(resolveChromium(opts)).rejects.toThrow(/Linux x64 only.*CHROMIUM_PATH/);
    expect(unpacked).toEqual([]);
  });
});
