import { api } from './client';
import type {
  Backtest,
  RiskModel,
  RiskModelSummary,
  CargoScreening,
  CreateBacktestRequest,
  RadiationScreening,
  RecordCargoRequest,
  RecordedScreening,
  RecordRadiationRequest,
  RiskReplay,
  RuleStats,
  RuleFieldCatalogue,
  RuleTestRequest,
  RuleTestResult,
  ScreeningQuery,
  StoredRiskDecision,
  ValueBandsReport,
  ValuePoint,
  RiskList,
  RiskListDetail,
  RiskListEntry,
  CreateRuleSetRequest,
  RuleSet,
  RuleSetSummary,
  UpdateRuleSetRequest,
  AuditEntry,
  Commodity,
  CommodityCategory,
  CreateCommodityVersionRequest,
  CreateEnterpriseRequest,
  CreateEntrustmentRequest,
  CreateOverseasShipperRequest,
  CreateUserRequest,
  CreditClass,
  Enterprise,
  EnterpriseListQuery,
  Entrustment,
  EntrustmentListQuery,
  ExchangeRate,
  LaneRate,
  UpdateEnterpriseRequest,
  UpdateUserRequest,
  User,
  UserListQuery,
  WatchListEntry,
  CreateDeclarationRequest,
  CurrentUser,
  Declaration,
  DeclarationDraft,
  DeclarationListQuery,
  DeclarationSummary,
  InspectionSettings,
  InspectionTask,
  InspectionTaskState,
  NotificationFeed,
  OnSiteCheckRequest,
  OverseasShipper,
  Page,
  Port,
  ReferenceEntry,
  TaxPreview,
  TransportMode,
} from './types';

export const sessionApi = {
  current: () => api.get<CurrentUser>('/session'),
  login: (username: string, password: string) => api.post<CurrentUser>('/session', { username, password }),
  logout: () => api.delete<void>('/session'),
};

export type SimpleAction = 'submit' | 'accept' | 'release' | 'clear';
export type ReasonAction = 'reject' | 'withdraw';

export const declarationsApi = {
  list: (query: DeclarationListQuery) =>
    api.get<Page<DeclarationSummary>>('/declarations', {
      query: { state: query.state?.join(','), queue: query.queue, q: query.q, page: query.page, pageSize: query.pageSize },
    }),
  get: (id: string) => api.get<Declaration>(`/declarations/${encodeURIComponent(id)}`),
  create: (body: CreateDeclarationRequest, idempotencyKey: string) => api.post<Declaration>('/declarations', body, { idempotencyKey }),
  update: (id: string, version: number, draft: DeclarationDraft) => api.patch<Declaration>(`/declarations/${encodeURIComponent(id)}`, draft, { ifMatch: version }),
  act: (id: string, action: SimpleAction, version: number) => api.post<Declaration>(`/declarations/${encodeURIComponent(id)}/${action}`, {}, { ifMatch: version }),
  actWithReason: (id: string, action: ReasonAction, version: number, reason: string) =>
    api.post<Declaration>(`/declarations/${encodeURIComponent(id)}/${action}`, { reason }, { ifMatch: version }),
  audit: (id: string) => api.get<{ items: AuditEntry[] }>(`/declarations/${encodeURIComponent(id)}/audit`),
  taxPreview: (body: Partial<CreateDeclarationRequest>, signal?: AbortSignal) =>
    api.post<TaxPreview>('/declarations/tax-preview', body, { signal }),
};

export const inspectionApi = {
  tasks: (states: InspectionTaskState[]) => api.get<{ items: InspectionTask[] }>('/inspection/tasks', { query: { state: states.join(',') } }),
  start: (taskId: string) => api.post<InspectionTask>(`/inspection/tasks/${encodeURIComponent(taskId)}/start`, {}),
  check: (taskId: string, body: OnSiteCheckRequest) => api.post<InspectionTask>(`/inspection/tasks/${encodeURIComponent(taskId)}/check`, body),
  task: (taskId: string) => api.get<InspectionTask>(`/inspection/tasks/${encodeURIComponent(taskId)}`),
  settings: () => api.get<InspectionSettings>('/inspection/settings'),
  updateSettings: (body: InspectionSettings) => api.put<InspectionSettings>('/inspection/settings', body),
};

