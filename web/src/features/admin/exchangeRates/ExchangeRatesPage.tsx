import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Empty, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { referenceApi } from '../../../api/endpoints';
import type { ExchangeRate } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';
import { ApiErrorAlert } from '../../../shared/errors';
import { localName, todayInChina } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { useReferenceMap } from '../../reference/useReference';
import { ExchangeRateModal } from './ExchangeRateModal';

interface MonthRow {
  month: string;
  rates: Map<string, string>;
}

/** Customs monthly exchange rates: one row per month, one column per currency; a cell opens its rate for editing. */
export function ExchangeRatesPage() {
  const { t, i18n } = useTranslation();
  const rates = useAsync(() => referenceApi.exchangeRates(), []);
  const currencies = useReferenceMap('currencies');
  const [target, setTarget] = useState<Partial<ExchangeRate> | null>(null);
  const currentMonth = todayInChina().slice(0, 7);

  const { rows, codes } = useMemo(() => {
    const byMonth = new Map<string, MonthRow>();
    for (const rate of rates.data?.items ?? []) {
      const row = byMonth.get(rate.month) ?? { month: rate.month, rates: new Map<string, string>() };
      row.rates.set(rate.currencyCode, rate.cnyPerUnit);
      byMonth.set(rate.month, row);
    }
    const allCodes = [...new Set((rates.data?.items ?? []).map((rate) => rate.currencyCode))].sort((a, b) => (a === 'USD' ? -1 : b === 'USD' ? 1 : a.localeCompare(b)));
    return { rows: [...byMonth.values()].sort((a, b) => b.month.localeCompare(a.month)), codes: allCodes };
  }, [rates.data]);

  // The tax preview needs this month's rate of the declaration currency: say which ones are missing.
  const thisMonth = rows.find((row) => row.month === currentMonth);
  const missing = rates.data ? codes.filter((code) => !thisMonth?.rates.has(code)) : [];

  const columns: ColumnsType<MonthRow> = [
    {
      title: t('exchangeRates.month'),
      dataIndex: 'month',
      width: 110,
      fixed: 'left',
      render: (value: string) => (value === currentMonth ? <Typography.Text strong>{value}</Typography.Text> : value),
    },
    ...codes.map((code) => ({
      title: (
        <Tooltip title={localName(currencies.get(code), i18n.language)}>
          <span>{code}</span>
        </Tooltip>
      ),
      key: code,
      width: 150,
      align: 'right' as const,
      render: (_: unknown, row: MonthRow) => {
        const value = row.rates.get(code);
        return (
          <span className="rate-cell" data-testid="exchange-rate-cell" data-month={row.month} data-currency={code} data-rate={value ?? ''}>
            <span>{value ? formatDecimal(value) : '—'}</span>
            <Button
              size="small"
              type="text"
              icon={<EditOutlined />}
              onClick={() => setTarget({ currencyCode: code, month: row.month, cnyPerUnit: value })}
              data-testid="exchange-rate-edit"
              aria-label={t('admin.edit')}
            />
          </span>
        );
      },
    })),
  ];

  return (
    <Card
      size="small"
      data-testid="exchange-rates-page"
      title={<Typography.Title level={5} style={{ margin: 0 }}>{t('nav.exchangeRates')}</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={rates.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ month: currentMonth })} data-testid="exchange-rate-new">
            {t('exchangeRates.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('exchangeRates.hint')}
      </Typography.Paragraph>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="exchange-rate-missing"
          title={t('exchangeRates.missing', { month: currentMonth, currencies: missing.join(', ') })}
        />
      )}
      {rates.error ? (
        <ApiErrorAlert error={rates.error} onRetry={rates.reload} />
      ) : (
        <Table<MonthRow>
          rowKey="month"
          size="small"
          bordered
          loading={rates.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ defaultPageSize: 24, showSizeChanger: true, pageSizeOptions: [12, 24, 60], size: 'small', showTotal: (total) => t('exchangeRates.months', { count: total }) }}
          scroll={{ x: 110 + codes.length * 150 }}
          data-testid="exchange-rate-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exchangeRates.empty')} /> }}
          onRow={(row) => ({ 'data-testid': 'exchange-rate-row', 'data-month': row.month }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <ExchangeRateModal
        target={target}
        onClose={() => setTarget(null)}
        onSaved={() => {
          setTarget(null);
          rates.reload();
        }}
      />
    </Card>
  );
}
