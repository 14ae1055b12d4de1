import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Descriptions, Input, Modal, Popconfirm, Row, Space, Spin, Table, Tag, Typography, type ButtonProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { riskModelsApi } from '../../../api/endpoints';
import type { ModelStatus, RiskModelSummary } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { canTuneRisk } from '../../../app/roles';
import { EChart, type EChartOption } from '../../../shared/EChart';
import { ApiErrorAlert, useNotifyError } from '../../../shared/errors';
import { useIdempotencyKey } from '../../../shared/formErrors';
import { formatDateTime } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { formatShare } from '../decisionText';

/** How often a model in training is polled. */
const POLL_MS = 2000;

const STATUS_COLORS: Record<ModelStatus, string> = { TRAINING: 'processing', READY: 'blue', FAILED: 'error', ACTIVE: 'success', RETIRED: 'default' };

function ModelStatusTag({ status }: { status: ModelStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="model-status" data-status={status}>
      {t(`riskModels.status.${status}`)}
    </Tag>
  );
}

const auc = (model: RiskModelSummary) => (model.metrics?.auc === null || model.metrics?.auc === undefined ? '—' : model.metrics.auc.toFixed(3));

/**
 * The learned risk score's model versions: train a new one on the outcomes so far (in the background), read its
 * held-out metrics and feature importances, and activate it for new decisions (risk analysts, supervisors).
 */
export function RiskModelsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const editable = canTuneRisk(user);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [models, setModels] = useState<RiskModelSummary[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [training, setTraining] = useState(false);
  const [activating, setActivating] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setModels((await riskModelsApi.list()).items);
      setListError(null);
    } catch (error) {
      setListError(error);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const inTraining = (models ?? []).some((model) => model.status === 'TRAINING');
  useEffect(() => {
    if (!inTraining) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [inTraining, load]);

  const activate = async (model: RiskModelSummary) => {
    setActivating(model.version);
    try {
      await riskModelsApi.activate(model.version);
      message.success(t('riskModels.activated', { version: model.version }));
    } catch (error) {
      notifyError(error);
    } finally {
      setActivating(null);
      void load();
    }
  };

  return (
    <div data-testid="risk-models-page">
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('nav.riskModels')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('riskModels.hint')}</Typography.Text>
        </Space>
        <Space>
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTraining(true)} data-testid="model-train">
              {t('riskModels.train')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
        </Space>
      </div>
      {listError ? <ApiErrorAlert error={listError} onRetry={() => void load()} /> : null}
      <Table<RiskModelSummary>
        size="small"
        rowKey="version"
        loading={models === null && !listError}
        dataSource={models ?? []}
        pagination={false}
        data-testid="model-table"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('riskModels.empty') }}
        onRow={(model) => ({ 'data-testid': 'model-row', 'data-version': model.version, 'data-status': model.status }) as React.HTMLAttributes<HTMLElement>}
        expandable={{ rowExpandable: (model) => model.status !== 'TRAINING', expandedRowRender: (model) => <ModelDetails version={model.version} /> }}
        columns={[
          { title: t('riskModels.version'), dataIndex: 'version', render: (version: string) => <Typography.Text code>{version}</Typography.Text> },
          { title: t('riskModels.statusLabel'), key: 'status', render: (_, model) => <ModelStatusTag status={model.status} /> },
          { title: t('riskModels.comment'), dataIndex: 'comment', ellipsis: true, width: 220 },
          { title: t('riskModels.trainedAt'), key: 'trained', render: (_, model) => (model.trainedAt ? `${formatDateTime(model.trainedAt)} · ${model.trainedBy?.displayName ?? ''}` : formatDateTime(model.requestedAt)) },
          {
            title: t('riskModels.trainingRows'),
            key: 'rows',
            align: 'right',
            render: (_, model) =>
              model.trainingRows === null ? '—' : (
                <span title={t('riskModels.positivesTitle', { min: model.minPositivesToActivate })}>
                  {model.trainingRows.toLocaleString()} / <Typography.Text type={(model.positives ?? 0) < model.minPositivesToActivate ? 'danger' : undefined}>{model.positives ?? 0}</Typography.Text>
                </span>
              ),
          },
          { title: 'AUC', key: 'auc', align: 'right', render: (_, model) => auc(model) },
          {
            title: t('riskModels.precisionAtLowest'),
            key: 'precision',
            align: 'right',
            render: (_, model) => {
              const lowest = model.metrics?.precisionAtK[0];
              return lowest ? (
                <span>
                  {formatShare(lowest.precision)} <Typography.Text type="secondary" style={{ fontSize: 11 }}>@ {formatShare(lowest.rate)}</Typography.Text>
                </span>
              ) : (
                '—'
              );
            },
          },
          {
            title: t('riskModels.activatedAt'),
            key: 'activated',
            render: (_, model) => (model.activatedAt ? `${formatDateTime(model.activatedAt)} · ${model.activatedBy?.displayName ?? ''}` : '—'),
          },
          {
            title: '',
            key: 'actions',
            render: (_, model) =>
              editable && model.status === 'READY' ? (
                <Popconfirm title={t('riskModels.activateConfirm', { version: model.version })} onConfirm={() => activate(model)} okButtonProps={{ 'data-testid': 'model-activate-confirm' } as ButtonProps}>
                  <Button
                    size="small"
                    loading={activating === model.version}
                    disabled={(model.positives ?? 0) < model.minPositivesToActivate}
                    title={(model.positives ?? 0) < model.minPositivesToActivate ? t('riskModels.positivesTitle', { min: model.minPositivesToActivate }) : undefined}
                    data-testid="model-activate"
                  >
                    {t('riskModels.activate')}
                  </Button>
                </Popconfirm>
              ) : model.status === 'FAILED' && model.error ? (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {model.error}
                </Typography.Text>
              ) : null,
          },
        ]}
      />
      {training && (
        <TrainModal
          onClose={() => setTraining(false)}
          onQueued={(model) => {
            setTraining(false);
            setModels((current) => [model, ...(current ?? []).filter((other) => other.version !== model.version)]);
            message.success(t('riskModels.queued', { version: model.version }));
          }}
        />
      )}
    </div>
  );
}

