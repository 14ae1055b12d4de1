/**
 * The risk engine's pure core: rule sets (schema and validation), the facts a decision reads, compilation to
 * closures, and the lane decision with its reasons. No database, no I/O: persistence, approval and the
 * LaneDecider adapter build on this.
 */
export {
  FIELD_CATALOGUE,
  FIELD_OPERATORS,
  LIST_KINDS,
  SCREENING_FAILURES,
  describeFields,
  isFieldName,
  screeningFailures,
  type DeclarationFacts,
  type FieldDescription,
  type FieldName,
  type ItemFacts,
  type ListKind,
  type ScreeningFailure,
  type ScreeningResults,
} from './facts.js';
export {
  CHECK_ITEMS,
  CONDITION_OPERATORS,
  RuleSetValidationError,
  effectiveMinimumRate,
  parseRuleSet,
  ruleSetInForce,
  ruleSetSchema,
  validateRuleSet,
  type CheckItem,
  type Condition,
  type NamedList,
  type RateTable,
  type Rule,
  type RuleAction,
  type RuleSet,
  type RuleSetIssue,
  type RuleSetValidation,
  type ValueBand,
} from './rule-schema.js';
export { compileRuleSet, massDeviationPct, type CompiledRule, type CompiledRuleSet, type MinimumRate, type ValueBandBreach } from './compile.js';
export {
  RISK_ENGINE_NAME,
  TOP_SCORE_FACTORS,
  createRiskEngine,
  decideLane,
  toLaneDecision,
  type DecisionReason,
  type FiredRule,
  type RiskEngine,
  type RiskEngineDecision,
  type RiskScore,
  type RiskScorer,
  type ScoreFactor,
} from './decide.js';
export { sampleRuleSet, syntheticDeclarations, type SyntheticOptions } from './sample-data.js';
