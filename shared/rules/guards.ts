/**
 * Context guards: the reasons a trigger is not a finding. They look at the sentence around the
 * trigger (and, for list items, at the document around the clause).
 */
import { lexMarker, type MarkerStyle } from '../segment/markers.js';
import { isSpace } from '../text/chars.js';

/** Prohibition or negation cues; a cue before the trigger in the same sentence turns it into a prohibition. */
const NEGATION =
  /(?:不得|严禁|禁止|不准|不允许|不应当?|无权|不再|取消|清理|废止|废除|纠正|杜绝|(?<!为)防止|(?<!为)避免|破除|打破|消除|整治|查处|反对|纠治|摒弃|无需|无须|毋须|不必(?!要)|不需要?|不接受|不要求|不另行?|不额外|不(?:发布|制定|搞|实行|采取|指定|限定|组织|承诺))(?!分|超过|超出|低于|少于|高于|多于|迟于|早于|晚于|小于|大于|重复|享受)/;

/** A list lead-in whose items are prohibitions: "不得含有下列内容：", "不得制定以下政策措施：". */
const LEAD_IN =
  /(?:不得|禁止|严禁|不应当?|不能|不允许|杜绝|防止|避免|纠正|清理)[^。；！？\n]*?(?:下列|以下|如下)[^。；！？\n]*?[：:]/;

/** Sentences about fair-competition work itself: review, unified market, anti-monopoly. */
const REFORM =
  /公平竞争审查|统一大市场|统一开放|妨碍统一市场|滥用行政权力|反垄断|排除、?限制竞争|地方保护|市场分割|审查标准|公平竞争(?:秩序|环境|政策|原则|制度)|不正当竞争/;

/** A stated legal basis (for basis-gated standards): strong cues count anywhere in the sentence. */
const LEGAL_BASIS_STRONG =
  /(?:经|报请?)?国务院(?:批准|同意|决定)|法律、?行政法规|(?:国家|中央)(?:有关|相关)?(?:规定|政策)|(?:国务院|财政部|税务总局)[^，。；]{0,8}?(?:有关|相关)(?:规定|政策)|依法(?:享受|减免|给予|免征|减征)/;
/** Weak cues ("按规定") count only in the same comma-delimited part of the sentence, before the trigger. */
const LEGAL_BASIS_WEAK = /按(?:照)?(?:有关|相关)?规定|符合[^，。；]{0,10}规定的/;

/** Definitions and quoted examples. */
const DEFINITION = /所称|系指|指的是|含义是|例如|比如|诸如|如：|如:/;

export interface SentenceContext {
  text: string;
  /** Offset of the sentence in the document. */
  start: number;
}

/** First characters of the negation cues: a cheap pre-check before the regex. */
const NEGATION_FIRST = new Uint8Array(0x10000);
for (const ch of '不严禁无毋取清废纠杜防避破打消整查反摒') NEGATION_FIRST[ch.charCodeAt(0)] = 1;

/**
 * Cues that negate only their own comma-delimited part: "不再新增，现有…由…统一经营" and
 * "本地企业无需备案，外地企业须…" impose a restriction in the next part (so do "不要求…",
 * "不另设…", "不额外…", "不发布…", "不指定…": "本地企业不另设审批，外地企业须…").
 */
const LOCAL_NEGATION =
  /^(?:不再|无需|无须|毋须|不必|不需要?|不接受|不要求|不另行?|不额外|不(?:发布|制定|搞|实行|采取|指定|限定|组织|承诺)|整治|查处|纠治)$/;
const NEGATION_ALL = new RegExp(NEGATION.source, 'g');

export function negatedBefore(text: string, sentenceStart: number, at: number, spanEnd = at): boolean {
  let i = sentenceStart;
  while (i < at && NEGATION_FIRST[text.charCodeAt(i)] === 0) i++;
  if (i >= at) return false;
  // A few characters past the trigger let the cue's look-ahead see "不得低于", "不得超过" (requirements, not prohibitions).
  const from = Math.max(sentenceStart, i - 1);
  const scope = text.slice(from, at + 2);
  const limit = at - from;
  NEGATION_ALL.lastIndex = 0;
  for (let m = NEGATION_ALL.exec(scope); m !== null; m = NEGATION_ALL.exec(scope)) {
    // A cue that starts before the trigger negates it, also when the trigger starts inside the cue
    // ("无须在本市设立", a trigger "须在本市…" that is the tail of 无须).
    if (m.index >= limit) break;
    const cueEnd = m.index + m[0].length;
    if (!LOCAL_NEGATION.test(m[0])) return true;
    // A part-local cue negates a trigger that lies wholly in its part: not "本县企业不要求提供证明，外地企业须…"
    // (a span from 证明 across the comma to the burden of the next part).
    if (!/[，,：:]/.test(scope.slice(Math.min(cueEnd, limit), limit)) && !spansPartBreak(text, at, spanEnd)) {
      return true;
    }
  }
  return false;
}

