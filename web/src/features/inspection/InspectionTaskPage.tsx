import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { declarationsApi, inspectionApi } from '../../api/endpoints';
import { formatDecimal } from '../../shared/decimal';
import { enterpriseName, formatDate, formatDateTime } from '../../shared/format';
import { ApiErrorAlert, useNotifyError } from '../../shared/errors';
import { useAsync } from '../../shared/useAsync';
import { InspectionCard } from '../declarations/detail/InspectionCard';
import { LaneTag, StateTag, TaskStateTag } from '../declarations/tags';
import { OnSiteCheckForm } from './OnSiteCheckForm';

/** One declaration's inspection task: key facts, start, and the on-site check form. */
export function InspectionTaskPage() {
  const { declarationId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const declaration = useAsync(() => declarationsApi.get(declarationId), [declarationId]);
  const settings = useAsync(() => inspectionApi.settings(), []);
  const [starting, setStarting] = useState(false);

  if (declaration.error) return <ApiErrorAlert error={declaration.error} onRetry={declaration.reload} />;
  const d = declaration.data;
  if (!d) {
    return (
      <div className="page-center">
        <Spin description={t('app.loading')} />
      </div>
    );
  }
  const task = d.inspection;

  const start = async () => {
    if (!task) return;
    setStarting(true);
    try {
      await inspectionApi.start(task.taskId);
      message.success(t('inspection.started'));
    } catch (error) {
      notifyError(error);
    } finally {
      setStarting(false);
      declaration.reload();
    }
  };

  const facts = [
    { key: 'number', label: t('field.number'), children: <Link to={`/declarations/${d.id}`}>{d.number ?? '—'}</Link> },
    { key: 'state', label: t('field.state'), children: <StateTag state={d.state} /> },
    { key: 'lane', label: t('field.lane'), children: <LaneTag lane={d.lane} /> },
    { key: 'importer', label: t('field.importer'), children: enterpriseName(d.importer, i18n.language) },
    { key: 'train', label: t('field.trainNumber'), children: <span data-testid="inspection-train">{d.trainNumber ?? '—'}</span> },
    { key: 'arrival', label: t('field.arrivalDate'), children: formatDate(d.arrivalDate) },
    {
      key: 'wet',
      label: t('inspection.declaredWetTonnes'),
      children: (
        <Typography.Text strong data-testid="inspection-declared-wet">
          {formatDecimal(d.totals.wetTonnes)}
        </Typography.Text>
      ),
    },
    { key: 'codes', label: t('field.commodityCode'), children: [...new Set(d.items.map((item) => item.commodityCode).filter(Boolean))].join(', ') || '—' },
    {
      key: 'wagons',
      label: `${t('field.wagonNumbers')} (${d.wagonNumbers.length})`,
      span: 3,
      children: (
        <Space size={[4, 4]} wrap data-testid="inspection-wagons">
          {(d.wagonNumbers.length ? d.wagonNumbers : d.truckPlates).map((number) => (
            <Tag key={number}>{number}</Tag>
          ))}
        </Space>
      ),
    },
  ];

  const settingsMissing = settings.error && !(isApiError(settings.error) && settings.error.status === 0);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="inspection-task-page">
      <Card size="small">
        <div className="toolbar-row">
          <Space size="middle" wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('inspection.taskTitle')} <Typography.Text code>{d.number ?? ''}</Typography.Text>
            </Typography.Title>
            {task && <TaskStateTag state={task.state} />}
          </Space>
          <Space>
            {task?.state === 'PENDING' && (
              <Button type="primary" loading={starting} onClick={() => void start()} data-testid="inspection-start">
                {t('inspection.start')}
              </Button>
            )}
          </Space>
        </div>
      </Card>
      <Card size="small" title={t('inspection.keyFacts')}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, xl: 3 }}
          items={facts}
          styles={{ label: { width: '11%', minWidth: 96 }, content: { width: '22%' } }}
        />
      </Card>
      {!task ? (
        <Alert type="info" showIcon title={t('inspection.noTask')} />
      ) : task.state === 'PASSED' || task.state === 'FAILED' ? (
        <Row gutter={12}>
          <Col xs={24} xl={12}>
            <Alert type={task.state === 'PASSED' ? 'success' : 'error'} showIcon title={t('inspection.completed')} style={{ marginBottom: 12 }} />
            <InspectionCard inspection={task} declarationId={d.id} canOpen={false} />
          </Col>
        </Row>
      ) : (
        <Card size="small" title={t('inspection.checkForm')} extra={task.startedAt ? `${t('inspection.startedAt')} ${formatDateTime(task.startedAt)}` : null}>
          {settingsMissing ? <ApiErrorAlert error={settings.error} onRetry={settings.reload} /> : null}
          {task.state === 'PENDING' && <Alert type="info" showIcon title={t('inspection.notStarted')} style={{ marginBottom: 12 }} />}
          <OnSiteCheckForm
            taskId={task.taskId}
            declaredWetTonnes={d.totals.wetTonnes}
            settings={settings.data}
            disabled={task.state !== 'IN_PROGRESS'}
            onRecorded={declaration.reload}
          />
        </Card>
      )}
    </Space>
  );
}
