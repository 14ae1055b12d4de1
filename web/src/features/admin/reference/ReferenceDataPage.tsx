import { useMemo, useState, type HTMLAttributes } from 'react';
import { Card, Empty, Input, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { referenceApi } from '../../../api/endpoints';
import type { CommodityCategory, Port, ReferenceEntry, TransportMode } from '../../../api/types';
import { ApiErrorAlert } from '../../../shared/errors';
import { isChinese } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { useUrlFilters } from '../ListToolbar';

const KINDS = ['countries', 'currencies', 'ports', 'transportModes', 'categories'] as const;
type Kind = (typeof KINDS)[number];
const TEST_IDS: Record<Kind, string> = {
  countries: 'countries',
  currencies: 'currencies',
  ports: 'ports',
  transportModes: 'transport-modes',
  categories: 'categories',
};

type Row = ReferenceEntry & Partial<Port & TransportMode & CommodityCategory>;

const loaders: Record<Kind, () => Promise<{ items: Row[] }>> = {
  countries: referenceApi.countries,
  currencies: referenceApi.currencies,
  ports: referenceApi.ports,
  transportModes: referenceApi.transportModes,
  categories: referenceApi.commodityCategories,
};

/** Read-only reference tables: countries, currencies, ports, transport modes and commodity categories. */
export function ReferenceDataPage() {
  const { t, i18n } = useTranslation();
  const { values, update } = useUrlFilters(['tab'] as const);
  const kind: Kind = (KINDS as readonly string[]).includes(values.tab) ? (values.tab as Kind) : 'countries';
  const list = useAsync(() => loaders[kind](), [kind]);
  const [search, setSearch] = useState('');
  const zh = isChinese(i18n.language);

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (list.data?.items ?? []).filter((row) => !q || `${row.code} ${row.nameZh} ${row.nameEn}`.toLowerCase().includes(q));
  }, [list.data, search]);

  const nameColumns: ColumnsType<Row> = [
    { title: t('referenceData.code'), dataIndex: 'code', width: 170, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('referenceData.nameZh'), dataIndex: 'nameZh', width: 220 },
    { title: t('referenceData.nameEn'), dataIndex: 'nameEn', width: 260 },
  ];
  const extra: Record<Kind, ColumnsType<Row>> = {
    countries: [],
    currencies: [],
    ports: [
      { title: t('referenceData.customsOfficeCode'), dataIndex: 'customsOfficeCode', width: 140 },
      { title: t('field.transportModeCode'), dataIndex: 'transportModeCode', width: 140, render: (value: string) => (value ? t(`transportMode.${value}`, { defaultValue: value }) : '—') },
    ],
    transportModes: [{ title: t('referenceData.customsCode'), dataIndex: 'customsCode', width: 140 }],
    categories: [
      {
        title: t('referenceData.supervisionRegime'),
        key: 'regime',
        render: (_, row) => <span className="regime-text">{zh ? row.supervisionRegimeZh : row.supervisionRegimeEn}</span>,
      },
    ],
  };

  return (
    <Card size="small" data-testid="reference-page" title={<Typography.Title level={5} style={{ margin: 0 }}>{t('nav.referenceData')}</Typography.Title>}>
      <Tabs
        size="small"
        activeKey={kind}
        onChange={(key) => {
          setSearch('');
          update({ tab: key === 'countries' ? undefined : key });
        }}
        items={KINDS.map((key) => ({ key, label: <span data-testid={`reference-tab-${TEST_IDS[key]}`}>{t(`referenceData.${key}`)}</span> }))}
      />
      <Input.Search
        allowClear
        style={{ width: 320, marginBottom: 12 }}
        placeholder={t('referenceData.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        data-testid="reference-search"
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('referenceData.readOnly')}
      </Typography.Paragraph>
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Row>
          rowKey="code"
          size="small"
          bordered
          loading={list.loading}
          columns={[...nameColumns, ...extra[kind]]}
          dataSource={rows}
          pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 300], size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          data-testid="reference-table"
          data-kind={kind}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('referenceData.empty')} /> }}
          onRow={(row) => ({ 'data-testid': 'reference-row', 'data-code': row.code }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}
