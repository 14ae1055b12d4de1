/**
 * Hand-written mirrors of the server's Zod schemas (the modules' schema files, registry.presenter.ts,
 * core/http/problem.ts). Decimals are strings end to end: the UI never does authoritative arithmetic on them.
 */

export const DECLARATION_STATES = [
  'DRAFT',
  'SUBMITTED',
  'ACCEPTED',
  'LANE_ASSIGNED',
  'UNDER_INSPECTION',
  'RELEASED',
  'CLEARED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type DeclarationState = (typeof DECLARATION_STATES)[number];

export const LANES = ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'] as const;
export type Lane = (typeof LANES)[number];

export const INCOTERMS = ['EXW', 'FCA', 'FOB', 'CFR', 'CPT', 'CIF', 'CIP', 'DAP', 'DPU', 'DDP'] as const;
export type Incoterm = (typeof INCOTERMS)[number];

export const DECLARATION_ACTIONS = ['edit', 'submit', 'accept', 'reject', 'withdraw', 'startInspection', 'recordCheck', 'release', 'clear'] as const;
export type DeclarationAction = (typeof DECLARATION_ACTIONS)[number];

export const ENTERPRISE_ROLES = ['ENTERPRISE_USER', 'ENTERPRISE_ADMIN'] as const;
export const CUSTOMS_ROLES = ['LIAISON_OFFICER', 'RISK_ANALYST', 'INSPECTOR', 'LAB_ANALYST', 'RELEASE_OFFICER', 'SUPERVISOR', 'SYSTEM_ADMIN'] as const;
export const ROLES = [...ENTERPRISE_ROLES, ...CUSTOMS_ROLES] as const;
export type Role = (typeof ROLES)[number];

export type EnterpriseKind = 'IMPORTER' | 'AGENCY';
export type CreditClass = 'ADVANCED_CERTIFIED' | 'GENERAL' | 'DISHONEST';
export type TransportModeCode = 'RAIL' | 'ROAD';
export type InspectionOutcome = 'PENDING' | 'PASSED' | 'FAILED';
export type InspectionTaskState = 'PENDING' | 'IN_PROGRESS' | 'PASSED' | 'FAILED';
export type CheckOutcome = 'PASSED' | 'FAILED';

export interface EnterpriseRef {
  id: string;
  nameZh: string;
  nameEn: string;
  kind: EnterpriseKind;
  creditClass: CreditClass;
}

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  enterprise: EnterpriseRef | null;
  /** For agencies: importers it may declare for today. */
  entrustingImporters: EnterpriseRef[];
  csrfToken: string | null;
}

export interface FieldError {
  /** Dotted path into the request, e.g. "items.0.wetTonnes". */
  path: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  correlationId: string;
  errors?: FieldError[];
  currentVersion?: number;
  [extra: string]: unknown;
}

export interface DraftItem {
  commodityCode?: string | null;
  goodsName?: string | null;
  declarationElements?: Record<string, string>;
  wetTonnes?: string | null;
  moisturePct?: string | null;
  unitPrice?: string | null;
}

export interface DeclarationDraft {
  isAdvance?: boolean;
  portCode?: string | null;
  transportModeCode?: TransportModeCode | null;
  trainNumber?: string | null;
  wagonNumbers?: string[];
  truckPlates?: string[];
  arrivalDate?: string | null;
  contractNumber?: string | null;
  invoiceNumber?: string | null;
  incoterm?: Incoterm | null;
  currencyCode?: string | null;
  freight?: string | null;
  insurance?: string | null;
  originCountryCode?: string | null;
  departureCountryCode?: string | null;
  overseasShipperId?: string | null;
  items?: DraftItem[];
}

export interface CreateDeclarationRequest extends DeclarationDraft {
  importerId: string;
}

