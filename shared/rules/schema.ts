/**
 * Validation of rule files, the lexicon and the standards as loaded from resources/. Every error
 * names the file and the field (e.g. 「entry_exit.yaml」 rules[3] (EE-BRAND) .match[0].window).
 */
import type {
  Category,
  Condition,
  ExceptionsData,
  Lexicon,
  MatchAlternative,
  RuleDef,
  RuleGuards,
  Standard,
  TermGroup,
} from './types.js';
import { CATEGORIES } from './types.js';

export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
    kind = '规则文件',
  ) {
    super(`${kind}「${file}」字段 ${field}：${detail}`);
    this.name = 'RuleFileError';
  }
}

/**
 * The gazetteer list (resources/rules/places.yaml plus a deployment's own names): too long for a
 * regex alternation, it is found by its own automaton, so rules use it only as {{PLACE_NAME}} in a
 * regex, where it stands for one recognised place name (see MASK_CHAR).
 */
export const PLACE_LIST = 'PLACE_NAME';
/** A private-use character: the engine writes it over every recognised place name of a scope. */
export const MASK_CHAR = '\uE000';
const PLACE_TOKEN = `{{${PLACE_LIST}}}`;

/** True when a regex source uses the gazetteer token. */
export function usesPlaceNames(source: string): boolean {
  return source.includes(PLACE_TOKEN);
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Ctx {
  constructor(
    readonly file: string,
    readonly path: string,
  ) {}
  at(field: string | number): Ctx {
    return new Ctx(this.file, typeof field === 'number' ? `${this.path}[${field}]` : `${this.path}.${field}`);
  }
}

function fail(ctx: Ctx, detail: string): never {
  throw new RuleFileError(ctx.file, ctx.path || '(根)', detail);
}

function allowOnly(o: Obj, keys: readonly string[], ctx: Ctx): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(ctx.at(k), `未知字段（允许：${keys.join('、')}）`);
}

function str(o: Obj, key: string, ctx: Ctx, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(ctx.at(key), '缺少此字段');
  }
  if (typeof v !== 'string' || v.trim() === '') fail(ctx.at(key), '应为非空字符串');
  return v;
}

function bool(o: Obj, key: string, ctx: Ctx, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') fail(ctx.at(key), '应为 true 或 false');
  return v;
}

function posInt(o: Obj, key: string, ctx: Ctx, fallback: number): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > 500) fail(ctx.at(key), '应为 1–500 的整数');
  return v;
}

function stringList(v: unknown, ctx: Ctx, allowEmpty = false): string[] {
  if (!Array.isArray(v)) fail(ctx, '应为字符串列表');
  if (!allowEmpty && v.length === 0) fail(ctx, '列表不能为空');
  v.forEach((s, i) => {
    if (typeof s !== 'string' || s === '') fail(ctx.at(i), '应为非空字符串');
  });
  return v as string[];
}

function terms(v: unknown, ctx: Ctx, lexicon: Lexicon): TermGroup {
  const list = stringList(v, ctx);
  list.forEach((t, i) => {
    if (t === `@${PLACE_LIST}`) fail(ctx.at(i), `地名表只能在正则中以 ${PLACE_TOKEN} 使用`);
    if (t.startsWith('@') && !(t.slice(1) in lexicon)) fail(ctx.at(i), `词表中没有「${t.slice(1)}」`);
  });
  return list;
}

function checkRegex(source: string, ctx: Ctx, lexicon: Lexicon): void {
  for (const m of source.matchAll(/\{\{(\w+)\}\}/g)) {
    if (m[1] !== PLACE_LIST && !(m[1]! in lexicon)) fail(ctx, `正则引用了词表中没有的「${m[1]}」`);
  }
  try {
    new RegExp(expandRegex(source, lexicon), 'u');
  } catch (err) {
    fail(ctx, `正则表达式无效：${(err as Error).message}`);
  }
}

/** The alternation of each lexicon list (see expandRegex), built on first use. */
const alternations = new WeakMap<readonly string[], string>();

/**
 * Replaces {{NAME}} with a non-capturing alternation of the lexicon's terms, longest first. A
 * list's alternation is built once (rule loading expands each regex several times).
 */