export function isReformContext(sentence: string): boolean {
  return REFORM.test(sentence);
}

/** An exception ground of 条例第十二条 that a drafting body invokes: the article itself, or relief and emergencies. */
const EXCEPTION_GROUND = /第十二条|救灾|抢险|防汛|抗旱|应急响应|疫区|封锁|预警期间|预警解除/;
/** A term or an end condition (实施办法第二十五条第三款): "期满后…", "…结束后立即停止", "有效期三个月", "执行至2027年…". */
const EXCEPTION_TERM =
  /期满|届满|(?:结束|解除|终止|消除)(?:后|时)|(?:立即|自动|即行|及时)(?:停止|终止|解除|失效|撤销)|有效期|实施期限|执行期限|(?:至|到|截至)\d{4}年\d{1,2}月|\d{4}年\d{1,2}月\d{1,2}日(?:\d{1,2}时)?(?:起)?至/;

/**
 * An exception under 条例第十二条 with its term: the sentence names a ground (the article, disaster
 * relief, an emergency) and a term or end condition. Without the term the measure is still flagged.
 */
export function isExceptionWithTerm(sentence: string): boolean {
  return EXCEPTION_GROUND.test(sentence) && EXCEPTION_TERM.test(sentence);
}

/** A statute (a 法 or 条例, not a local 办法) cited as the basis: "依照《城镇燃气管理条例》…". */
const STATUTE = /(?:依照|依据|根据|按照|遵照)《[^》]{2,40}?(?:(?<!办)法|条例)》/;

/**
 * A step the statute does not set: a body with no licensing power (街道、社区、领导小组、协会…) or a
 * step added on top ("还须", "另行").
 */
const ADDED_STEP =
  /街道|社区|居委会|村委会|领导小组|联席会议|协会|商会|管委会|专班|指挥部|还须|还应|还需|另行|另外|额外|事先/;

/**
 * True when the sentence cites a statute as its basis and adds no step of its own (for the
 * licensing rules: a licence the law sets is not one added).
 */
export function citesStatute(sentence: string): boolean {
  return STATUTE.test(sentence) && !ADDED_STEP.test(sentence);
}

/** The authority forbidden to burden: "不得额外要求", "严禁设置", "不得以任何形式限制". */
const FORBID_AUTHORITY =
  /(?:不得|严禁|禁止|不应当?)(?:额外|另行|再|擅自|以任何(?:形式|理由|方式))?(?:要求|设置|设定|附加|增设|加设|另设|增加|限制|阻碍|阻挠|排斥|歧视|刁难|区别对待|差别对待|提高)/;

/**
 * True when the trigger opens a condition ("外地企业在本县设立分公司的，") whose consequence, later
 * in the sentence, forbids the authority to burden it ("…登记机关不得额外要求提交证明材料").
 */
export function conditionForbidsBurden(text: string, sentenceStart: number, at: number): boolean {
  let i = at;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isPartBreak(c) || isSentenceEnd(c)) break;
  }
  if (i >= text.length || !isPartBreak(text.charCodeAt(i)) || text.charCodeAt(i - 1) !== 0x7684 /* 的 */) return false;
  const j = sentenceEndFrom(text, i + 1);
  // The consequence ends where the sentence turns to a report on the clause ("…的，须退还奖励，违反了
  // '不得限制经营者迁出'的规定"): a prohibition quoted or cited there is not the clause's own.
  const consequence = text.slice(i + 1, j);
  const report = REPORT.exec(consequence);
  return i > sentenceStart && FORBID_AUTHORITY.test(report ? consequence.slice(0, report.index) : consequence);
}

