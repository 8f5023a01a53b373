/** Types of the review standards, the flagging rules and their findings. */

export type Category = 'entry_exit' | 'free_flow' | 'cost' | 'conduct';
export const CATEGORIES: readonly Category[] = ['entry_exit', 'free_flow', 'cost', 'conduct'];

export type Level = 'strong' | 'weak';

/** One review standard: a scenario of 实施办法 arts 9–23, or the catch-all art 24. */
export interface Standard {
  id: string;
  /** The category; the catch-all (M24) has 'catch_all' and lists all four in `categories`. */
  category: Category | 'catch_all';
  categories: Category[];
  /** 《公平竞争审查条例》 article and item, e.g. "条例第八条第（三）项". */
  regulation: string;
  /** 《实施办法》 article and item, e.g. "实施办法第十一条第（一）项". */
  measure: string;
  title: string;
  description: string;
  /** True: applies only absent a 法律/行政法规 basis or 国务院批准. */
  basisGate: boolean;
  catchAll: boolean;
}

/** An exception ground of 条例第十二条 / 实施办法第二十五条. */
export interface ExceptionGround {
  id: string;
  regulation: string;
  measure: string;
  title: string;
  description: string;
}

export interface ExceptionCondition {
  id: string;
  measure: string;
  title: string;
  description: string;
}

export interface ExceptionsData {
  grounds: ExceptionGround[];
  conditions: ExceptionCondition[];
  /** What a conclusion relying on an exception must explain (实施办法第二十九条第二款). */
  conclusionMustState: string[];
}

/** A term group: literal terms (and lexicon references like "@PLACE"). */
export type TermGroup = string[];

/** A regex test with the literal anchors that must occur for it to be tried. */
export interface RegexTest {
  regex: string;
  anchors: string[];
}

/** One way a rule can trigger. Exactly one of the match kinds is set. */
export interface MatchAlternative {
  keywords?: TermGroup;
  regex?: string;
  /** Literals of which at least one occurs wherever the regex matches (lets the automaton gate it). */
  anchors?: TermGroup;
  /** True when every match of the regex starts with one of its anchors: the regex is then tried
   * only at the anchors' positions instead of over the whole sentence. */
  anchored?: boolean;
  /** Co-occurrence: one term of every group within `window` characters. */
  near?: TermGroup[];
  window?: number;
  /** Ordered sequence: one term of each group, in order, each within `gap` characters of the previous. */
  sequence?: TermGroup[];
  gap?: number;
  /** Regex that, when it matches the matched text, discards the match. */
  excludeMatch?: string;
}

/** A context condition: a group of literal terms, or a regex. */
export type Condition = TermGroup | RegexTest;

export interface RuleGuards {
  /** Prohibition/negation cues before the trigger in the same sentence. Default true. */
  negation: boolean;
  /** Items under a "不得…下列…：" lead-in. Default true. */
  listLeadIn: boolean;
  /** Sentences describing fair-competition work itself. Default true. */
  reform: boolean;
  /** A stated legal basis; default: true when the standard is basis-gated. */
  legalBasis: boolean;
  /** A statute cited as the basis ("依照《…条例》"); default: true for the licensing standards (M09). */
  statute: boolean;
  /** Definitions (所称/是指), document titles, quoted law (《…》) and quoted examples (例如…). Default true. */
  definition: boolean;
}

export interface RuleExamples {
  fire: string[];
  pass: string[];
}

/** A rule as written in resources/rules/*.yaml, after validation. */
export interface RuleDef {
  id: string;
  standard: string;
  /** Required for rules under the catch-all (M24); otherwise defaults to the standard's category. */
  category?: Category;
  level: Level;
  message: string;
  suggestion: string;
  /** 'sentence' (default): match, require and exclude all within one sentence; 'clause': the whole clause. */
  scope: 'sentence' | 'clause';
  match: MatchAlternative[];
  require: Condition[];
  exclude: Condition[];
  guards: RuleGuards;
  examples: RuleExamples;
  /** File the rule came from (for messages). */
  file: string;
}

/** Named term lists shared by rules ("@NAME" in a term group, "{{NAME}}" in a regex). */
export type Lexicon = Record<string, string[]>;

/** A finding: a suspicion (疑似), never a verdict. */
export interface Finding {
  rule: string;
  standard: string;
  category: Category;
  level: Level;
  /** Char offsets [start, end) into the document's normalised text. */
  start: number;
  end: number;
  /** The matched text. */
  text: string;
  /** Citation label of the clause, e.g. "第三章 第十二条 第二款" or "第5段". */
  clause: string;
  clauseId: string;
  message: string;
  suggestion: string;
  /** The legal basis: 条例 and 实施办法 article/item of the standard. */
  basis: string;
}

/** A unit the engine scans: a clause's own text range and its citation label. */
export interface ScanUnit {
  id: string;
  label: string;
  start: number;
  end: number;
  /** Titles and headings are skipped. */
  isTitle?: boolean;
}
