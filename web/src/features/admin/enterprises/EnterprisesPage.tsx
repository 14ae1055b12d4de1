import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ADMIN_LIST_LIMIT, enterprisesApi } from '../../../api/endpoints';
import { CREDIT_CLASSES, ENTERPRISE_KINDS, type CreditClass, type Enterprise, type EnterpriseKind } from '../../../api/types';
import { ApiErrorAlert } from '../../../shared/errors';
import { formatDateTime, isChinese, localName } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { SearchBox, Toolbar, useUrlFilters } from '../ListToolbar';
import { CreditClassTag, EnterpriseKindTag } from '../tags';
import { EnterpriseFormModal } from './EnterpriseFormModal';

const oneOf = <T extends string>(values: readonly T[], value: string): T | undefined => (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** Importers and customs agencies: register, edit names and address, change the credit class (audited). */
export function EnterprisesPage() {
  const { t, i18n } = useTranslation();
  const { values, update } = useUrlFilters(['q', 'kind', 'creditClass'] as const);
  const kind = oneOf<EnterpriseKind>(ENTERPRISE_KINDS, values.kind);
  const creditClass = oneOf<CreditClass>(CREDIT_CLASSES, values.creditClass);
  const list = useAsync(() => enterprisesApi.list({ q: values.q || undefined, kind, creditClass }), [values.q, kind, creditClass]);
  const [editing, setEditing] = useState<{ enterprise: Enterprise | null } | null>(null);
  const zh = isChinese(i18n.language);

  const onSaved = () => {
    setEditing(null);
    list.reload();
  };

  const columns: ColumnsType<Enterprise> = [
    {
      title: t('enterprises.name'),
      key: 'name',
      width: 300,
      render: (_, row) => (
        <div>
          <div>{localName(row, i18n.language)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {zh ? row.nameEn : row.nameZh}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('enterprises.usccCode'), dataIndex: 'usccCode', width: 180, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('enterprises.customsCode'), dataIndex: 'customsCode', width: 120, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('enterprises.kind'), dataIndex: 'kind', width: 170, render: (value: EnterpriseKind) => <EnterpriseKindTag kind={value} /> },
    { title: t('enterprises.creditClass'), dataIndex: 'creditClass', width: 200, render: (value: CreditClass) => <CreditClassTag creditClass={value} /> },
    { title: t('enterprises.address'), dataIndex: 'address', width: 260, ellipsis: { showTitle: true } },
    { title: t('field.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (value: string) => formatDateTime(value) },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, row) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ enterprise: row })} data-testid="enterprise-edit">
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  const rows = list.data?.items ?? [];
  return (
    <Card
      size="small"
      data-testid="enterprises-page"
      title={<Typography.Title level={5} style={{ margin: 0 }}>{t('nav.enterprises')}</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ enterprise: null })} data-testid="enterprise-new">
            {t('enterprises.new')}
          </Button>
        </Space>
      }
    >
      <Toolbar>
        <SearchBox value={values.q} onSearch={(q) => update({ q })} placeholder={t('enterprises.searchPlaceholder')} testId="enterprise-search" width={360} />
        <Select<EnterpriseKind>
          allowClear
          style={{ width: 220 }}
          placeholder={t('enterprises.kindFilter')}
          value={kind}
          onChange={(value) => update({ kind: value })}
          options={ENTERPRISE_KINDS.map((value) => ({ value, label: t(`enterpriseKind.${value}`) }))}
          data-testid="enterprise-kind-filter"
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Select<CreditClass>
          allowClear
          style={{ width: 260 }}
          placeholder={t('enterprises.creditClassFilter')}
          value={creditClass}
          onChange={(value) => update({ creditClass: value })}
          options={CREDIT_CLASSES.map((value) => ({ value, label: t(`creditClass.${value}`) }))}
          data-testid="enterprise-credit-class-filter"
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Toolbar>
      {rows.length >= ADMIN_LIST_LIMIT && <Alert type="info" showIcon title={t('admin.truncated', { count: ADMIN_LIST_LIMIT })} style={{ marginBottom: 12 }} />}
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Enterprise>
          rowKey="id"
          size="small"
          bordered
          loading={list.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          scroll={{ x: 1480 }}
          data-testid="enterprise-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('enterprises.empty')} /> }}
          onRow={(row) =>
            ({
              'data-testid': 'enterprise-row',
              'data-id': row.id,
              'data-uscc': row.usccCode,
              'data-kind': row.kind,
              'data-credit-class': row.creditClass,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
      <EnterpriseFormModal open={editing !== null} enterprise={editing?.enterprise ?? null} onClose={() => setEditing(null)} onSaved={onSaved} />
    </Card>
  );
}