export interface DeclarationItem {
  lineNo: number;
  commodityCode: string | null;
  goodsName: string | null;
  declarationElements: Record<string, string>;
  wetTonnes: string | null;
  moisturePct: string | null;
  dryTonnes: string | null;
  unitPrice: string | null;
  value: string | null;
  customsValueCny: string | null;
  dutyRate: string | null;
  vatRate: string | null;
  dutyCny: string | null;
  vatCny: string | null;
}

export interface RiskReason {
  code: string;
  params: Record<string, unknown>;
}

/** Customs users get the whole decision; enterprise users only lane, time and the checks to prepare for. */
export interface RiskDecision {
  lane: Lane;
  decidedAt: string;
  checks?: string[];
  engine?: string;
  randomDraw?: string;
  reasons?: RiskReason[];
}

export interface OnSiteCheck {
  sealIntact: boolean;
  doseRateUsvH: string;
  doseRateThresholdUsvH: string;
  solidWasteSuspected: boolean;
  foreignMatterFound: boolean;
  weighedTonnes: string;
  massDeviationPct: string;
  outcome: CheckOutcome;
  findings: string[];
  remarks: string;
  recordedBy: string;
  recordedAt: string;
}

export interface InspectionSummary {
  taskId: string;
  state: InspectionTaskState;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  check: OnSiteCheck | null;
}

export interface DeclarationTotals {
  wetTonnes: string | null;
  dryTonnes: string | null;
  exchangeRate: string | null;
  customsValueCny: string | null;
  dutyCny: string | null;
  vatCny: string | null;
}

export interface Declaration {
  id: string;
  number: string | null;
  mode: string;
  isAdvance: boolean;
  state: DeclarationState;
  version: number;
  importer: EnterpriseRef;
  declarant: EnterpriseRef;
  portCode: string | null;
  transportModeCode: string | null;
  trainNumber: string | null;
  wagonNumbers: string[];
  truckPlates: string[];
  arrivalDate: string | null;
  contractNumber: string | null;
  invoiceNumber: string | null;
  incoterm: string | null;
  currencyCode: string | null;
  freight: string | null;
  insurance: string | null;
  originCountryCode: string | null;
  departureCountryCode: string | null;
  overseasShipper: { id: string; name: string; countryCode: string } | null;
  items: DeclarationItem[];
  totals: DeclarationTotals;
  lane: Lane | null;
  inspectionOutcome: InspectionOutcome | null;
  riskDecision: RiskDecision | null;
  inspection: InspectionSummary | null;
  rejectionReason: string | null;
  withdrawalReason: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  acceptedAt: string | null;
  laneAssignedAt: string | null;
  releasedAt: string | null;
  clearedAt: string | null;
  /** What the caller may do next: the UI shows exactly these buttons. */
  allowedActions: DeclarationAction[];
}

