import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ADMIN_LIST_LIMIT, usersApi } from '../../../api/endpoints';
import type { Role, User } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { isSystemAdmin } from '../../../app/roles';
import { ApiErrorAlert } from '../../../shared/errors';
import { enterpriseName, formatDateTime } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { EnterpriseSelect } from '../EnterpriseSelect';
import { SearchBox, Toolbar, useUrlFilters } from '../ListToolbar';
import { ActiveTag, RoleTags } from '../tags';
import { UserCreateModal } from './UserCreateModal';
import { UserEditModal } from './UserEditModal';

/**
 * Users: a system administrator sees and manages everyone; an enterprise administrator the users of its own
 * enterprise (the API scopes the list and refuses the rest).
 */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const systemAdmin = isSystemAdmin(me);
  const { values, update } = useUrlFilters(['q', 'active', 'enterpriseId'] as const);
  const active = values.active === 'true' ? true : values.active === 'false' ? false : undefined;
  const enterpriseId = systemAdmin && values.enterpriseId ? values.enterpriseId : undefined;
  const list = useAsync(() => usersApi.list({ q: values.q || undefined, active, enterpriseId }), [values.q, active, enterpriseId]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  const columns: ColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', width: 150, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 180 },
    {
      title: t('users.affiliation'),
      key: 'affiliation',
      width: 260,
      ellipsis: { showTitle: true },
      render: (_, row) => (row.enterprise ? enterpriseName(row.enterprise, i18n.language) : <Tag color="geekblue">{t('users.customsStaff')}</Tag>),
    },
    { title: t('user.roles'), dataIndex: 'roles', width: 280, render: (roles: Role[]) => <RoleTags roles={roles} /> },
    { title: t('users.activeLabel'), dataIndex: 'active', width: 80, render: (value: boolean) => <ActiveTag active={value} /> },
    { title: t('field.createdAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, row) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(row)} data-testid="user-edit">
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  const rows = list.data?.items ?? [];
  return (
    <Card
      size="small"
      data-testid="users-page"
      title={
        <Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('nav.users')}
          </Typography.Title>
          {!systemAdmin && me.enterprise && <Typography.Text type="secondary">{enterpriseName(me.enterprise, i18n.language)}</Typography.Text>}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-new">
            {t('users.new')}
          </Button>
        </Space>
      }
    >
      <Toolbar>
        <SearchBox value={values.q} onSearch={(q) => update({ q })} placeholder={t('users.searchPlaceholder')} testId="user-search" />
        <Select<string>
          allowClear
          style={{ width: 160 }}
          placeholder={t('users.activeFilter')}
          value={values.active || undefined}
          onChange={(value) => update({ active: value })}
          options={[
            { value: 'true', label: t('users.active') },
            { value: 'false', label: t('users.inactive') },
          ]}
          data-testid="user-active-filter"
          showSearch={{ optionFilterProp: 'label' }}
        />
        {systemAdmin && (
          <EnterpriseSelect
            allowClear
            style={{ width: 320 }}
            placeholder={t('users.enterpriseFilter')}
            value={enterpriseId}
            onChange={(value) => update({ enterpriseId: value })}
            data-testid="user-enterprise-filter"
          />
        )}
      </Toolbar>
      {rows.length >= ADMIN_LIST_LIMIT && <Alert type="info" showIcon title={t('admin.truncated', { count: ADMIN_LIST_LIMIT })} style={{ marginBottom: 12 }} />}
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<User>
          rowKey="id"
          size="small"
          bordered
          loading={list.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          scroll={{ x: 1190 }}
          data-testid="user-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
          onRow={(row) =>
            ({
              'data-testid': 'user-row',
              'data-id': row.id,
              'data-username': row.username,
              'data-active': String(row.active),
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
      <UserCreateModal
        open={creating}
        user={me}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
      <UserEditModal
        user={editing}
        selfId={me.id}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </Card>
  );
}
