/**
 * fcr rules — the data folder's rule settings from the command line, as 设置 → 规则设置 edits
 * them: list the rules with their settings, switch rules off or change their level, add or
 * remove local place names. Everything goes through the same API (and the same save).
 */
import { CATEGORY_LABELS } from '../../../shared/review/model.js';
import { changedRules, editedOf, parsePlaces, type EditedSetting } from '../../../shared/rule-settings.js';
import type { RuleSettings } from '../../../shared/types.js';
import { choice, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { termField } from '../terminal.js';

const LEVEL: Record<string, string> = { strong: '强', weak: '弱', off: '停用' };
const VALUES: Record<string, EditedSetting> = { off: 'off', strong: 'strong', weak: 'weak', default: '' };

export const rules: Command = {
  spec: {
    usage: [
      ['fcr rules [list] [--changed] [--format text|json]', '列出规则及本地设置（--changed：只列已停用或改变强弱的）'],
      [
        'fcr rules set ID… off|strong|weak|default',
        '停用规则、改变强弱，或恢复为规则文件的设置（写入数据目录的 rules.config.yaml）',
      ],
      ['fcr rules places [add|remove 地名…]', '列出、增加或删除本地地名（并入地名表）'],
    ],
    values: ['--format'],
    flags: ['--changed'],
  },
  async run(ctx) {
    const [sub = 'list', ...rest] = ctx.args.positionals;
    switch (sub) {
      case 'list':
        if (rest.length) throw new UsageError(`rules list 不接受多余的参数：${rest.join(' ')}`);
        return list(ctx);
      case 'set':
        return set(ctx, rest);
      case 'places':
        return places(ctx, rest);
      default:
        throw new UsageError(`rules 的子命令只能是 list、set 或 places，收到：${sub}`);
    }
  },
};

async function list(ctx: CommandContext): Promise<number> {
  const format = choice(ctx.args, '--format', ['text', 'json'] as const, 'text');
  const view = await ctx.open().api.getRuleSettings({});
  const shown = ctx.args.options.has('--changed') ? view.rules.filter((r) => r.setting) : view.rules;
  if (format === 'json') {
    ctx.io.out(JSON.stringify({ ...view, rules: shown }, null, 2));
    return 0;
  }
  ctx.io.out(header(view));
  ctx.io.out('编号\t类别\t标准\t规则文件\t本地设置\t说明');
  for (const r of shown)
    ctx.io.out(
      `${r.id}\t${CATEGORY_LABELS[r.category]}\t${r.standard}\t${LEVEL[r.level]}\t${r.setting ? LEVEL[r.setting] : '—'}\t${termField(r.message)}`,
    );
  return 0;
}

function header(view: RuleSettings): string {
  const changed = view.rules.filter((r) => r.setting).length;
  return [
    `设置文件：${view.file}${view.exists ? '' : '（尚未建立）'}`,
    ...(view.problem ? [`设置文件无法使用：${view.problem}`] : []),
    `规则 ${view.rules.length} 条，本地设置 ${changed} 条；本地地名 ${view.places.length} 个；规则版本 ${view.rulesetVersion}`,
  ].join('\n');
}

async function set(ctx: CommandContext, args: string[]): Promise<number> {
  const value = args.at(-1);
  const ids = args.slice(0, -1);
  if (!ids.length || value === undefined || !(value in VALUES))
    throw new UsageError('用法：fcr rules set 规则编号… off|strong|weak|default');
  const api = ctx.open().api;
  const view = await api.getRuleSettings({});
  const known = new Set(view.rules.map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new UsageError(`没有这些规则：${unknown.join('、')}（fcr rules 列出全部规则编号）`);
  const edited = editedOf(view);
  for (const id of ids) edited[id] = VALUES[value]!;
  const saved = await api.saveRuleSettings({ rules: changedRules(view.rules, edited), places: view.places });
  ctx.io.out(
    `已保存：${ids.join('、')} → ${value === 'default' ? '按规则文件' : LEVEL[value]}。规则版本 ${saved.rulesetVersion}。`,
  );
  return 0;
}

async function places(ctx: CommandContext, args: string[]): Promise<number> {
  const api = ctx.open().api;
  const view = await api.getRuleSettings({});
  const [action, ...names] = args;
  if (action === undefined) {
    ctx.io.out(view.places.length ? view.places.join('\n') : '（没有本地地名）');
    return 0;
  }
  if (action !== 'add' && action !== 'remove')
    throw new UsageError(`rules places 的子命令只能是 add 或 remove，收到：${action}`);
  const { places: given, invalid } = parsePlaces(names.join(' '));
  if (invalid.length) throw new UsageError(`地名应为 2–20 个汉字：${invalid.join('、')}`);
  if (!given.length) throw new UsageError(`rules places ${action} 需要至少一个地名。`);
  const next =
    action === 'add' ? [...new Set([...view.places, ...given])] : view.places.filter((p) => !given.includes(p));
  const saved = await api.saveRuleSettings({ rules: changedRules(view.rules, editedOf(view)), places: next });
  ctx.io.out(`已保存：本地地名 ${saved.places.length} 个。规则版本 ${saved.rulesetVersion}。`);
  return 0;
}