export const referenceApi = {
  commodities: () => api.get<{ items: Commodity[] }>('/reference/commodities'),
  countries: () => api.get<{ items: ReferenceEntry[] }>('/reference/countries'),
  currencies: () => api.get<{ items: ReferenceEntry[] }>('/reference/currencies'),
  ports: () => api.get<{ items: Port[] }>('/reference/ports'),
  transportModes: () => api.get<{ items: TransportMode[] }>('/reference/transport-modes'),
  overseasShippers: () => api.get<{ items: OverseasShipper[] }>('/overseas-shippers'),
  commodityCategories: () => api.get<{ items: CommodityCategory[] }>('/reference/commodity-categories'),
  /** Every version, past and future, optionally of one code. */
  commodityVersions: (code?: string) => api.get<{ items: Commodity[] }>('/reference/commodities', { query: { all: 'true', code } }),
  createCommodityVersion: (body: CreateCommodityVersionRequest, idempotencyKey: string) =>
    api.post<Commodity>('/reference/commodities', body, { idempotencyKey }),
  exchangeRates: (query: { month?: string; currency?: string } = {}) => api.get<{ items: ExchangeRate[] }>('/reference/exchange-rates', { query }),
  /** Creates or replaces the rate of one currency for one month (PUT is idempotent by itself). */
  putExchangeRate: (currency: string, month: string, cnyPerUnit: string) =>
    api.put<ExchangeRate>(`/reference/exchange-rates/${encodeURIComponent(currency)}/${encodeURIComponent(month)}`, { cnyPerUnit }),
};

/** The API answers at most 1000 rows per list and no total: the admin lists ask for the maximum. */
export const ADMIN_LIST_LIMIT = 1000;

export const enterprisesApi = {
  list: (query: EnterpriseListQuery = {}) => api.get<{ items: Enterprise[] }>('/enterprises', { query: { limit: ADMIN_LIST_LIMIT, ...query } }),
  create: (body: CreateEnterpriseRequest, idempotencyKey: string) => api.post<Enterprise>('/enterprises', body, { idempotencyKey }),
  update: (id: string, body: UpdateEnterpriseRequest) => api.patch<Enterprise>(`/enterprises/${encodeURIComponent(id)}`, body),
};

export const usersApi = {
  list: (query: UserListQuery = {}) =>
    api.get<{ items: User[] }>('/users', {
      query: { limit: ADMIN_LIST_LIMIT, ...query, active: query.active === undefined ? undefined : String(query.active) },
    }),
  create: (body: CreateUserRequest, idempotencyKey: string) => api.post<User>('/users', body, { idempotencyKey }),
  update: (id: string, body: UpdateUserRequest) => api.patch<User>(`/users/${encodeURIComponent(id)}`, body),
};

export const entrustmentsApi = {
  list: (query: EntrustmentListQuery = {}) => api.get<{ items: Entrustment[] }>('/entrustments', { query: { ...query } }),
  create: (body: CreateEntrustmentRequest, idempotencyKey: string) => api.post<Entrustment>('/entrustments', body, { idempotencyKey }),
  revoke: (id: string) => api.delete<void>(`/entrustments/${encodeURIComponent(id)}`),
};

export const overseasShippersApi = {
  list: (query: { countryCode?: string; q?: string } = {}) => api.get<{ items: OverseasShipper[] }>('/overseas-shippers', { query }),
  create: (body: CreateOverseasShipperRequest, idempotencyKey: string) => api.post<OverseasShipper>('/overseas-shippers', body, { idempotencyKey }),
};

export const riskApi = {
  laneRates: () => api.get<{ items: LaneRate[] }>('/risk/lane-rates'),
  setLaneRate: (categoryCode: string, creditClass: CreditClass, inspectionRate: string) =>
    api.put<LaneRate>(`/risk/lane-rates/${encodeURIComponent(categoryCode)}/${encodeURIComponent(creditClass)}`, { inspectionRate }),
  watchList: () => api.get<{ items: WatchListEntry[] }>('/risk/watch-list'),
  addToWatchList: (body: { enterpriseId: string; reason: string }, idempotencyKey: string) =>
    api.post<WatchListEntry>('/risk/watch-list', body, { idempotencyKey }),
  removeFromWatchList: (id: string) => api.delete<void>(`/risk/watch-list/${encodeURIComponent(id)}`),
};

export const notificationsApi = {
  list: () => api.get<NotificationFeed>('/notifications', { query: { limit: 20 } }),
  markRead: (id: number) => api.post<void>(`/notifications/${id}/read`, {}),
};

const ruleSetPath = (version: number) => `/risk/rule-sets/${encodeURIComponent(String(version))}`;