export function expandRegex(source: string, lexicon: Lexicon): string {
  if (!source.includes('{{')) return source;
  return source.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (name === PLACE_LIST) return `${MASK_CHAR}+`;
    const list = lexicon[name] ?? [];
    let alternation = alternations.get(list);
    if (alternation === undefined) {
      alternation = `(?:${[...list]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegex)
        .join('|')})`;
      alternations.set(list, alternation);
    }
    return alternation;
  });
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function matchAlt(v: unknown, ctx: Ctx, lexicon: Lexicon): MatchAlternative {
  if (!isObj(v)) fail(ctx, '应为对象（keywords / regex+anchors / near+window / sequence+gap 之一）');
  allowOnly(v, ['keywords', 'regex', 'anchors', 'anchored', 'near', 'window', 'sequence', 'gap', 'excludeMatch'], ctx);
  const kinds = ['keywords', 'regex', 'near', 'sequence'].filter((k) => v[k] !== undefined);
  if (kinds.length !== 1)
    fail(ctx, `须且只能有 keywords、regex、near、sequence 之一（现有：${kinds.join('、') || '无'}）`);
  const out: MatchAlternative = {};
  if (v.keywords !== undefined) out.keywords = terms(v.keywords, ctx.at('keywords'), lexicon);
  if (v.regex !== undefined) {
    const source = str(v, 'regex', ctx)!;
    checkRegex(source, ctx.at('regex'), lexicon);
    if (v.anchors === undefined)
      fail(ctx.at('anchors'), 'regex 必须给出 anchors（正则每次匹配都必然包含其中之一的字面词）');
    out.regex = source;
    out.anchors = terms(v.anchors, ctx.at('anchors'), lexicon);
    if (bool(v, 'anchored', ctx, false)) out.anchored = true;
  } else if (v.anchors !== undefined || v.anchored !== undefined)
    fail(ctx.at('anchors'), 'anchors、anchored 只用于 regex');
  if (v.near !== undefined) {
    if (!Array.isArray(v.near) || v.near.length < 2) fail(ctx.at('near'), '应为至少两组词的列表');
    out.near = v.near.map((g, i) => terms(g, ctx.at('near').at(i), lexicon));
    out.window = posInt(v, 'window', ctx, 30);
  } else if (v.window !== undefined) fail(ctx.at('window'), 'window 只用于 near');
  if (v.sequence !== undefined) {
    if (!Array.isArray(v.sequence) || v.sequence.length < 2) fail(ctx.at('sequence'), '应为至少两组词的列表');
    out.sequence = v.sequence.map((g, i) => terms(g, ctx.at('sequence').at(i), lexicon));
    out.gap = posInt(v, 'gap', ctx, 20);
  } else if (v.gap !== undefined) fail(ctx.at('gap'), 'gap 只用于 sequence');
  if (v.excludeMatch !== undefined) {
    out.excludeMatch = str(v, 'excludeMatch', ctx)!;
    checkRegex(out.excludeMatch, ctx.at('excludeMatch'), lexicon);
  }
  return out;
}

function conditions(v: unknown, ctx: Ctx, lexicon: Lexicon): Condition[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(ctx, '应为条件列表（每项是一组词，或 {regex, anchors}）');
  return v.map((c, i) => {
    const cx = ctx.at(i);
    if (Array.isArray(c)) return terms(c, cx, lexicon);
    if (!isObj(c)) fail(cx, '应为一组词或 {regex, anchors}');
    allowOnly(c, ['regex', 'anchors'], cx);
    const regex = str(c, 'regex', cx)!;
    checkRegex(regex, cx.at('regex'), lexicon);
    return { regex, anchors: terms(c.anchors, cx.at('anchors'), lexicon) };
  });
}

const RULE_KEYS = [
  'id',
  'standard',
  'category',
  'level',
  'message',
  'suggestion',
  'scope',
  'match',
  'require',
  'exclude',
  'guards',
  'examples',
];
const GUARD_KEYS = ['negation', 'listLeadIn', 'reform', 'legalBasis', 'statute', 'definition'];

