import { useMemo } from 'react';
import { Alert, Card, Col, Descriptions, Row, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LANES, type Backtest, type BacktestResult, type Lane } from '../../../api/types';
import { EChart, type EChartOption } from '../../../shared/EChart';
import { formatDateTime } from '../../../shared/format';
import { formatShare } from '../decisionText';
import { BacktestProgress, BacktestStatusTag, isUnfinished } from './backtestParts';

interface MetricRow {
  key: string;
  label: string;
  values: (string | number)[];
  /** The raw numbers, for the difference column. */
  numbers: (number | null)[];
  kind: 'count' | 'rate';
  /** Whether a higher value is better (green difference) or worse (red); undefined: neutral. */
  higherIsBetter?: boolean;
}

function laneOf(result: BacktestResult, lane: Lane) {
  return result.lanes.find((entry) => entry.lane === lane) ?? { lane, count: 0, rate: 0 };
}

/** One backtest: its progress while it runs, then the rule sets side by side (table and lane-rate chart). */
export function BacktestComparison({ backtest }: { backtest: Backtest }) {
  const { t } = useTranslation();
  const results = backtest.results;

  const rows = useMemo<MetricRow[]>(() => {
    if (results.length === 0) return [];
    const metric = (key: string, label: string, pick: (r: BacktestResult) => number | null, kind: MetricRow['kind'], higherIsBetter?: boolean): MetricRow => {
      const numbers = results.map(pick);
      return { key, label, numbers, kind, higherIsBetter, values: numbers.map((n) => (n === null ? '—' : kind === 'rate' ? formatShare(n) : n.toLocaleString())) };
    };
    return [
      metric('declarations', t('backtests.metric.declarations'), (r) => r.declarations, 'count'),
      ...LANES.map((lane) => {
        const row = metric(`lane-${lane}`, t(`lane.${lane}`), (r) => laneOf(r, lane).rate, 'rate');
        return { ...row, values: results.map((r) => `${formatShare(laneOf(r, lane).rate)} (${laneOf(r, lane).count.toLocaleString()})`) };
      }),
      metric('inspectionRate', t('backtests.metric.inspectionRate'), (r) => r.inspectionRate, 'rate', false),
      metric('knownFindings', t('backtests.metric.knownFindings'), (r) => r.knownFindings, 'count'),
      metric('findingsCaught', t('backtests.metric.findingsCaught'), (r) => r.findingsCaught, 'count', true),
      metric('findingsReleasedUnchecked', t('backtests.metric.findingsReleasedUnchecked'), (r) => r.findingsReleasedUnchecked, 'count', false),
      metric('precision', t('backtests.metric.precision'), (r) => r.precisionAtInspectionRate, 'rate', true),
      metric('laneChanges', t('backtests.metric.laneChanges'), (r) => r.laneChangesVsStored, 'count'),
    ];
  }, [results, t]);

  const chart = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => formatShare(value) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 44 },
      xAxis: { type: 'category', axisLabel: { interval: 0, width: 80, overflow: 'break', fontSize: 11 }, data: [...LANES.map((lane) => t(`lane.${lane}`)), t('backtests.metric.inspectionRate'), t('backtests.metric.precision')] },
      yAxis: { type: 'value', max: 1, axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } },
      series: results.map((result, index) => ({
        name: t('backtests.versionLabel', { version: result.ruleSetVersion }),
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: index === 0 ? '#1f4e8c' : '#9bb3d3' },
        label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: number }) => formatShare(p.value) },
        data: [...LANES.map((lane) => laneOf(result, lane).rate), result.inspectionRate, result.precisionAtInspectionRate ?? 0],
      })),
    }),
    [results, t],
  );

  const [first, second] = results;
  const difference = (row: MetricRow) => {
    const [a, b] = row.numbers;
    if (a === null || b === null || a === undefined || b === undefined) return '—';
    const delta = a - b;
    const text = row.kind === 'rate' ? `${delta >= 0 ? '+' : ''}${(delta * 100).toFixed(2)} pp` : `${delta >= 0 ? '+' : ''}${delta.toLocaleString()}`;
    const good = row.higherIsBetter === undefined || delta === 0 ? undefined : (delta > 0) === row.higherIsBetter;
    return <Typography.Text type={good === undefined ? undefined : good ? 'success' : 'danger'}>{text}</Typography.Text>;
  };

  return (
    <Card
      size="small"
      title={
        <span>
          {t('backtests.resultTitle')} {backtest.compareWithVersion === null ? `v${backtest.ruleSetVersion}` : `v${backtest.ruleSetVersion} ⇄ v${backtest.compareWithVersion}`} · {backtest.from} – {backtest.to}
        </span>
      }
      extra={<BacktestStatusTag status={backtest.status} />}
      data-testid="backtest-result"
      data-id={backtest.id}
      data-status={backtest.status}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'by', label: t('backtests.createdBy'), children: `${backtest.createdBy} · ${formatDateTime(backtest.createdAt)}` },
          { key: 'finished', label: t('backtests.finishedAt'), children: formatDateTime(backtest.finishedAt) },
          { key: 'model', label: t('backtests.model'), children: backtest.modelVersion ?? t('backtests.rulesOnly') },
          { key: 'progress', label: t('backtests.progress'), children: <BacktestProgress backtest={backtest} /> },
        ]}
      />
      {backtest.status === 'FAILED' && <Alert type="error" showIcon title={t('backtests.failed')} description={backtest.error} data-testid="backtest-error" />}
      {backtest.status === 'CANCELLED' && <Alert type="warning" showIcon title={t('backtests.cancelled')} />}
      {isUnfinished(backtest.status) && <Alert type="info" showIcon title={t('backtests.running')} />}
      {backtest.status === 'SUCCEEDED' && results.length === 0 && <Alert type="info" showIcon title={t('backtests.noResults')} />}
      {first && (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            {results.map((result) => (
              <Col key={result.ruleSetVersion} xs={24} md={12} data-testid="backtest-summary" data-version={result.ruleSetVersion}>
                <Card size="small" type="inner" title={<Link to={`/risk/rule-sets/${result.ruleSetVersion}`}>{t('backtests.versionLabel', { version: result.ruleSetVersion })}</Link>}>
                  <Row gutter={8}>
                    <Col span={6}>
                      <Statistic title={t('backtests.metric.inspectionRate')} value={formatShare(result.inspectionRate)} />
                    </Col>
                    <Col span={6}>
                      <Statistic title={t('backtests.metric.findingsCaught')} value={result.findingsCaught} suffix={`/ ${result.knownFindings}`} />
                    </Col>
                    <Col span={6}>
                      <Statistic title={t('backtests.metric.findingsReleasedUnchecked')} value={result.findingsReleasedUnchecked} styles={{ content: { color: result.findingsReleasedUnchecked ? '#cf1322' : undefined } }} />
                    </Col>
                    <Col span={6}>
                      <Statistic title={t('backtests.metric.precision')} value={formatShare(result.precisionAtInspectionRate)} />
                    </Col>
                  </Row>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={12}>
            <Col xs={24} xl={12}>
              <Table<MetricRow>
                size="small"
                bordered
                rowKey="key"
                pagination={false}
                dataSource={rows}
                data-testid="backtest-comparison"
                onRow={(row) => ({ 'data-testid': 'backtest-metric', 'data-metric': row.key }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('backtests.metricLabel'), dataIndex: 'label' },
                  ...results.map((result, index) => ({
                    title: t('backtests.versionLabel', { version: result.ruleSetVersion }),
                    key: `v${result.ruleSetVersion}`,
                    align: 'right' as const,
                    render: (_: unknown, row: MetricRow) => <span data-testid="backtest-value" data-version={result.ruleSetVersion}>{row.values[index]}</span>,
                  })),
                  ...(second ? [{ title: t('backtests.difference', { a: first.ruleSetVersion, b: second.ruleSetVersion }), key: 'delta', align: 'right' as const, render: (_: unknown, row: MetricRow) => difference(row) }] : []),
                ]}
              />
            </Col>
            <Col xs={24} xl={12}>
              <EChart option={chart} height={300} testId="backtest-chart" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('backtests.chartHint')}
              </Typography.Text>
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}
