import type { ReactNode } from 'react';
import { AuditOutlined, CheckSquareOutlined, FileAddOutlined, FileDoneOutlined, ProfileOutlined, SafetyCertificateOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { CurrentUser } from '../api/types';
import { canAccept, canInspect, canRelease, isCustomsUser, isEnterpriseUser } from './roles';

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
    groups.push({ labelKey: 'nav.customsGroup', items });
  }
  return groups;
}

/** The menu key to highlight for a location: the longest nav path that prefixes it. */
export function selectedNavPath(groups: NavGroup[], pathname: string): string | undefined {
  const paths = groups.flatMap((group) => group.items.map((item) => item.path));
  if (paths.includes(pathname)) return pathname;
  return paths.filter((path) => pathname.startsWith(`${path}/`)).sort((a, b) => b.length - a.length)[0];
}