/** Validates one rule file's parsed content: `{ rules: [...] }`. */
export function validateRuleFile(
  data: unknown,
  file: string,
  standards: ReadonlyMap<string, Standard>,
  lexicon: Lexicon,
): RuleDef[] {
  const root = new Ctx(file, '');
  if (!isObj(data)) fail(root, '文件内容应为对象，含 rules 列表');
  allowOnly(data, ['rules'], root);
  if (!Array.isArray(data.rules)) fail(root.at('rules'), '应为规则列表');
  return data.rules.map((r, i) => {
    let ctx = root.at('rules').at(i);
    if (!isObj(r)) fail(ctx, '应为对象');
    if (typeof r.id === 'string') ctx = new Ctx(file, `rules[${i}] (${r.id})`);
    allowOnly(r, RULE_KEYS, ctx);
    const id = str(r, 'id', ctx)!;
    if (!/^[A-Z][A-Z0-9-]*$/.test(id)) fail(ctx.at('id'), '应由大写字母、数字和连字符组成，如 EE-BRAND');
    const standardId = str(r, 'standard', ctx)!;
    const standard = standards.get(standardId);
    if (!standard) fail(ctx.at('standard'), `没有这个审查标准：${standardId}`);
    const category = str(r, 'category', ctx, true) as Category | undefined;
    if (category !== undefined && !CATEGORIES.includes(category)) {
      fail(ctx.at('category'), `应为 ${CATEGORIES.join('、')} 之一`);
    }
    if (standard.catchAll && category === undefined)
      fail(ctx.at('category'), '兜底条款（M24）下的规则必须写明所涉类别');
    if (!standard.catchAll && category !== undefined && category !== standard.category) {
      fail(ctx.at('category'), `与审查标准 ${standardId} 的类别 ${standard.category} 不一致`);
    }
    const level = str(r, 'level', ctx)!;
    if (level !== 'strong' && level !== 'weak') fail(ctx.at('level'), '应为 strong 或 weak');
    const scope = str(r, 'scope', ctx, true) ?? 'sentence';
    if (scope !== 'sentence' && scope !== 'clause') fail(ctx.at('scope'), '应为 sentence 或 clause');
    if (!Array.isArray(r.match) || r.match.length === 0) fail(ctx.at('match'), '应为至少一项的匹配列表');
    const match = r.match.map((m, j) => matchAlt(m, ctx.at('match').at(j), lexicon));
    const g = r.guards ?? {};
    if (!isObj(g)) fail(ctx.at('guards'), '应为对象');
    allowOnly(g, GUARD_KEYS, ctx.at('guards'));
    const guards: RuleGuards = {
      negation: bool(g, 'negation', ctx.at('guards'), true),
      listLeadIn: bool(g, 'listLeadIn', ctx.at('guards'), true),
      reform: bool(g, 'reform', ctx.at('guards'), true),
      legalBasis: bool(g, 'legalBasis', ctx.at('guards'), standard.basisGate),
      statute: bool(g, 'statute', ctx.at('guards'), /^M09-/.test(standardId)),
      definition: bool(g, 'definition', ctx.at('guards'), true),
    };
    const ex = r.examples;
    if (!isObj(ex)) fail(ctx.at('examples'), '缺少 examples（fire：应触发的例句；pass：不应触发的例句）');
    allowOnly(ex, ['fire', 'pass'], ctx.at('examples'));
    const examples = {
      fire: stringList(ex.fire, ctx.at('examples').at('fire')),
      pass: ex.pass === undefined ? [] : stringList(ex.pass, ctx.at('examples').at('pass'), true),
    };
    return {
      id,
      standard: standardId,
      ...(category ? { category } : {}),
      level,
      message: str(r, 'message', ctx)!,
      suggestion: str(r, 'suggestion', ctx)!,
      scope,
      match,
      require: conditions(r.require, ctx.at('require'), lexicon),
      exclude: conditions(r.exclude, ctx.at('exclude'), lexicon),
      guards,
      examples,
      file,
    };
  });
}

/** Validates the lexicon file: `{ lexicon: { NAME: [terms] } }`. */
export function validateLexicon(data: unknown, file: string): Lexicon {
  const root = new Ctx(file, '');
  if (!isObj(data) || !isObj(data.lexicon)) fail(root.at('lexicon'), '应为对象：词表名 → 词列表');
  const out: Lexicon = {};
  for (const [name, list] of Object.entries(data.lexicon)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) fail(root.at('lexicon').at(name), '词表名应为大写字母、数字和下划线');
    out[name] = stringList(list, root.at('lexicon').at(name));
  }
  return out;
}

const STANDARD_KEYS = [
  'id',
  'category',
  'categories',
  'regulation',
  'measure',
  'title',
  'description',
  'basisGate',
  'catchAll',
];

