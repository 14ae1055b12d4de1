import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { overseasShippersApi } from '../../../api/endpoints';
import type { OverseasShipper } from '../../../api/types';
import { ApiErrorAlert } from '../../../shared/errors';
import { formatDateTime, localName } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { invalidateReference, useReference } from '../../reference/useReference';
import { SearchBox, Toolbar, useUrlFilters } from '../ListToolbar';
import { ShipperCreateModal } from './ShipperCreateModal';

/** Overseas shippers (境外发货人) that declarations name: list and register. */
export function ShippersPage() {
  const { t, i18n } = useTranslation();
  const { values, update } = useUrlFilters(['q', 'countryCode'] as const);
  const list = useAsync(() => overseasShippersApi.list({ q: values.q || undefined, countryCode: values.countryCode || undefined }), [values.q, values.countryCode]);
  const countries = useReference('countries');
  const [creating, setCreating] = useState(false);

  const columns: ColumnsType<OverseasShipper> = [
    { title: t('shippers.name'), dataIndex: 'name', width: 360 },
    {
      title: t('shippers.country'),
      key: 'country',
      width: 220,
      render: (_, row) => `${row.countryCode} ${localName({ nameZh: row.countryNameZh, nameEn: row.countryNameEn }, i18n.language)}`,
    },
    { title: t('field.createdAt'), dataIndex: 'createdAt', width: 160, render: (value: string) => formatDateTime(value) },
  ];

  return (
    <Card
      size="small"
      data-testid="shippers-page"
      title={<Typography.Title level={5} style={{ margin: 0 }}>{t('nav.overseasShippers')}</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="shipper-new">
            {t('shippers.new')}
          </Button>
        </Space>
      }
    >
      <Toolbar>
        <SearchBox value={values.q} onSearch={(q) => update({ q })} placeholder={t('shippers.searchPlaceholder')} testId="shipper-search" />
        <Select<string>
          allowClear
          style={{ width: 240 }}
          placeholder={t('shippers.countryFilter')}
          value={values.countryCode || undefined}
          onChange={(value) => update({ countryCode: value })}
          loading={countries.loading}
          showSearch={{ optionFilterProp: 'label' }}
          options={countries.items.map((country) => ({ value: country.code, label: `${country.code} ${localName(country, i18n.language)}` }))}
          data-testid="shipper-country-filter"
        />
      </Toolbar>
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<OverseasShipper>
          rowKey="id"
          size="small"
          bordered
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          data-testid="shipper-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('shippers.empty')} /> }}
          onRow={(row) => ({ 'data-testid': 'shipper-row', 'data-id': row.id, 'data-country': row.countryCode }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <ShipperCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          // The declaration form's shipper list is cached per page load.
          invalidateReference('overseasShippers');
          list.reload();
        }}
      />
    </Card>
  );
}
