import type { ReactNode } from 'react';
import {
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  ApartmentOutlined,
  ContainerOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  FundOutlined,
  GlobalOutlined,
  PercentageOutlined,
  ProfileOutlined,
  RadarChartOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  TransactionOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { CurrentUser } from '../api/types';
import {
  canAccept,
  canInspect,
  canManageEntrustments,
  canManageUsers,
  canRelease,
  canTuneRisk,
  isCustomsUser,
  isEnterpriseUser,
  isSystemAdmin,
} from './roles';

export interface NavItem {
  path: string;
  labelKey: string;
  testId: string;
  icon: ReactNode;
}

export interface NavGroup {
  labelKey: string;
  items: NavItem[];
}

/** The side menu for this user's roles (one user may hold several). */
export function navigationFor(user: CurrentUser): NavGroup[] {
  const groups: NavGroup[] = [];
  if (isEnterpriseUser(user)) {
    groups.push({
      labelKey: 'nav.enterpriseGroup',
      items: [
        { path: '/declarations', labelKey: 'nav.myDeclarations', testId: 'nav-my-declarations', icon: <ProfileOutlined /> },
        { path: '/declarations/new', labelKey: 'nav.newDeclaration', testId: 'nav-new-declaration', icon: <FileAddOutlined /> },
      ],
    });
  }
  if (isCustomsUser(user)) {
    const items: NavItem[] = [];
    if (canAccept(user)) items.push({ path: '/queues/to-accept', labelKey: 'nav.toAccept', testId: 'nav-to-accept', icon: <AuditOutlined /> });
    if (canInspect(user)) items.push({ path: '/inspection', labelKey: 'nav.toInspect', testId: 'nav-to-inspect', icon: <SafetyCertificateOutlined /> });
    if (canRelease(user)) {
      items.push({ path: '/queues/to-release', labelKey: 'nav.toRelease', testId: 'nav-to-release', icon: <CheckSquareOutlined /> });
      items.push({ path: '/queues/to-clear', labelKey: 'nav.toClear', testId: 'nav-to-clear', icon: <FileDoneOutlined /> });
    }
    items.push({ path: '/all-declarations', labelKey: 'nav.allDeclarations', testId: 'nav-all-declarations', icon: <UnorderedListOutlined /> });
    items.push({ path: '/screening', labelKey: 'nav.screening', testId: 'nav-screening', icon: <RadarChartOutlined /> });
    groups.push({ labelKey: 'nav.customsGroup', items });

    const settings: NavItem[] = [];
    if (canTuneRisk(user)) settings.push({ path: '/risk/inspection-rates', labelKey: 'nav.inspectionRates', testId: 'nav-inspection-rates', icon: <PercentageOutlined /> });
    settings.push({ path: '/risk/rule-sets', labelKey: 'nav.ruleSets', testId: 'nav-rule-sets', icon: <ApartmentOutlined /> });
    if (canTuneRisk(user)) settings.push({ path: '/risk/backtests', labelKey: 'nav.backtests', testId: 'nav-backtests', icon: <ExperimentOutlined /> });
    settings.push({ path: '/risk/models', labelKey: 'nav.riskModels', testId: 'nav-risk-models', icon: <FundOutlined /> });
    settings.push({ path: '/risk/lists', labelKey: 'nav.riskLists', testId: 'nav-risk-lists', icon: <ContainerOutlined /> });
    // Every customs role reads the thresholds; the page offers editing to supervisors and system administrators.
    settings.push({ path: '/settings/inspection-thresholds', labelKey: 'nav.inspectionThresholds', testId: 'nav-inspection-thresholds', icon: <DashboardOutlined /> });
    groups.push({ labelKey: 'nav.supervisionGroup', items: settings });
  }
  if (isSystemAdmin(user)) {
    groups.push({
      labelKey: 'nav.adminGroup',
      items: [
        { path: '/admin/enterprises', labelKey: 'nav.enterprises', testId: 'nav-enterprises', icon: <BankOutlined /> },
        { path: '/admin/users', labelKey: 'nav.users', testId: 'nav-users', icon: <TeamOutlined /> },
        { path: '/admin/entrustments', labelKey: 'nav.entrustments', testId: 'nav-entrustments', icon: <SolutionOutlined /> },
        { path: '/admin/commodities', labelKey: 'nav.commodities', testId: 'nav-commodities', icon: <TagsOutlined /> },
        { path: '/admin/exchange-rates', labelKey: 'nav.exchangeRates', testId: 'nav-exchange-rates', icon: <TransactionOutlined /> },
        { path: '/admin/reference', labelKey: 'nav.referenceData', testId: 'nav-reference-data', icon: <DatabaseOutlined /> },
        { path: '/admin/overseas-shippers', labelKey: 'nav.overseasShippers', testId: 'nav-overseas-shippers', icon: <GlobalOutlined /> },
      ],
    });
  } else if (canManageUsers(user)) {
    // An enterprise administrator: its own users, and (an importer) the agencies it entrusts.
    const items: NavItem[] = [{ path: '/admin/users', labelKey: 'nav.users', testId: 'nav-users', icon: <TeamOutlined /> }];
    if (canManageEntrustments(user)) items.push({ path: '/admin/entrustments', labelKey: 'nav.entrustments', testId: 'nav-entrustments', icon: <SolutionOutlined /> });
    groups.push({ labelKey: 'nav.enterpriseAdminGroup', items });
  }
  return groups;
}

/** The menu key to highlight for a location: the longest nav path that prefixes it. */
export function selectedNavPath(groups: NavGroup[], pathname: string): string | undefined {
  const paths = groups.flatMap((group) => group.items.map((item) => item.path));
  if (paths.includes(pathname)) return pathname;
  return paths.filter((path) => pathname.startsWith(`${path}/`)).sort((a, b) => b.length - a.length)[0];
}
