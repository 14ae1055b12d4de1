import { useMemo, useState } from 'react';
import { Card, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { riskToolsApi } from '../../../api/endpoints';
import type { ValueBandWithStats, ValuePoint } from '../../../api/types';
import { EChart, type EChartOption } from '../../../shared/EChart';
import { ApiErrorAlert } from '../../../shared/errors';
import { formatDateTime, parseTimestamp } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';

const PERIODS = [30, 90, 365];
const bandKey = (band: { commodityCode: string; originCountryCode: string | null }) => `${band.commodityCode}-${band.originCountryCode ?? '*'}`;
const money = (value: number | undefined) => (value === undefined ? '—' : value.toLocaleString(undefined, { maximumFractionDigits: 0 }));

/**
 * The rule set's value-control bands (CNY per dry tonne) with what was declared under each in the last N days:
 * count, spread, how many lines fell below or above; a row opens the chart of the declared unit values.
 */
export function ValueBandsCard({ ruleSetVersion }: { ruleSetVersion: number }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(90);
  const report = useAsync(() => riskToolsApi.valueBands(days, ruleSetVersion), [days, ruleSetVersion]);

  return (
    <Card
      size="small"
      title={t('ruleSets.valueBands')}
      style={{ marginBottom: 12 }}
      data-testid="value-bands-card"
      extra={
        <Space size={6}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('valueBands.period')}
          </Typography.Text>
          <Segmented<number> size="small" value={days} onChange={setDays} options={PERIODS.map((value) => ({ value, label: t('valueBands.days', { days: value }) }))} data-testid="value-bands-days" />
        </Space>
      }
    >
      {report.error ? (
        <ApiErrorAlert error={report.error} onRetry={report.reload} />
      ) : (
        <Table<ValueBandWithStats>
          size="small"
          pagination={false}
          loading={report.loading}
          rowKey={bandKey}
          dataSource={report.data?.bands ?? []}
          data-testid="value-band-table"
          locale={{ emptyText: t('valueBands.empty') }}
          onRow={(band) => ({ 'data-testid': 'value-band-row', 'data-key': bandKey(band), 'data-count': band.stats?.count ?? 0 }) as React.HTMLAttributes<HTMLElement>}
          expandable={{
            expandRowByClick: true,
            rowExpandable: (band) => (band.stats?.count ?? 0) > 0,
            expandedRowRender: (band) => <ValueBandChart band={band} days={days} ruleSetVersion={ruleSetVersion} />,
          }}
          columns={[
            { title: t('ruleSets.commodityCode'), dataIndex: 'commodityCode' },
            { title: t('ruleSets.origin'), dataIndex: 'originCountryCode', render: (value: string | null) => value ?? t('ruleSets.anyOrigin') },
            { title: t('ruleSets.minCny'), dataIndex: 'minCnyPerDryTonne', align: 'right', render: money },
            { title: t('ruleSets.maxCny'), dataIndex: 'maxCnyPerDryTonne', align: 'right', render: money },
            { title: t('valueBands.count'), key: 'count', align: 'right', render: (_, band) => band.stats?.count ?? 0 },
            {
              title: t('valueBands.spread'),
              key: 'spread',
              render: (_, band) =>
                band.stats ? (
                  <Typography.Text style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {t('valueBands.spreadValue', { min: money(band.stats.min), p10: money(band.stats.p10), median: money(band.stats.median), p90: money(band.stats.p90), max: money(band.stats.max) })}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('valueBands.noLines')}</Typography.Text>
                ),
            },
            { title: t('valueBands.below'), dataIndex: 'below', align: 'right', render: (value: number) => (value ? <Tag color="orange">{value}</Tag> : 0) },
            { title: t('valueBands.above'), dataIndex: 'above', align: 'right', render: (value: number) => (value ? <Tag color="orange">{value}</Tag> : 0) },
          ]}
        />
      )}
    </Card>
  );
}

function ValueBandChart({ band, days, ruleSetVersion }: { band: ValueBandWithStats; days: number; ruleSetVersion: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const points = useAsync(
    () => riskToolsApi.valuePoints({ commodityCode: band.commodityCode, originCountryCode: band.originCountryCode ?? undefined, days, ruleSetVersion }),
    [band.commodityCode, band.originCountryCode, days, ruleSetVersion],
  );

  const option = useMemo<EChartOption>(() => {
    const all = points.data?.points ?? [];
    const group = (finding: boolean | null) => all.filter((point) => point.finding === finding);
    const series = (name: string, color: string, rows: ValuePoint[]) => ({
      name,
      type: 'scatter',
      symbolSize: 7,
      itemStyle: { color },
      data: rows.map((point) => ({ value: [parseTimestamp(point.at).valueOf(), point.unitValueCnyPerDryTonne], point })),
    });
    const values = all.map((point) => point.unitValueCnyPerDryTonne);
    const low = Math.min(band.minCnyPerDryTonne, ...values);
    const high = Math.max(band.maxCnyPerDryTonne, ...values);
    const pad = (high - low) * 0.08 || 10;
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: { data: { point: ValuePoint } }) => {
          const point = params.data.point;
          return `${point.number ?? point.declarationId}<br/>${formatDateTime(point.at)}<br/>${point.unitValueCnyPerDryTonne.toLocaleString()} ${t('valueBands.unit')}<br/>${t(`lane.${point.lane}`)}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 32, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: Math.floor(low - pad), max: Math.ceil(high + pad), name: t('valueBands.unit'), nameTextStyle: { align: 'left' } },
      series: [
        {
          ...series(t('valueBands.finding'), '#cf1322', group(true)),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#fa8c16', type: 'dashed' },
            label: { formatter: '{b} {c}', position: 'insideEndTop' },
            data: [
              { name: t('ruleSets.minCny'), yAxis: band.minCnyPerDryTonne },
              { name: t('ruleSets.maxCny'), yAxis: band.maxCnyPerDryTonne },
            ],
          },
        },
        series(t('valueBands.passed'), '#389e0d', group(false)),
        series(t('valueBands.notChecked'), '#8c8c8c', group(null)),
      ],
    };
  }, [points.data, band, t]);

  if (points.error) return <ApiErrorAlert error={points.error} onRetry={points.reload} />;
  if (!points.data) return <Spin size="small" />;
  return (
    <div data-testid="value-band-chart" data-points={points.data.points.length}>
      <EChart option={option} height={260} onClick={(params) => navigate(`/declarations/${(params.data as { point: ValuePoint }).point.declarationId}`)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('valueBands.chartHint')}
      </Typography.Text>
    </div>
  );
}
