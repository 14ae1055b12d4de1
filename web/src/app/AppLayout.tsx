import { useMemo, useState } from 'react';
import { Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCurrentUser, useAuth } from './auth';
import { navigationFor, selectedNavPath } from './navigation';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { enterpriseName } from '../shared/format';
import { useNotifyError } from '../shared/errors';

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const notifyError = useNotifyError();
  const [collapsed, setCollapsed] = useState(false);
  const groups = useMemo(() => navigationFor(user), [user]);
  const selected = selectedNavPath(groups, location.pathname);

  const menuItems = groups.map((group) => ({
    type: 'group' as const,
    key: group.labelKey,
    label: collapsed ? null : t(group.labelKey),
    children: group.items.map((item) => ({
      key: item.path,
      icon: item.icon,
      label: (
        <Link to={item.path} data-testid={item.testId}>
          {t(item.labelKey)}
        </Link>
      ),
    })),
  }));

  const onLogout = async () => {
    try {
      await logout();
      navigate('/login', { replace: true });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/" className="app-brand">
          <span className="app-brand-name">{t('app.name')}</span>
          <span className="app-brand-subtitle">{t('app.subtitle')}</span>
        </Link>
        <Space size="middle" className="app-header-tools">
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  disabled: true,
                  label: (
                    <div className="user-card">
                      <div>{user.enterprise ? enterpriseName(user.enterprise, i18n.language) : null}</div>
                      <Space size={[2, 2]} wrap>
                        {user.roles.map((role) => (
                          <Tag key={role} variant="filled">
                            {t(`role.${role}`)}
                          </Tag>
                        ))}
                      </Space>
                    </div>
                  ),
                },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('user.logout')}</span>, onClick: () => void onLogout() },
              ],
            }}
          >
            <a className="header-button user-menu" data-testid="user-menu" onClick={(event) => event.preventDefault()} href="#user">
              <UserOutlined /> <Typography.Text className="header-user-name">{user.displayName}</Typography.Text>
            </a>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={208} collapsible collapsed={collapsed} onCollapse={setCollapsed} theme="light" className="app-sider">
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={menuItems} data-testid="side-menu" />
        </Layout.Sider>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
