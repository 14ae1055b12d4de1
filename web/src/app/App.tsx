import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth';
import { AppLayout } from './AppLayout';
import { LoginPage } from './LoginPage';
import { RequireAuth } from './RequireAuth';
import { CrashPage, DeclarationFormRoute, DeclarationsHome, HomeRedirect, NotFoundPage, QueuePage, RequireRole } from './pages';
import { canManageEntrustments, canManageUsers, canTuneRisk, isCustomsUser, isSystemAdmin } from './roles';
import { DeclarationListPage } from '../features/declarations/list/DeclarationListPage';
import { DeclarationDetailPage } from '../features/declarations/detail/DeclarationDetailPage';
import { InspectionQueuePage } from '../features/inspection/InspectionQueuePage';
import { InspectionTaskPage } from '../features/inspection/InspectionTaskPage';
import { EnterprisesPage } from '../features/admin/enterprises/EnterprisesPage';
import { UsersPage } from '../features/admin/users/UsersPage';
import { EntrustmentsPage } from '../features/admin/entrustments/EntrustmentsPage';
import { CommoditiesPage } from '../features/admin/commodities/CommoditiesPage';
import { ExchangeRatesPage } from '../features/admin/exchangeRates/ExchangeRatesPage';
import { ReferenceDataPage } from '../features/admin/reference/ReferenceDataPage';
import { ShippersPage } from '../features/admin/shippers/ShippersPage';
import { InspectionRatesPage } from '../features/risk/InspectionRatesPage';
import { RuleSetsPage } from '../features/risk/ruleSets/RuleSetsPage';
import { RuleSetDetailPage } from '../features/risk/ruleSets/RuleSetDetailPage';
import { RiskListsPage } from '../features/risk/RiskListsPage';
import { BacktestsPage } from '../features/risk/backtests/BacktestsPage';
import { RiskModelsPage } from '../features/risk/models/RiskModelsPage';
import { ScreeningPage } from '../features/screening/ScreeningPage';
import { InspectionThresholdsPage } from '../features/settings/InspectionThresholdsPage';

const router = createBrowserRouter([
  {
    errorElement: <CrashPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomeRedirect /> },
              { path: 'declarations', element: <DeclarationsHome /> },
              { path: 'declarations/new', element: <DeclarationFormRoute /> },
              { path: 'declarations/:id', element: <DeclarationDetailPage /> },
              // Same element type as /new, so the form keeps its state when a new draft moves to its own URL.
              { path: 'declarations/:id/edit', element: <DeclarationFormRoute /> },
              { path: 'all-declarations', element: <DeclarationListPage scope={{ kind: 'all' }} /> },
              { path: 'queues/:queue', element: <QueuePage /> },
              { path: 'inspection', element: <InspectionQueuePage /> },
              { path: 'inspection/:declarationId', element: <InspectionTaskPage /> },
              { path: 'risk/inspection-rates', element: <RequireRole allow={canTuneRisk}><InspectionRatesPage /></RequireRole> },
              { path: 'risk/rule-sets', element: <RequireRole allow={isCustomsUser}><RuleSetsPage /></RequireRole> },
              { path: 'risk/rule-sets/:version', element: <RequireRole allow={isCustomsUser}><RuleSetDetailPage /></RequireRole> },
              { path: 'risk/backtests', element: <RequireRole allow={canTuneRisk}><BacktestsPage /></RequireRole> },
              { path: 'risk/backtests/:id', element: <RequireRole allow={canTuneRisk}><BacktestsPage /></RequireRole> },
              { path: 'risk/models', element: <RequireRole allow={isCustomsUser}><RiskModelsPage /></RequireRole> },
              { path: 'screening', element: <RequireRole allow={isCustomsUser}><ScreeningPage /></RequireRole> },
              { path: 'risk/lists', element: <RequireRole allow={isCustomsUser}><RiskListsPage /></RequireRole> },
              { path: 'settings/inspection-thresholds', element: <RequireRole allow={isCustomsUser}><InspectionThresholdsPage /></RequireRole> },
              { path: 'admin/enterprises', element: <RequireRole allow={isSystemAdmin}><EnterprisesPage /></RequireRole> },
              { path: 'admin/users', element: <RequireRole allow={canManageUsers}><UsersPage /></RequireRole> },
              { path: 'admin/entrustments', element: <RequireRole allow={canManageEntrustments}><EntrustmentsPage /></RequireRole> },
              { path: 'admin/commodities', element: <RequireRole allow={isSystemAdmin}><CommoditiesPage /></RequireRole> },
              { path: 'admin/exchange-rates', element: <RequireRole allow={isSystemAdmin}><ExchangeRatesPage /></RequireRole> },
              { path: 'admin/reference', element: <RequireRole allow={isSystemAdmin}><ReferenceDataPage /></RequireRole> },
              { path: 'admin/overseas-shippers', element: <RequireRole allow={isSystemAdmin}><ShippersPage /></RequireRole> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

const THEME = {
  algorithm: theme.compactAlgorithm,
  token: {
    colorPrimary: '#1f4e8c',
    borderRadius: 3,
    fontFamily: "-apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
  },
  components: {
    Layout: { headerBg: '#163a6b', headerHeight: 48, headerPadding: '0 16px', siderBg: '#ffffff' },
    Table: { headerBg: '#eef2f7' },
    Descriptions: { labelBg: '#f3f6fa' },
  },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
