/**
 * Loads the review standards and the flagging rules from resources/, validates them with the
 * shared schema and compiles them into one rule set. The rule-set version is a hash of every
 * file read, so a finding can record which rules produced it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileRuleSet, type RuleSet } from '../../shared/rules/compile.js';
import {
  RuleFileError,
  validateExceptions,
  validateLexicon,
  validateRuleFile,
  validateStandards,
} from '../../shared/rules/schema.js';
import { scanUnits } from '../../shared/rules/engine.js';
import type { ExceptionsData, Finding, Lexicon, RuleDef, ScanUnit, Standard } from '../../shared/rules/types.js';
import { paragraphUnits, unitsFromClauses } from '../../shared/rules/units.js';
import { segment } from '../../shared/segment/index.js';
import type { ClauseNode } from '../../shared/types.js';
import { appRoot } from '../paths.js';

export const LEXICON_FILE = 'lexicon.yaml';

export interface LoadedRules {
  ruleSet: RuleSet;
  defs: RuleDef[];
  standards: Standard[];
  exceptions: ExceptionsData;
  lexicon: Lexicon;
}

function readYaml(file: string, label: string, hash: ReturnType<typeof createHash>): unknown {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new RuleFileError(label, '(文件)', '无法读取');
  }
  hash.update(`${label}\0${source}\0`);
  try {
    // yaml is loaded on first use, so commands that never read rules (fcr extract) start faster.
    return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(source);
  } catch (err) {
    throw new RuleFileError(label, '(YAML)', `格式错误：${(err as Error).message.split('\n')[0]}`);
  }
}

/** Reads and compiles the rule set from a resources folder (default: the app's resources/). */
export function loadRules(resourcesDir = path.join(appRoot(), 'resources')): LoadedRules {
  const hash = createHash('sha256');
  const stdDir = path.join(resourcesDir, 'standards');
  const ruleDir = path.join(resourcesDir, 'rules');
  const standards = validateStandards(
    readYaml(path.join(stdDir, 'standards.yaml'), 'standards/standards.yaml', hash),
    'standards/standards.yaml',
  );
  const exceptions = validateExceptions(
    readYaml(path.join(stdDir, 'exceptions.yaml'), 'standards/exceptions.yaml', hash),
    'standards/exceptions.yaml',
  );
  const lexicon = validateLexicon(
    readYaml(path.join(ruleDir, LEXICON_FILE), `rules/${LEXICON_FILE}`, hash),
    `rules/${LEXICON_FILE}`,
  );
  const standardMap = new Map(standards.map((s) => [s.id, s]));
  const files = readdirSync(ruleDir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== LEXICON_FILE)
    .sort();
  const defs: RuleDef[] = [];
  for (const f of files) {
    const label = `rules/${f}`;
    defs.push(...validateRuleFile(readYaml(path.join(ruleDir, f), label, hash), label, standardMap, lexicon));
  }
  const version = hash.digest('hex').slice(0, 16);
  return { ruleSet: compileRuleSet(defs, standards, lexicon, version), defs, standards, exceptions, lexicon };
}

let cached: LoadedRules | null = null;

/** The app's rule set, loaded once per process. */
export function loadRuleSet(): RuleSet {
  cached ??= loadRules();
  return cached.ruleSet;
}

/** A document's findings with the units (clauses) they were computed on. */
export interface DocumentScan {
  findings: Finding[];
  units: ScanUnit[];
  /** True when the clause tree came from the segmenter, false for the paragraph fallback. */
  segmented: boolean;
}

/**
 * Scans a document's normalised text by its clause tree (segmented here when not given); when
 * the tree is empty, by one unit per non-empty line ("第N段").
 */
export function scanDocumentText(
  text: string,
  ruleSet: RuleSet = loadRuleSet(),
  clauses: readonly ClauseNode[] = segment(text),
): DocumentScan {
  const fromClauses = clauses.length ? unitsFromClauses(text, clauses) : [];
  const segmented = fromClauses.length > 0;
  const units = segmented ? fromClauses : paragraphUnits(text);
  return { findings: scanUnits(ruleSet, text, units), units, segmented };
}
