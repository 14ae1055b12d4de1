/** Public API of the learned risk score, for the CLI and the live risk engine. */
export { scoreCommand, trainCommand, type ScoreCommandOptions, type TrainCommandOptions } from './cli.js';
export {
  declarationFromFields,
  parseDeclarationsCsv,
  type CustomsDeclaration,
  type ParsedDeclarations,
} from './customs/declaration.js';
export {
  evaluateHeldOut,
  formatHeldOutReport,
  unseenPairMask,
  type HeldOutReport,
} from './customs/heldOutEvaluation.js';
export {
  DEFAULT_INSPECTION_RATES,
  evaluateRanking,
  precisionRecallAtRates,
  rankForInspection,
  rocAuc,
  type InspectionRateResult,
  type RankingEvaluation,
} from './metrics.js';
export {
  RiskModel,
  loadRiskModel,
  saveRiskModel,
  trainRiskModel,
  type RiskExplanation,
  type RiskFactor,
  type RiskModelMetadata,
  type ScoringRegime,
  type SerializedRiskModel,
} from './riskModel.js';