/** Validates the standards file: `{ standards: [...] }`. */
export function validateStandards(data: unknown, file: string): Standard[] {
  const root = new Ctx(file, '');
  if (!isObj(data) || !Array.isArray(data.standards)) fail(root.at('standards'), '应为审查标准列表');
  const seen = new Set<string>();
  return data.standards.map((s, i) => {
    let ctx = root.at('standards').at(i);
    if (!isObj(s)) fail(ctx, '应为对象');
    if (typeof s.id === 'string') ctx = new Ctx(file, `standards[${i}] (${s.id})`);
    allowOnly(s, STANDARD_KEYS, ctx);
    const id = str(s, 'id', ctx)!;
    if (seen.has(id)) fail(ctx.at('id'), '重复的标准编号');
    seen.add(id);
    const category = str(s, 'category', ctx)!;
    const catchAll = bool(s, 'catchAll', ctx, false);
    if (catchAll ? category !== 'catch_all' : !CATEGORIES.includes(category as Category)) {
      fail(ctx.at('category'), catchAll ? '兜底条款的类别应为 catch_all' : `应为 ${CATEGORIES.join('、')} 之一`);
    }
    const categories = s.categories === undefined ? [category] : stringList(s.categories, ctx.at('categories'));
    if (catchAll) {
      categories.forEach((c, j) => {
        if (!CATEGORIES.includes(c as Category)) fail(ctx.at('categories').at(j), '未知类别');
      });
    }
    return {
      id,
      category: category as Standard['category'],
      categories: (catchAll ? categories : [category]) as Category[],
      regulation: str(s, 'regulation', ctx)!,
      measure: str(s, 'measure', ctx)!,
      title: str(s, 'title', ctx)!,
      description: str(s, 'description', ctx)!,
      basisGate: bool(s, 'basisGate', ctx, false),
      catchAll,
    };
  });
}

/** Validates the exceptions file. */
export function validateExceptions(data: unknown, file: string): ExceptionsData {
  const root = new Ctx(file, '');
  if (!isObj(data)) fail(root, '应为对象');
  allowOnly(data, ['grounds', 'conditions', 'conclusionMustState'], root);
  const list = (key: string, fields: string[]): Obj[] => {
    const v = data[key];
    if (!Array.isArray(v) || v.length === 0) fail(root.at(key), '应为非空列表');
    return v.map((x, i) => {
      const ctx = root.at(key).at(i);
      if (!isObj(x)) fail(ctx, '应为对象');
      allowOnly(x, fields, ctx);
      for (const f of fields) str(x, f, ctx);
      return x;
    });
  };
  const grounds = list('grounds', ['id', 'regulation', 'measure', 'title', 'description']);
  const conds = list('conditions', ['id', 'measure', 'title', 'description']);
  return {
    grounds: grounds as unknown as ExceptionsData['grounds'],
    conditions: conds as unknown as ExceptionsData['conditions'],
    conclusionMustState: stringList(data.conclusionMustState, root.at('conclusionMustState')),
  };
}

/** A deployment's settings (the data folder's rules.config.yaml), like a linter's config file. */
export interface RulesConfig {
  /** Rules switched off. */
  off: string[];
  /** Level overrides. */
  levels: Record<string, 'strong' | 'weak'>;
  /** Local place names added to the gazetteer ({{PLACE_NAME}}). */
  places: string[];
}

export const EMPTY_CONFIG: RulesConfig = { off: [], levels: {}, places: [] };

/**
 * Validates a deployment config: `{ rules: { ID: off | strong | weak }, places: [names] }`, both
 * optional. Errors name the file and the field, as for rule files.
 */
export function validateConfig(data: unknown, file: string, ruleIds: ReadonlySet<string>): RulesConfig {
  const fail = (field: string, detail: string): never => {
    throw new RuleFileError(file, field, detail, '配置文件');
  };
  if (data === null || data === undefined) return EMPTY_CONFIG;
  if (!isObj(data)) fail('(根)', '文件内容应为对象（可含 rules、places）');
  const d = data as Obj;
  for (const k of Object.keys(d)) if (k !== 'rules' && k !== 'places') fail(k, '未知字段（允许：rules、places）');
  const out: RulesConfig = { off: [], levels: {}, places: [] };
  const rules = d.rules;
  if (rules !== undefined) {
    if (!isObj(rules)) return fail('rules', '应为对象：规则编号 → off、strong 或 weak');
    for (const [id, v] of Object.entries(rules)) {
      if (!ruleIds.has(id)) fail(`rules.${id}`, '没有这条规则');
      if (v === 'off' || v === false) out.off.push(id);
      else if (v === 'strong' || v === 'weak') out.levels[id] = v;
      else fail(`rules.${id}`, '应为 off、strong 或 weak');
    }
  }
  if (d.places !== undefined) {
    if (!Array.isArray(d.places)) fail('places', '应为地名列表');
    (d.places as unknown[]).forEach((p, i) => {
      if (typeof p !== 'string' || !/^[\u4e00-\u9fa5]{2,20}$/.test(p.trim()))
        fail(`places[${i}]`, '应为 2–20 个汉字的地名');
      out.places.push((p as string).trim());
    });
  }
  return out;
}