export const ruleSetsApi = {
  list: () => api.get<{ items: RuleSetSummary[] }>('/risk/rule-sets'),
  get: (version: number) => api.get<RuleSet>(ruleSetPath(version)),
  inForce: () => api.get<RuleSet>('/risk/rule-sets/in-force'),
  create: (body: CreateRuleSetRequest, idempotencyKey?: string) => api.post<RuleSet>('/risk/rule-sets', body, { idempotencyKey }),
  update: (version: number, rowVersion: number, body: UpdateRuleSetRequest) => api.patch<RuleSet>(ruleSetPath(version), body, { ifMatch: rowVersion }),
  submit: (version: number, rowVersion: number) => api.post<RuleSet>(`${ruleSetPath(version)}/submit`, {}, { ifMatch: rowVersion }),
  approve: (version: number, rowVersion: number, comment: string) => api.post<RuleSet>(`${ruleSetPath(version)}/approve`, { comment }, { ifMatch: rowVersion }),
  reject: (version: number, rowVersion: number, reason: string) => api.post<RuleSet>(`${ruleSetPath(version)}/reject`, { reason }, { ifMatch: rowVersion }),
};

const riskListPath = (name: string) => `/risk/lists/${encodeURIComponent(name)}`;

export const riskListsApi = {
  list: () => api.get<{ revision: number; items: RiskList[] }>('/risk/lists'),
  get: (name: string) => api.get<RiskListDetail>(riskListPath(name)),
  addEntry: (name: string, body: { value: string; reason: string }, idempotencyKey?: string) => api.post<RiskListEntry>(`${riskListPath(name)}/entries`, body, { idempotencyKey }),
  removeEntry: (name: string, entryId: string, reason: string) => api.post<RiskListEntry>(`${riskListPath(name)}/entries/${encodeURIComponent(entryId)}/remove`, { reason }),
};

const declarationPath = (id: string) => encodeURIComponent(id);

/** Customs only: enterprises get 403 here and see only the lane on the declaration itself. */
export const riskDecisionsApi = {
  get: (declarationId: string) => api.get<StoredRiskDecision>(`/risk/decisions/${declarationPath(declarationId)}`),
  replay: (declarationId: string) => api.get<RiskReplay>(`/risk/decisions/${declarationPath(declarationId)}/replay`),
};

export const screeningApi = {
  list: (query: ScreeningQuery) => api.get<{ radiation: RadiationScreening[]; cargo: CargoScreening[] }>('/screening', { query: { ...query } }),
  recordRadiation: (body: RecordRadiationRequest, idempotencyKey: string) =>
    api.post<RecordedScreening<RadiationScreening>>('/screening/radiation', body, { idempotencyKey }),
  recordCargo: (body: RecordCargoRequest, idempotencyKey: string) => api.post<RecordedScreening<CargoScreening>>('/screening/cargo', body, { idempotencyKey }),
};

export const riskToolsApi = {
  ruleStats: (query: { ruleSetVersion?: number; from?: string; to?: string } = {}) => api.get<RuleStats>('/risk/rule-stats', { query }),
  ruleFields: () => api.get<RuleFieldCatalogue>('/risk/rule-fields'),
  testRule: (body: RuleTestRequest) => api.post<RuleTestResult>('/risk/rule-tests', body),
  valueBands: (days: number, ruleSetVersion?: number) => api.get<ValueBandsReport>('/risk/value-bands', { query: { days, ruleSetVersion } }),
  valuePoints: (query: { commodityCode: string; originCountryCode?: string | null; days: number; ruleSetVersion?: number }) =>
    api.get<{ points: ValuePoint[] }>('/risk/value-bands/points', { query: { ...query } }),
};

export const backtestsApi = {
  list: () => api.get<{ items: Backtest[] }>('/risk/backtests'),
  get: (id: string) => api.get<Backtest>(`/risk/backtests/${encodeURIComponent(id)}`),
  create: (body: CreateBacktestRequest, idempotencyKey: string) => api.post<Backtest>('/risk/backtests', body, { idempotencyKey }),
  cancel: (id: string) => api.post<Backtest>(`/risk/backtests/${encodeURIComponent(id)}/cancel`, {}),
};

const modelPath = (version: string) => `/risk/models/${encodeURIComponent(version)}`;

export const riskModelsApi = {
  list: () => api.get<{ items: RiskModelSummary[] }>('/risk/models'),
  get: (version: string) => api.get<RiskModel>(modelPath(version)),
  train: (comment: string, idempotencyKey: string) => api.post<RiskModel>('/risk/models', { comment }, { idempotencyKey }),
  activate: (version: string) => api.post<RiskModel>(`${modelPath(version)}/activate`, {}),
};
