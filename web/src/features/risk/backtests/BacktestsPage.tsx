import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Row, Select, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { backtestsApi, ruleSetsApi } from '../../../api/endpoints';
import type { Backtest, RuleSetSummary } from '../../../api/types';
import { ApiErrorAlert, useNotifyError } from '../../../shared/errors';
import { useIdempotencyKey, useShowServerErrors } from '../../../shared/formErrors';
import { formatDateTime, todayInChina } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { BacktestComparison } from './BacktestComparison';
import { BacktestProgress, BacktestStatusTag, isUnfinished } from './backtestParts';

/** How often a queued or running backtest is polled. */
const POLL_MS = 1500;

/**
 * Backtests: replay a rule set (beside a second one) over a period's stored decisions, watch the runs progress,
 * cancel one, and compare the two rule sets' lanes and findings once done. `/risk/backtests/:id` opens a result.
 */
export function BacktestsPage() {
  const { t } = useTranslation();
  const { id: selectedId } = useParams();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const ruleSets = useAsync(() => ruleSetsApi.list(), []);
  const [runs, setRuns] = useState<Backtest[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const answer = await backtestsApi.list();
      setRuns(answer.items);
      setListError(null);
    } catch (error) {
      setListError(error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Poll while anything is queued or running; a failed poll shows the error and keeps trying.
  const unfinished = (runs ?? []).some((run) => isUnfinished(run.status));
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [unfinished, load]);

  const upsert = (run: Backtest) => setRuns((current) => [run, ...(current ?? []).filter((other) => other.id !== run.id)].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)));

  const cancel = async (run: Backtest) => {
    setCancelling(run.id);
    try {
      upsert(await backtestsApi.cancel(run.id));
    } catch (error) {
      notifyError(error);
      void load();
    } finally {
      setCancelling(null);
    }
  };

  const selected = runs?.find((run) => run.id === selectedId) ?? null;

  return (
    <div data-testid="backtests-page">
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('nav.backtests')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('backtests.hint')}</Typography.Text>
      </div>
      <Row gutter={12}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('backtests.new')} style={{ marginBottom: 12 }}>
            {ruleSets.error ? (
              <ApiErrorAlert error={ruleSets.error} onRetry={ruleSets.reload} />
            ) : (
              <BacktestForm
                ruleSets={ruleSets.data?.items ?? []}
                loading={ruleSets.loading}
                onCreated={(run) => {
                  upsert(run);
                  navigate(`/risk/backtests/${run.id}`);
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t('backtests.runs')}
            style={{ marginBottom: 12 }}
            extra={<Button size="small" icon={<ReloadOutlined />} onClick={() => void load()} data-testid="list-refresh" aria-label={t('app.refresh')} />}
          >
            {listError ? <ApiErrorAlert error={listError} onRetry={() => void load()} /> : null}
            <Table<Backtest>
              size="small"
              rowKey="id"
              loading={runs === null && !listError}
              dataSource={runs ?? []}
              pagination={(runs?.length ?? 0) > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
              data-testid="backtest-table"
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('backtests.empty') }}
              rowClassName={(run) => (run.id === selectedId ? 'row-current' : '')}
              onRow={(run) => ({ 'data-testid': 'backtest-row', 'data-id': run.id, 'data-status': run.status }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('backtests.createdAt'), key: 'created', width: 150, render: (_, run) => formatDateTime(run.createdAt) },
                { title: t('backtests.createdBy'), dataIndex: 'createdBy', ellipsis: true },
                {
                  title: t('backtests.versions'),
                  key: 'versions',
                  width: 90,
                  render: (_, run) => (run.compareWithVersion === null ? `v${run.ruleSetVersion}` : `v${run.ruleSetVersion} ⇄ v${run.compareWithVersion}`),
                },
                { title: t('backtests.period'), key: 'period', width: 180, render: (_, run) => <span style={{ whiteSpace: 'nowrap' }}>{`${run.from} – ${run.to}`}</span> },
                { title: t('backtests.statusLabel'), key: 'status', width: 90, render: (_, run) => <BacktestStatusTag status={run.status} /> },
                { title: t('backtests.progress'), key: 'progress', width: 240, render: (_, run) => <BacktestProgress backtest={run} /> },
                {
                  title: '',
                  key: 'actions',
                  width: 130,
                  render: (_, run) => (
                    <Space size={4}>
                      <Link to={`/risk/backtests/${run.id}`} data-testid="backtest-open">
                        {t('backtests.open')}
                      </Link>
                      {isUnfinished(run.status) && (
                        <Button size="small" danger loading={cancelling === run.id} onClick={() => void cancel(run)} data-testid="backtest-cancel">
                          {t('backtests.cancel')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {selectedId && runs !== null && (selected ? <BacktestComparison backtest={selected} /> : <SelectedBacktest id={selectedId} />)}
    </div>
  );
}

/** A backtest older than the list's latest 200, opened by its URL. */
function SelectedBacktest({ id }: { id: string }) {
  const run = useAsync(() => backtestsApi.get(id), [id]);
  if (run.error) return <ApiErrorAlert error={run.error} onRetry={run.reload} />;
  return run.data ? <BacktestComparison backtest={run.data} /> : null;
}

interface FormValues {
  ruleSetVersion: number;
  compareWithVersion?: number;
  period: [Dayjs, Dayjs];
}

function BacktestForm({ ruleSets, loading, onCreated }: { ruleSets: RuleSetSummary[]; loading: boolean; onCreated: (run: Backtest) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const initialised = useRef(false);

  // Default: the newest draft or pending version against the one in force.
  useEffect(() => {
    if (initialised.current || ruleSets.length === 0) return;
    initialised.current = true;
    const inForce = ruleSets.find((rs) => rs.inForce);
    const candidate = ruleSets.filter((rs) => !rs.inForce && rs.status !== 'REJECTED').sort((a, b) => b.version - a.version)[0];
    form.setFieldsValue({ ruleSetVersion: candidate?.version ?? inForce?.version, compareWithVersion: candidate && inForce ? inForce.version : undefined });
  }, [ruleSets, form]);

  const options = [...ruleSets]
    .sort((a, b) => b.version - a.version)
    .map((rs) => ({
      value: rs.version,
      label: `v${rs.version} · ${t(`ruleSets.status.${rs.status}`)}${rs.inForce ? ` · ${t('ruleSets.inForce')}` : ''}${rs.comment ? ` · ${rs.comment}` : ''}`,
    }));

  const submit = async (values: FormValues) => {
    const body = {
      ruleSetVersion: values.ruleSetVersion,
      compareWithVersion: values.compareWithVersion ?? undefined,
      from: values.period[0].format('YYYY-MM-DD'),
      to: values.period[1].format('YYYY-MM-DD'),
    };
    setSaving(true);
    try {
      const run = await backtestsApi.create(body, idempotency.keyFor(body));
      idempotency.reset();
      message.success(t('backtests.started'));
      onCreated(run);
    } catch (error) {
      showServerErrors(form, error, { fields: ['ruleSetVersion', 'compareWithVersion', 'period'], rename: { from: 'period', to: 'period' } });
    } finally {
      setSaving(false);
    }
  };

  const today = dayjs(todayInChina());
  return (
    <Form<FormValues> form={form} layout="vertical" size="small" onFinish={submit} initialValues={{ period: [today.subtract(364, 'day'), today] }} data-testid="backtest-form">
      <Form.Item name="ruleSetVersion" label={t('backtests.ruleSetVersion')} rules={[{ required: true, message: t('backtests.required') }]}>
        <Select options={options} loading={loading} showSearch optionFilterProp="label" data-testid="backtest-rule-set" />
      </Form.Item>
      <Form.Item
        name="compareWithVersion"
        label={t('backtests.compareWith')}
        dependencies={['ruleSetVersion']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value?: number) => (value !== undefined && value === getFieldValue('ruleSetVersion') ? Promise.reject(new Error(t('backtests.sameVersion'))) : Promise.resolve()),
          }),
        ]}
      >
        <Select options={options} allowClear loading={loading} showSearch optionFilterProp="label" placeholder={t('backtests.noCompare')} data-testid="backtest-compare" />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('backtests.period')}
        rules={[{ required: true, message: t('backtests.required') }]}
        extra={t('backtests.periodHelp')}
      >
        <DatePicker.RangePicker
          style={{ width: '100%' }}
          presets={[30, 90, 365].map((days) => ({ label: t('backtests.lastDays', { days }), value: [today.subtract(days - 1, 'day'), today] as [Dayjs, Dayjs] }))}
          disabledDate={(date) => date.isAfter(today, 'day')} data-testid="backtest-period" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="backtest-submit">
        {t('backtests.start')}
      </Button>
    </Form>
  );
}