function TrainModal({ onClose, onQueued }: { onClose: () => void; onQueued: (model: RiskModelSummary) => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const idempotency = useIdempotencyKey();
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      onQueued(await riskModelsApi.train(comment.trim(), idempotency.keyFor({ comment: comment.trim() })));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('riskModels.train')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="model-train-cancel">
          {t('app.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={submit} data-testid="model-train-submit">
          {t('riskModels.trainStart')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('riskModels.trainHint')}</Typography.Paragraph>
      <Input.TextArea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('riskModels.comment')} data-testid="model-train-comment" />
      {error ? <div style={{ marginTop: 8 }}><ApiErrorAlert error={error} /></div> : null}
    </Modal>
  );
}

function ModelDetails({ version }: { version: string }) {
  const { t } = useTranslation();
  const model = useAsync(() => riskModelsApi.get(version), [version]);
  const importances = model.data?.featureImportances ?? [];
  const option = useMemo<EChartOption>(() => {
    const top = [...importances].sort((a, b) => b.importance - a.importance).slice(0, 12).reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: number) => formatShare(value) },
      grid: { left: 150, right: 40, top: 8, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } },
      yAxis: { type: 'category', data: top.map((entry) => entry.feature), axisLabel: { fontSize: 11 } },
      series: [{ type: 'bar', data: top.map((entry) => entry.importance), itemStyle: { color: '#1f4e8c' }, barMaxWidth: 14 }],
    };
  }, [importances]);

  if (model.error) return <ApiErrorAlert error={model.error} onRetry={model.reload} />;
  if (!model.data) return <Spin size="small" />;
  const m = model.data;
  return (
    <Row gutter={12} data-testid="model-details" data-version={version}>
      <Col xs={24} xl={12}>
        {m.error && <Alert type="error" showIcon title={t('riskModels.failed')} description={m.error} style={{ marginBottom: 8 }} />}
        <Descriptions
          size="small"
          bordered
          column={2}
          items={[
            { key: 'rows', label: t('riskModels.trainingRows'), children: m.trainingRows?.toLocaleString() ?? '—' },
            { key: 'positives', label: t('riskModels.positives'), children: `${m.positives ?? '—'} (${t('riskModels.minPositives', { min: m.minPositivesToActivate })})` },
            { key: 'base', label: t('riskModels.baseRate'), children: formatShare(m.metrics?.baseRate ?? null) },
            { key: 'auc', label: 'AUC', children: auc(m) },
            { key: 'heldOut', label: t('riskModels.heldOut'), span: 2, children: m.metrics ? t('riskModels.heldOutValue', { rows: m.metrics.heldOutRows, positives: m.metrics.heldOutPositives }) : '—' },
          ]}
        />
        <Table
          size="small"
          style={{ marginTop: 8 }}
          rowKey="rate"
          pagination={false}
          dataSource={m.metrics?.precisionAtK ?? []}
          locale={{ emptyText: t('riskModels.noMetrics') }}
          columns={[
            { title: t('riskModels.inspectionRate'), dataIndex: 'rate', render: (rate: number) => formatShare(rate) },
            { title: t('riskModels.topK'), dataIndex: 'k', align: 'right' },
            { title: t('riskModels.precision'), dataIndex: 'precision', align: 'right', render: (value: number | null) => formatShare(value) },
            { title: t('riskModels.recall'), dataIndex: 'recall', align: 'right', render: (value: number | null) => formatShare(value) },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Typography.Text strong>{t('riskModels.importances')}</Typography.Text>
        {importances.length ? <EChart option={option} height={Math.max(160, Math.min(12, importances.length) * 22 + 40)} testId="model-importances" /> : <div>{t('app.none')}</div>}
      </Col>
    </Row>
  );
}