/** Where a sentence quotes or judges a clause instead of stating it: quotation marks, 违反, 不符合… */
const REPORT = /[“”"'‘’「」『』]|违反|违背|不符合|有悖|涉嫌|属于/;

/** 。；;！？!? and line breaks. */
function isSentenceEnd(c: number): boolean {
  return (
    c === 0x3002 || c === 0xff1b || c === 0x3b || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f || c === 0x0a
  );
}

/** Cleanup verbs: the trigger is what is being reviewed or repealed (or a proposal turned down). */
const CLEANUP_AFTER =
  /^[^，,。；;！？\n]{0,30}?(?:(?:进行|开展|组织|实施|予以|加以)?(?:全面|集中|专项|彻底|逐项|逐一|认真|系统)?(?:清理|排查|清查|梳理|摸排|整治|纠正|废止|整改)|(?:建议|意见|提议|诉求)[^，,。；;]{0,4}?(?:不予采纳|未予采纳|不予采用))/;

/**
 * True when the trigger text[at, end) is the object of a cleanup in its comma-delimited part:
 * "对以一事一议方式给予的奖补政策进行全面排查" reviews the practice, it does not adopt it.
 */
export function objectOfCleanup(text: string, sentenceStart: number, at: number, end: number): boolean {
  const before = text.slice(partStartBefore(text, sentenceStart, at), at);
  if (!before.includes('对')) return false;
  const m = CLEANUP_AFTER.exec(text.slice(end, end + 40));
  if (!m) return false;
  // "对迁入的企业进行摸排，按其注册资本给予奖励": a benefit after the review is still granted.
  const from = end + m[0].length;
  return !BENEFIT.test(text.slice(from, sentenceEndFrom(text, from)));
}

/** A benefit granted ("给予…奖励"), not one named ("违规优惠条款"): what a cleanup sentence must not go on to give. */
const BENEFIT =
  /(?:给予|予以|享受|兑现|拨付|发放|安排)[^，。；]{0,8}?(?:奖励|补贴|补助|奖补|优惠|扶持|返还|减免|资金)|免收|免征/;

/** True when the sentence states a strong legal basis (法律、行政法规、国务院批准、国家规定). */
export function hasStrongLegalBasis(sentence: string): boolean {
  return LEGAL_BASIS_STRONG.test(sentence);
}

/** A weak basis cue ("按规定") in the comma-delimited part of the sentence before the trigger. */
export function hasWeakLegalBasisBefore(text: string, sentenceStart: number, at: number): boolean {
  return LEGAL_BASIS_WEAK.test(text.slice(partStartBefore(text, sentenceStart, at), at));
}

/** Whether text[start, end) contains a part break (，,：:). */
function spansPartBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isPartBreak(text.charCodeAt(i))) return true;
  return false;
}

