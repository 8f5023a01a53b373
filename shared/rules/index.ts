/** The review standards and the flagging engine. */
export * from './types.js';
export { AhoCorasick } from './aho.js';
export { compileRuleSet, type RuleSet, type CompiledRule } from './compile.js';
export { scanText, scanUnits } from './engine.js';
export { paragraphUnits, unitsFromClauses } from './units.js';
export { RuleFileError, validateExceptions, validateLexicon, validateRuleFile, validateStandards } from './schema.js';
