import { api } from './client';
import type {
  AuditEntry,
  Commodity,
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
};

export const referenceApi = {
  commodities: () => api.get<{ items: Commodity[] }>('/reference/commodities'),
  countries: () => api.get<{ items: ReferenceEntry[] }>('/reference/countries'),
  currencies: () => api.get<{ items: ReferenceEntry[] }>('/reference/currencies'),
  ports: () => api.get<{ items: Port[] }>('/reference/ports'),
  transportModes: () => api.get<{ items: TransportMode[] }>('/reference/transport-modes'),
  overseasShippers: () => api.get<{ items: OverseasShipper[] }>('/overseas-shippers'),
};

export const notificationsApi = {
  list: () => api.get<NotificationFeed>('/notifications', { query: { limit: 20 } }),
  markRead: (id: number) => api.post<void>(`/notifications/${id}/read`, {}),
};
