import { describe, expect, it } from 'vitest';
import { termField, termText } from '../../electron/cli/terminal';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';
import { createServices } from '../../electron/services/index';

describe('terminal output of names from files (issue 13)', () => {
  it('makes escape sequences, control and bidi characters visible, and keeps a field on its row', () => {
    expect(termField('a\u001b[31mred\u001b[0m')).toBe('a\\x1B[31mred\\x1B[0m');
    expect(termField('两行\n名字\t.txt')).toBe('两行\\x0A名字\\x09.txt');
    expect(termField('evil\u202Etxt.exe')).toBe('evil\\u202Etxt.exe');
    expect(termField('\u009b2J')).toBe('\\x9B2J');
    expect(termText('第一行\n第二行\t\u0007')).toBe('第一行\n第二行\t\\x07');
  });

  it('fcr list prints such a name on its own row, without the escape sequence', async () => {
    const tmp = tempDir();
    try {
      const services = createServices(tmp.dir);
      await services.api.importDocument({
        name: '坏\u001b]0;标题\u0007名\n#99\t伪造.txt',
        bytes: new TextEncoder().encode('关于某事项的通知\n正文。'),
      });
      services.close();
      const { out } = await cli('list', '--data-dir', tmp.dir);
      const lines = out.split('\n');
      expect(lines).toHaveLength(2);
      // eslint-disable-next-line no-control-regex -- looking for control characters
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
      expect(lines[1]).toContain('坏\\x1B]0;标题\\x07名\\x0A#99\\x09伪造.txt');
    } finally {
      tmp.cleanup();
    }
  });
});
