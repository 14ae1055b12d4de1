import { useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { declarationsApi, inspectionApi, screeningApi } from '../../api/endpoints';
import type { ScreeningQuery, ScreeningResult } from '../../api/types';
import { useCurrentUser } from '../../app/auth';
import { canInspect } from '../../app/roles';
import { ApiErrorAlert } from '../../shared/errors';
import { useAsync } from '../../shared/useAsync';
import { RecordScreeningForm } from './RecordScreeningForm';
import { CargoTable, RadiationTable } from './ScreeningTables';

interface Filter {
  trainNumber?: string;
  vehicleNumber?: string;
  result?: ScreeningResult;
}

/**
 * Quick screening at arrival: radiation portal readings and cargo screening per wagon or truck (alarms
 * highlighted), and — for inspectors and supervisors — the form to record a reading. `?declarationId=` narrows
 * both to one declaration.
 */
export function ScreeningPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const declarationId = params.get('declarationId') ?? undefined;
  const [filter, setFilter] = useState<Filter>({});
  const [filterForm] = Form.useForm<Filter>();
  const canRecord = canInspect(user);

  const query: ScreeningQuery = { declarationId, ...filter };
  const readings = useAsync(() => screeningApi.list(query), [JSON.stringify(query)]);
  const declaration = useAsync(() => (declarationId ? declarationsApi.get(declarationId) : Promise.resolve(null)), [declarationId]);
  const settings = useAsync(() => inspectionApi.settings(), []);

  const radiation = readings.data?.radiation ?? [];
  const cargo = readings.data?.cargo ?? [];
  const alarms = radiation.filter((r) => r.result === 'ALARM').length + cargo.filter((r) => r.result === 'ALARM').length;

  const list = (
    <Card
      size="small"
      title={
        <Space>
          {declaration.data ? t('screening.readingsOf', { number: declaration.data.number ?? declaration.data.id }) : t('screening.readings')}
          {readings.data && (
            <Typography.Text type={alarms ? 'danger' : 'secondary'} style={{ fontWeight: 'normal', fontSize: 12 }} data-testid="screening-alarm-count" data-count={alarms}>
              {t('screening.summary', { readings: radiation.length + cargo.length, alarms })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={<Button size="small" icon={<ReloadOutlined />} onClick={readings.reload} data-testid="list-refresh" aria-label={t('app.refresh')} />}
    >
      <Form<Filter> form={filterForm} layout="inline" size="small" onFinish={(values) => setFilter({ trainNumber: values.trainNumber?.trim() || undefined, vehicleNumber: values.vehicleNumber?.trim() || undefined, result: values.result })} style={{ marginBottom: 8, rowGap: 6 }}>
        <Form.Item name="trainNumber">
          <Input placeholder={t('screening.trainNumber')} allowClear style={{ width: 130 }} data-testid="screening-filter-train" />
        </Form.Item>
        <Form.Item name="vehicleNumber">
          <Input placeholder={t('screening.vehicleNumber')} allowClear style={{ width: 150 }} data-testid="screening-filter-vehicle" />
        </Form.Item>
        <Form.Item name="result">
          <Select
            allowClear
            placeholder={t('screening.resultLabel')}
            style={{ width: 110 }}
            data-testid="screening-filter-result"
            options={(['ALARM', 'PASS'] as const).map((value) => ({ value, label: t(`screening.result.${value}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />} data-testid="screening-filter-submit">
            {t('app.search')}
          </Button>
        </Form.Item>
      </Form>
      {readings.error ? (
        <ApiErrorAlert error={readings.error} onRetry={readings.reload} />
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text strong>{t('screening.radiationTitle')}</Typography.Text>
          <RadiationTable rows={radiation} loading={readings.loading} showDeclaration={!declarationId} />
          <Typography.Text strong>{t('screening.cargoTitle')}</Typography.Text>
          <CargoTable rows={cargo} loading={readings.loading} showDeclaration={!declarationId} />
        </Space>
      )}
    </Card>
  );

  return (
    <div data-testid="screening-page">
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('nav.screening')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('screening.hint')}</Typography.Text>
      </div>
      {declaration.error ? <ApiErrorAlert error={declaration.error} onRetry={declaration.reload} /> : null}
      <Row gutter={12}>
        {canRecord && (
          <Col xs={24} xxl={9}>
            <Card size="small" title={t('screening.record')} style={{ marginBottom: 12 }}>
              <RecordScreeningForm declaration={declaration.data ?? null} defaultThreshold={settings.data?.doseRateThresholdUsvH ?? null} onRecorded={readings.reload} />
            </Card>
          </Col>
        )}
        <Col xs={24} xxl={canRecord ? 15 : 24}>
          {list}
        </Col>
      </Row>
    </div>
  );
}
