import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { entrustmentsApi } from '../../../api/endpoints';
import { ENTRUSTMENT_STATUSES, type CurrentUser, type Entrustment, type EntrustmentStatus } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { isSystemAdmin } from '../../../app/roles';
import { ApiErrorAlert, useNotifyError } from '../../../shared/errors';
import { enterpriseName, formatDate, formatDateTime } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { EnterpriseSelect } from '../EnterpriseSelect';
import { Toolbar, useUrlFilters } from '../ListToolbar';
import { EntrustmentStatusTag } from '../tags';
import { EntrustmentCreateModal } from './EntrustmentCreateModal';

/** Only the importer's enterprise administrator or a system administrator revokes, and only while it still counts. */
function mayRevoke(user: CurrentUser, entrustment: Entrustment): boolean {
  if (entrustment.status !== 'ACTIVE' && entrustment.status !== 'UPCOMING') return false;
  return isSystemAdmin(user) || user.enterprise?.id === entrustment.importer.id;
}

/** Entrustments (报关委托): which agency may declare for which importer, and for how long. */
export function EntrustmentsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const me = useCurrentUser();
  const systemAdmin = isSystemAdmin(me);
  const { values, update } = useUrlFilters(['status', 'importerId', 'agencyId'] as const);
  const status = (ENTRUSTMENT_STATUSES as readonly string[]).includes(values.status) ? (values.status as EntrustmentStatus) : undefined;
  const importerId = systemAdmin ? values.importerId || undefined : undefined;
  const agencyId = values.agencyId || undefined;
  const list = useAsync(() => entrustmentsApi.list({ status, importerId, agencyId }), [status, importerId, agencyId]);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);

  const revoke = async (entrustment: Entrustment) => {
    setRevoking(entrustment.id);
    try {
      await entrustmentsApi.revoke(entrustment.id);
      message.success(t('entrustments.revoked', { agency: enterpriseName(entrustment.agency, i18n.language) }));
      list.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setRevoking(null);
    }
  };

  const columns: ColumnsType<Entrustment> = [
    { title: t('entrustments.importer'), key: 'importer', width: 240, ellipsis: { showTitle: true }, render: (_, row) => enterpriseName(row.importer, i18n.language) },
    { title: t('entrustments.agency'), key: 'agency', width: 240, ellipsis: { showTitle: true }, render: (_, row) => enterpriseName(row.agency, i18n.language) },
    { title: t('entrustments.validFrom'), dataIndex: 'validFrom', width: 105, render: (value: string) => formatDate(value) },
    { title: t('entrustments.validTo'), dataIndex: 'validTo', width: 105, render: (value: string) => formatDate(value) },
    { title: t('entrustments.status'), dataIndex: 'status', width: 90, render: (value: EntrustmentStatus) => <EntrustmentStatusTag status={value} /> },
    { title: t('entrustments.revokedAt'), dataIndex: 'revokedAt', width: 150, render: (value: string | null) => formatDateTime(value) },
    { title: t('field.createdAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, row) =>
        mayRevoke(me, row) ? (
          <Popconfirm
            title={t('entrustments.revokeTitle')}
            description={t('entrustments.revokeBody', { agency: enterpriseName(row.agency, i18n.language), importer: enterpriseName(row.importer, i18n.language) })}
            okText={t('entrustments.revoke')}
            cancelText={t('app.cancel')}
            okButtonProps={{ danger: true, ...({ 'data-testid': 'entrustment-revoke-confirm' } as object) }}
            onConfirm={() => revoke(row)}
          >
            <Button size="small" danger icon={<StopOutlined />} loading={revoking === row.id} data-testid="entrustment-revoke">
              {t('entrustments.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card
      size="small"
      data-testid="entrustments-page"
      title={
        <Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('nav.entrustments')}
          </Typography.Title>
          {!systemAdmin && me.enterprise && <Typography.Text type="secondary">{enterpriseName(me.enterprise, i18n.language)}</Typography.Text>}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="entrustment-new">
            {t('entrustments.new')}
          </Button>
        </Space>
      }
    >
      <Toolbar>
        <Select<EntrustmentStatus>
          allowClear
          style={{ width: 180 }}
          placeholder={t('entrustments.statusFilter')}
          value={status}
          onChange={(value) => update({ status: value })}
          options={ENTRUSTMENT_STATUSES.map((value) => ({ value, label: t(`entrustmentStatus.${value}`) }))}
          data-testid="entrustment-status-filter"
          showSearch={{ optionFilterProp: 'label' }}
        />
        {systemAdmin && (
          <EnterpriseSelect
            kind="IMPORTER"
            allowClear
            style={{ width: 300 }}
            placeholder={t('entrustments.importerFilter')}
            value={importerId}
            onChange={(value) => update({ importerId: value })}
            data-testid="entrustment-importer-filter"
          />
        )}
        <EnterpriseSelect
          kind="AGENCY"
          allowClear
          style={{ width: 300 }}
          placeholder={t('entrustments.agencyFilter')}
          value={agencyId}
          onChange={(value) => update({ agencyId: value })}
          data-testid="entrustment-agency-filter"
        />
      </Toolbar>
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Entrustment>
          rowKey="id"
          size="small"
          bordered
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          scroll={{ x: 1180 }}
          data-testid="entrustment-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('entrustments.empty')} /> }}
          onRow={(row) =>
            ({
              'data-testid': 'entrustment-row',
              'data-id': row.id,
              'data-status': row.status,
              'data-importer-id': row.importer.id,
              'data-agency-id': row.agency.id,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
      <EntrustmentCreateModal
        open={creating}
        user={me}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </Card>
  );
}