export interface DeclarationSummary {
  id: string;
  number: string | null;
  state: DeclarationState;
  version: number;
  importer: EnterpriseRef;
  declarant: EnterpriseRef;
  transportModeCode: string | null;
  trainNumber: string | null;
  arrivalDate: string | null;
  lane: Lane | null;
  inspectionOutcome: InspectionOutcome | null;
  totalWetTonnes: string | null;
  customsValueCny: string | null;
  commodityCodes: string[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  releasedAt: string | null;
}

export type DeclarationQueue = 'to-accept' | 'to-release' | 'to-clear';

export interface DeclarationListQuery {
  state?: DeclarationState[];
  queue?: DeclarationQueue;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface TaxPreviewItem {
  lineNo: number;
  dryTonnes: string | null;
  value: string | null;
  customsValueCny: string | null;
  dutyCny: string | null;
  vatCny: string | null;
}

export interface TaxPreview {
  items: TaxPreviewItem[];
  totals: {
    exchangeRate: string | null;
    customsValueCny: string | null;
    dutyCny: string | null;
    vatCny: string | null;
    dryTonnes: string | null;
    wetTonnes: string | null;
  };
  errors: FieldError[];
}

export interface InspectionTask {
  id: string;
  state: InspectionTaskState;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  declaration: DeclarationSummary;
}

export interface OnSiteCheckRequest {
  sealIntact: boolean;
  doseRateUsvH: string;
  solidWasteSuspected: boolean;
  foreignMatterFound: boolean;
  weighedTonnes: string;
  outcome: CheckOutcome;
  remarks: string;
}

export interface InspectionSettings {
  doseRateThresholdUsvH: string;
  massTolerancePct: string;
}

export interface DeclarationElementSpec {
  key: string;
  nameZh: string;
  nameEn: string;
  required: boolean;
}

export interface Commodity {
  id: number;
  code: string;
  categoryCode: string;
  nameZh: string;
  nameEn: string;
  dutyRate: string;
  vatRate: string;
  declarationElements: DeclarationElementSpec[];
  supervisionConditions: string;
  inspectionCode: string;
  validFrom: string;
  validTo: string | null;
}

export interface ReferenceEntry {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface Port extends ReferenceEntry {
  customsOfficeCode: string;
  transportModeCode: string;
}

export interface TransportMode extends ReferenceEntry {
  customsCode: string;
}

/** 境外发货人, from GET /overseas-shippers (registry), linked from a declaration by id. */
export interface OverseasShipper {
  id: string;
  name: string;
  countryCode: string;
  countryNameZh: string;
  countryNameEn: string;
  createdAt: string;
}

export interface Notification {
  id: number;
  type: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationFeed {
  items: Notification[];
  unread: number;
}

// ─── Administration: registry (registry.schema.ts), reference data (reference.schema.ts), risk (risk.routes.ts) ───

export const ENTERPRISE_KINDS = ['IMPORTER', 'AGENCY'] as const satisfies readonly EnterpriseKind[];
export const CREDIT_CLASSES = ['ADVANCED_CERTIFIED', 'GENERAL', 'DISHONEST'] as const satisfies readonly CreditClass[];

export interface Enterprise extends EnterpriseRef {
  /** 统一社会信用代码, 18 characters. */
  usccCode: string;
  /** 海关编码, 10 characters. */
  customsCode: string;
  address: string;
  createdAt: string;
  updatedAt: string;
}

export interface EnterpriseListQuery {
  kind?: EnterpriseKind;
  creditClass?: CreditClass;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface CreateEnterpriseRequest {
  nameZh: string;
  nameEn: string;
  usccCode: string;
  customsCode: string;
  kind: EnterpriseKind;
  creditClass: CreditClass;
  address: string;
}

export type UpdateEnterpriseRequest = Partial<Pick<CreateEnterpriseRequest, 'nameZh' | 'nameEn' | 'address' | 'creditClass'>>;

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Null for customs staff. */
  enterprise: EnterpriseRef | null;
  active: boolean;
  createdAt: string;
}

export interface UserListQuery {
  enterpriseId?: string;
  active?: boolean;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  password: string;
  /** Null for customs staff; omitted by an enterprise administrator (its own enterprise). */
  enterpriseId?: string | null;
  roles: Role[];
}

export type UpdateUserRequest = Partial<Pick<User, 'displayName' | 'roles' | 'active'>>;

export const ENTRUSTMENT_STATUSES = ['ACTIVE', 'UPCOMING', 'EXPIRED', 'REVOKED'] as const;
export type EntrustmentStatus = (typeof ENTRUSTMENT_STATUSES)[number];

export interface Entrustment {
  id: string;
  importer: EnterpriseRef;
  agency: EnterpriseRef;
  validFrom: string;
  /** Last day the agency may declare, inclusive. */
  validTo: string;
  revokedAt: string | null;
  createdAt: string;
  /** As of today in China. */
  status: EntrustmentStatus;
}

export interface EntrustmentListQuery {
  importerId?: string;
  agencyId?: string;
  status?: EntrustmentStatus;
}

export interface CreateEntrustmentRequest {
  importerId: string;
  agencyId: string;
  validFrom: string;
  validTo: string;
}

export interface CreateOverseasShipperRequest {
  name: string;
  countryCode: string;
}

export interface CommodityCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  supervisionRegimeZh: string;
  supervisionRegimeEn: string;
}

export interface CreateCommodityVersionRequest {
  code: string;
  categoryCode: string;
  nameZh: string;
  nameEn: string;
  /** Fractions, e.g. "0.13" for 13 %. */
  dutyRate: string;
  vatRate: string;
  supervisionConditions: string;
  inspectionCode: string;
  declarationElements: DeclarationElementSpec[];
  /** First day in force; the previous version ends the day before. */
  validFrom: string;
}

/** 海关计征汇率: CNY per one unit of the currency for a calendar month (YYYY-MM). */
export interface ExchangeRate {
  currencyCode: string;
  month: string;
  cnyPerUnit: string;
}

export interface LaneRate {
  categoryCode: string;
  creditClass: CreditClass;
  /** A share between 0 and 1, e.g. "0.0500". */
  inspectionRate: string;
  updatedAt: string;
}

export interface WatchListEntry {
  id: string;
  enterpriseId: string;
  enterpriseNameZh: string;
  enterpriseNameEn: string;
  reason: string;
  addedAt: string;
}

// ----- Risk engine rule sets -----
export const RULE_SET_STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED', 'ACTIVE', 'RETIRED', 'REJECTED'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface RuleSetSummary {
  version: number;
  engineVersion: string;
  status: RuleSetStatus;
  inForce: boolean;
  effectiveFrom: string;
  comment: string;
  basedOnVersion: number | null;
  author: PersonRef | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewer: PersonRef | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  ruleCount: number;
  rowVersion: number;
}

export interface RuleSet extends RuleSetSummary {
  definition: Record<string, unknown>;
}

export interface CreateRuleSetRequest {
  comment: string;
  effectiveFrom: string;
  copyFrom?: 'IN_FORCE' | number;
  definition?: Record<string, unknown>;
}

export interface UpdateRuleSetRequest {
  comment?: string;
  effectiveFrom?: string;
  definition?: Record<string, unknown>;
}

export interface RiskList {
  name: string;
  kind: string;
  descriptionZh: string;
  descriptionEn: string;
  entryCount: number;
  createdAt: string;
}

export interface RiskListEntry {
  id: string;
  listName: string;
  value: string;
  label: string | null;
  reason: string;
  addedAt: string;
  addedRevision: number;
  removedAt: string | null;
  removedRevision: number | null;
  removalReason: string | null;
}

export interface RiskListDetail extends Omit<RiskList, 'entryCount'> {
  revision: number;
  entries: RiskListEntry[];
}

// ----- Risk decisions (customs only), replay -----
export type CheckItem = 'RADIOACTIVITY' | 'SOLID_WASTE' | 'SAMPLING_HARMFUL_ELEMENTS' | 'DOCUMENT_REVIEW';
export type ScreeningFailure = 'RADIATION_ALARM' | 'SOLID_WASTE_SUSPECTED' | 'DOCUMENTS_MISMATCH' | 'FOREIGN_INCLUSIONS_FOUND';

export interface FiredRule {
  ruleId: string;
  nameZh: string;
  nameEn: string;
  lane: Lane | null;
  share: number;
  checks: CheckItem[];
  draw: number;
  /** draw < share: the rule's lane and checks applied. */
  selected: boolean;
}

/** One factor of the learned score: `code` + `params` say it in words; `description`/`value` are the English fallback. */
export interface ScoreFactor {
  feature: string;
  code?: string;
  params?: Record<string, string | number | null>;
  description: string;
  value: string;
  /** Signed log-odds: > 0 raised the score. */
  contribution: number;
}

export interface DecisionScore {
  value: number;
  modelVersion: string | null;
  lane: Lane | null;
  minScore: number | null;
  topFactors: ScoreFactor[];
}

export interface ValueBandBreach {
  lineIndex: number;
  commodityCode: string;
  originCountryCode: string | null;
  unitValueCnyPerDryTonne: number;
  minCnyPerDryTonne: number;
  maxCnyPerDryTonne: number;
}

export interface ListHit {
  list: string;
  kind: string;
  value: string;
}

export interface DecisionDetails {
  randomSelection?: { rate: number; categoryCode: string | null; creditClass: CreditClass; draw: number; selected: boolean };
  exploration?: { share: number; draw: number; selected: boolean };
  safetyFloor?: { applied: boolean; failures: ScreeningFailure[] };
  valueBandBreaches?: ValueBandBreach[];
  listHits?: ListHit[];
}

export interface StoredRiskDecision {
  declarationId: string;
  lane: Lane;
  engine: string;
  randomDraw: string;
  reasons: RiskReason[];
  decidedAt: string;
  ruleSetVersion: number | null;
  dataRevision: number | null;
  modelVersion: string | null;
  checks: CheckItem[];
  firedRules: FiredRule[];
  score: DecisionScore | null;
  facts: Record<string, unknown> | null;
  details: DecisionDetails | null;
  history: { supersededAt: string; cause: string; decision: Record<string, unknown> }[];
}

export interface DecisionOutline {
  lane: string;
  randomDraw: string;
  checks: string[];
  firedRuleIds: string[];
  score?: number | null;
  modelVersion?: string | null;
}

export interface RiskReplay {
  declarationId: string;
  ruleSetVersion: number;
  dataRevision: number;
  identical: boolean;
  stored: DecisionOutline;
  replayed: DecisionOutline & { reasons: RiskReason[] };
}

// ----- Quick screening -----
export const VEHICLE_KINDS = ['WAGON', 'TRUCK'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];
export type ScreeningResult = 'PASS' | 'ALARM';

interface ScreeningBase {
  id: string;
  declarationId: string | null;
  trainNumber: string | null;
  vehicleKind: VehicleKind;
  vehicleNumber: string;
  result: ScreeningResult;
  remarks: string;
  screenedAt: string;
  recordedAt: string;
}

export interface RadiationScreening extends ScreeningBase {
  doseRateUsvH: string;
  backgroundUsvH: string;
  alarmThresholdUsvH: string;
}

export interface CargoScreening extends ScreeningBase {
  solidWaste: 'CLEAR' | 'SUSPECTED';
  foreignMatter: 'NONE' | 'FOUND';
  documentsMatch: 'MATCH' | 'MISMATCH' | null;
}

export interface ScreeningQuery {
  declarationId?: string;
  vehicleNumber?: string;
  trainNumber?: string;
  result?: ScreeningResult;
}

interface ScreeningVehicleKey {
  declarationId?: string | null;
  trainNumber?: string | null;
  vehicleKind: VehicleKind;
  vehicleNumber: string;
  screenedAt?: string;
  remarks?: string;
}

export interface RecordRadiationRequest extends ScreeningVehicleKey {
  doseRateUsvH: string;
  backgroundUsvH: string;
  alarmThresholdUsvH?: string;
}

export interface RecordCargoRequest extends ScreeningVehicleKey {
  solidWaste: 'CLEAR' | 'SUSPECTED';
  foreignMatter: 'NONE' | 'FOUND';
  documentsMatch?: 'MATCH' | 'MISMATCH' | null;
}

export interface Escalation {
  declarationId: string;
  number: string | null;
  fromLane: Lane;
  toLane: Lane;
  inspectionTaskCreated: boolean;
}

export interface RecordedScreening<T> {
  screening: T;
  escalations: Escalation[];
}

// ----- Rule statistics, rule tests, value bands, backtests -----
export interface RuleStat {
  ruleId: string;
  nameEn: string;
  nameZh: string;
  decisions: number;
  hits: number;
  selected: number;
  inspected: number;
  findings: number;
  hitRate: number;
  findingRate: number | null;
}

export interface RuleStats {
  decisions: number;
  rules: RuleStat[];
}

/** GET /risk/rule-fields: what rules can test and do. */
export interface RuleFieldCatalogue {
  fields: {
    name: string;
    type: 'string' | 'enum' | 'number';
    scope: 'declaration' | 'item' | 'collection';
    values: string[] | null;
    unit: string | null;
    listKinds: string[];
    operators: string[];
    descriptionZh: string;
    descriptionEn: string;
  }[];
  conditionOperators: string[];
  lanes: Lane[];
  checkItems: CheckItem[];
  listKinds: string[];
}

export interface RuleTestRequest {
  rule: Record<string, unknown>;
  days: number;
  ruleSetVersion?: number;
}

export interface RuleTestResult {
  days: number;
  from: string;
  to: string;
  ruleSetVersion: number;
  declarations: number;
  matched: number;
  matchRate: number;
  wouldSelect: number;
  laneCounts: { lane: Lane; count: number }[];
  inspectedAmongMatched: number;
  knownFindingsAmongMatched: number;
  samples: { declarationId: string; number: string | null; importerName: string; submittedAt: string | null }[];
}

export interface ValueBandStats {
  count: number;
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
}

export interface ValueBandWithStats {
  commodityCode: string;
  originCountryCode: string | null;
  minCnyPerDryTonne: number;
  maxCnyPerDryTonne: number;
  stats: ValueBandStats | null;
  below: number;
  above: number;
}

export interface ValueBandsReport {
  days: number;
  ruleSetVersion: number;
  bands: ValueBandWithStats[];
}

export interface ValuePoint {
  declarationId: string;
  number: string | null;
  at: string;
  unitValueCnyPerDryTonne: number;
  lane: Lane | null;
  /** true: the on-site check failed; false: passed; null: not checked. */
  finding: boolean | null;
}

export const BACKTEST_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'CANCELLED', 'FAILED'] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];