/** Start of the comma-delimited part holding offset `at` (not before sentenceStart). */
function partStartBefore(text: string, sentenceStart: number, at: number): number {
  let i = at;
  while (i > sentenceStart && !isPartBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The first sentence end at or after `from` (or the text's length). */
function sentenceEndFrom(text: string, from: number): number {
  let j = from;
  while (j < text.length && !isSentenceEnd(text.charCodeAt(j))) j++;
  return j;
}

/** ，,：: (the separators of the comma-delimited parts of a sentence). */
function isPartBreak(c: number): boolean {
  return c === 0xff0c || c === 0x2c || c === 0xff1a || c === 0x3a;
}

export function hasLegalBasis(text: string, sentenceStart: number, sentenceEnd: number, at: number): boolean {
  return (
    hasStrongLegalBasis(text.slice(sentenceStart, sentenceEnd)) || hasWeakLegalBasisBefore(text, sentenceStart, at)
  );
}

const DEFINITION_FIRST = new Uint8Array(0x10000);
for (const ch of '所系指含例比诸如') DEFINITION_FIRST[ch.charCodeAt(0)] = 1;

export function isDefinitionOrExample(text: string, sentenceStart: number, at: number): boolean {
  let i = sentenceStart;
  while (i < at && DEFINITION_FIRST[text.charCodeAt(i)] === 0) i++;
  if (i >= at) return false;
  return DEFINITION.test(text.slice(i, at));
}

const BOOK_OPEN = '《'.charCodeAt(0);
const BOOK_CLOSE = '》'.charCodeAt(0);

/**
 * True when text[start, end) lies inside 《…》 (a cited law or document title): the nearest 《 or 》
 * before it in the sentence is a 《, and the first 》 from `start` on is at or after `end`.
 * `lastClose` is text.lastIndexOf('》') when the caller knows it (a scan over many spans of one
 * text computes it once); otherwise the text after the span is searched.
 */
export function insideBookTitle(
  text: string,
  sentenceStart: number,
  start: number,
  end: number,
  lastClose?: number,
): boolean {
  // Char codes, not text[i]: indexing a CJK text allocates a one-character string per step.
  for (let i = start - 1; i >= sentenceStart; i--) {
    const c = text.charCodeAt(i);
    if (c === BOOK_CLOSE) return false;
    if (c === BOOK_OPEN) {
      // The first 》 from `start` on is at or after `end` iff none lies in [start, end) and some
      // lies at or after `end` (i.e. the last one of the text does).
      for (let j = start; j < end; j++) if (text.charCodeAt(j) === BOOK_CLOSE) return false;
      return lastClose === undefined ? text.indexOf('》', end) >= 0 : lastClose >= end;
    }
  }
  return false;
}

/** Offset just after a prohibitive list lead-in inside text[start, end), or -1. */
export function leadInEnd(text: string, start: number, end: number): number {
  let colon = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xff1a || c === 0x3a) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return -1;
  const m = LEAD_IN.exec(text.slice(start, end));
  return m ? start + m.index + m[0].length : -1;
}

/** A clause's list marker as the guards rank it: 第X条, then 一、 › （一） › 1. › （1） › ① › a. */
export type MarkerClass = 'article' | Exclude<MarkerStyle, 'legal'>;

const DEPTH: Record<MarkerClass, number> = {
  article: 0,
  'cn-dun': 1,
  'cn-paren': 2,
  'num-dot': 3,
  'num-paren': 4,
  circled: 5,
  alpha: 6,
};

/** The list marker opening text[start, end) (the whole line by default), or null (none, 第X章, a citation). */
export function markerClass(line: string, start = 0, end = line.length): MarkerClass | null {
  const m = lexMarker(line, start, end);
  if (!m || m.citation) return null;
  if (m.style !== 'legal') return m.style;
  return m.unit === '条' ? 'article' : null;
}

/**
 * Tracks "不得…下列…：" lead-ins across the clauses of a document, in order: feed each clause's
 * text; `underLeadIn` tells whether that clause is an item of an open prohibitive list.
 */
export class LeadInTracker {
  private active = false;
  private leadMarker: MarkerClass | null = null;
  private itemMarker: MarkerClass | null = null;

  /** Returns true when the clause text[start, end) is a list item under an open prohibitive lead-in. */
  next(text: string, start: number, end: number): boolean {
    let last = end - 1;
    while (last >= start && isSpace(text.charCodeAt(last))) last--;
    const endsWithColon = last >= start && isColon(text.charCodeAt(last));
    if (!this.active && !endsWithColon) return false;
    const marker = markerClass(text, start, last + 1);
    let under = false;
    if (this.active) {
      if (marker === null) {
        this.active = false;
      } else if (this.itemMarker === null) {
        if (this.leadMarker === null || DEPTH[marker] > DEPTH[this.leadMarker]) {
          this.itemMarker = marker;
          under = true;
        } else this.active = false;
      } else if (DEPTH[marker] >= DEPTH[this.itemMarker]) {
        under = true;
      } else {
        this.active = false;
      }
    }
    if (endsWithColon && LEAD_IN.test(text.slice(start, last + 1))) {
      this.active = true;
      this.leadMarker = marker;
      this.itemMarker = null;
    }
    return under;
  }
}

/** ：or : */
function isColon(c: number): boolean {
  return c === 0xff1a || c === 0x3a;
}

/** Titles and headings: markdown-style "#" lines and short unpunctuated document titles. */
export function looksLikeTitle(line: string, isFirst: boolean): boolean {
  const s = line.trim();
  if (s.startsWith('#')) return true;
  if (!isFirst) return false;
  return (
    s.length <= 80 &&
    !/[。；！？，]/.test(s) &&
    /(?:办法|通知|意见|细则|规定|方案|规划|决定|条例|措施|指引|公告|函)$/.test(s)
  );
}
