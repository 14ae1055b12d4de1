import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Card, Empty, Input, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { HistoryOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { referenceApi } from '../../../api/endpoints';
import type { Commodity, DeclarationElementSpec } from '../../../api/types';
import { formatRatePct } from '../../../shared/decimal';
import { ApiErrorAlert } from '../../../shared/errors';
import { formatDate, localName, todayInChina } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { invalidateReference } from '../../reference/useReference';
import { Toolbar, useUrlFilters } from '../ListToolbar';
import { versionStatus, type VersionStatus } from './commodityRules';
import { CommodityVersionDrawer } from './CommodityVersionDrawer';

const STATUS_COLORS: Record<VersionStatus, string> = { inForce: 'green', future: 'processing', ended: 'default' };

/** The commodity catalogue: lines in force today, every version (history), and new effective-dated versions. */
export function CommoditiesPage() {
  const { t, i18n } = useTranslation();
  const { values, update } = useUrlFilters(['tab', 'code', 'q'] as const);
  const tab = values.tab === 'all' ? 'all' : 'inForce';
  const inForce = useAsync(() => referenceApi.commodities(), []);
  const versions = useAsync(() => referenceApi.commodityVersions(), []);
  const categories = useAsync(() => referenceApi.commodityCategories(), []);
  const [drawer, setDrawer] = useState<{ base: Commodity | null } | null>(null);
  const today = todayInChina();
  const [search, setSearch] = useState(values.q);

  const categoryNames = useMemo(() => new Map((categories.data?.items ?? []).map((category) => [category.code, localName(category, i18n.language)])), [categories.data, i18n.language]);
  const source = tab === 'all' ? versions : inForce;
  const rows = useMemo(() => {
    const q = values.q.trim().toLowerCase();
    return (source.data?.items ?? [])
      .filter((row) => tab !== 'all' || !values.code || row.code === values.code)
      .filter((row) => !q || `${row.code} ${row.nameZh} ${row.nameEn}`.toLowerCase().includes(q))
      .sort((a, b) => a.code.localeCompare(b.code) || b.validFrom.localeCompare(a.validFrom));
  }, [source.data, tab, values.code, values.q]);

  const reload = () => {
    inForce.reload();
    versions.reload();
  };

  const columns: ColumnsType<Commodity> = [
    { title: t('field.commodityCode'), dataIndex: 'code', width: 120, fixed: 'left', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('commodities.category'), dataIndex: 'categoryCode', width: 110, render: (value: string) => categoryNames.get(value) ?? value },
    { title: t('commodities.validFrom'), dataIndex: 'validFrom', width: 105, render: (value: string) => formatDate(value) },
    {
      title: t('commodities.validTo'),
      dataIndex: 'validTo',
      width: 105,
      render: (value: string | null) => (value ? formatDate(value) : <Typography.Text type="secondary">{t('commodities.openEnded')}</Typography.Text>),
    },
    {
      title: t('commodities.status'),
      key: 'status',
      width: 80,
      render: (_, row) => {
        const status = versionStatus(row, today);
        return (
          <Tag color={STATUS_COLORS[status]} data-testid="commodity-status" data-status={status}>
            {t(`commodities.status_${status}`)}
          </Tag>
        );
      },
    },
    { title: t('field.dutyRate'), dataIndex: 'dutyRate', width: 80, align: 'right', render: (value: string) => formatRatePct(value) },
    { title: t('field.vatRate'), dataIndex: 'vatRate', width: 90, align: 'right', render: (value: string) => formatRatePct(value) },
    { title: t('commodities.supervisionConditions'), dataIndex: 'supervisionConditions', width: 80, render: (value: string) => value || '—' },
    { title: t('commodities.inspectionCode'), dataIndex: 'inspectionCode', width: 100, render: (value: string) => value || '—' },
    { title: t('field.declarationElements'), key: 'elements', width: 80, align: 'right', render: (_, row) => row.declarationElements.length },
    { title: t('commodities.name'), key: 'name', width: 260, ellipsis: { showTitle: true }, render: (_, row) => localName(row, i18n.language) },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: tab === 'all' ? 110 : 190,
      fixed: 'right',
      render: (_, row) => (
        <Space size={4}>
          <Button size="small" icon={<PlusOutlined />} onClick={() => setDrawer({ base: row })} data-testid="commodity-new-version">
            {t('commodities.newVersion')}
          </Button>
          {tab !== 'all' && (
            <Tooltip title={t('commodities.historyHint')}>
              <Button size="small" icon={<HistoryOutlined />} onClick={() => update({ tab: 'all', code: row.code })} data-testid="commodity-history">
                {t('commodities.history')}
              </Button>
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  const elementColumns: ColumnsType<DeclarationElementSpec> = [
    { title: t('commodities.elementKey'), dataIndex: 'key', width: 180, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('commodities.elementNameZh'), dataIndex: 'nameZh' },
    { title: t('commodities.elementNameEn'), dataIndex: 'nameEn' },
    { title: t('commodities.elementRequired'), dataIndex: 'required', width: 90, render: (value: boolean) => (value ? t('app.yes') : t('app.no')) },
  ];

  return (
    <Card
      size="small"
      data-testid="commodities-page"
      title={<Typography.Title level={5} style={{ margin: 0 }}>{t('nav.commodities')}</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ base: null })} data-testid="commodity-new">
            {t('commodities.newLine')}
          </Button>
        </Space>
      }
    >
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'all' ? 'all' : undefined, code: undefined })}
        items={[
          { key: 'inForce', label: <span data-testid="commodity-tab-in-force">{t('commodities.tabInForce', { date: today })}</span> },
          { key: 'all', label: <span data-testid="commodity-tab-all">{t('commodities.tabAll')}</span> },
        ]}
      />
      <Toolbar>
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('commodities.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          enterButton={t('app.search')}
          data-testid="commodity-search"
        />
        {tab === 'all' && values.code && (
          <Tag closable onClose={() => update({ code: undefined })} data-testid="commodity-code-filter" data-code={values.code}>
            {t('commodities.historyOf', { code: values.code })}
          </Tag>
        )}
      </Toolbar>
      {source.error ? (
        <ApiErrorAlert error={source.error} onRetry={reload} />
      ) : (
        <Table<Commodity>
          rowKey="id"
          size="small"
          bordered
          loading={source.loading || categories.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          scroll={{ x: tab === 'all' ? 1320 : 1400 }}
          data-testid="commodity-table"
          expandable={{
            expandedRowRender: (row) => (
              <Table<DeclarationElementSpec> rowKey="key" size="small" columns={elementColumns} dataSource={row.declarationElements} pagination={false} data-testid="commodity-elements-table" />
            ),
          }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('commodities.empty')} /> }}
          onRow={(row) =>
            ({
              'data-testid': 'commodity-row',
              'data-id': String(row.id),
              'data-code': row.code,
              'data-valid-from': row.validFrom,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
      <CommodityVersionDrawer
        open={drawer !== null}
        base={drawer?.base ?? null}
        versions={versions.data?.items ?? []}
        categories={categories.data?.items ?? []}
        onClose={() => setDrawer(null)}
        onCreated={(created) => {
          setDrawer(null);
          invalidateReference('commodities');
          update({ tab: 'all', code: created.code });
          reload();
        }}
      />
    </Card>
  );
}