export interface BacktestResult {
  ruleSetVersion: number;
  declarations: number;
  lanes: { lane: Lane; count: number; rate: number }[];
  inspectionRate: number;
  knownFindings: number;
  findingsCaught: number;
  findingsReleasedUnchecked: number;
  precisionAtInspectionRate: number | null;
  laneChangesVsStored: number;
}

export interface Backtest {
  id: string;
  status: BacktestStatus;
  from: string;
  to: string;
  ruleSetVersion: number;
  compareWithVersion: number | null;
  modelVersion: string | null;
  processed: number;
  total: number;
  createdAt: string;
  /** The creator's display name. */
  createdBy: string;
  finishedAt: string | null;
  error: string | null;
  results: BacktestResult[];
}

export interface CreateBacktestRequest {
  ruleSetVersion: number;
  compareWithVersion?: number;
  from: string;
  to: string;
}

// ----- Learned risk-score models -----
export const MODEL_STATUSES = ['TRAINING', 'READY', 'FAILED', 'ACTIVE', 'RETIRED'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export interface RiskModelMetrics {
  auc: number | null;
  heldOutRows: number;
  heldOutPositives: number;
  baseRate: number;
  precisionAtK: { rate: number; k: number; precision: number | null; recall: number | null }[];
}

export interface RiskModelSummary {
  version: string;
  status: ModelStatus;
  comment: string;
  requestedAt: string;
  trainedAt: string | null;
  trainedBy: PersonRef | null;
  activatedAt: string | null;
  activatedBy: PersonRef | null;
  retiredAt: string | null;
  trainingRows: number | null;
  positives: number | null;
  metrics: RiskModelMetrics | null;
  features: string[];
  error: string | null;
  minPositivesToActivate: number;
}

export interface RiskModel extends RiskModelSummary {
  featureImportances: { feature: string; importance: number }[];
}
