import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inspectionApi } from '../../api/endpoints';
import type { InspectionSettings } from '../../api/types';
import { useCurrentUser } from '../../app/auth';
import { canEditThresholds } from '../../app/roles';
import { ApiErrorAlert } from '../../shared/errors';
import { useShowServerErrors } from '../../shared/formErrors';
import { useAsync } from '../../shared/useAsync';

/**
 * The request allows 9 integer digits, but the stored setting only 6 (inspection.settings.ts): a larger value
 * would be saved and then silently read back as the default, so the form keeps to 6.
 */
const DOSE_RATE = /^\d{1,6}(\.\d{1,4})?$/;
const TOLERANCE = /^\d{1,6}(\.\d{1,3})?$/;
const FIELDS = ['doseRateThresholdUsvH', 'massTolerancePct'] as const;

/** Thresholds the on-site check is judged against: every customs role reads them; supervisors and system administrators change them. */
export function InspectionThresholdsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const editable = canEditThresholds(user);
  const settings = useAsync(() => inspectionApi.settings(), []);
  const showServerErrors = useShowServerErrors();
  const [form] = Form.useForm<InspectionSettings>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const onFinish = async (values: InspectionSettings) => {
    const body = { doseRateThresholdUsvH: values.doseRateThresholdUsvH.trim(), massTolerancePct: values.massTolerancePct.trim() };
    setSaving(true);
    try {
      const saved = await inspectionApi.updateSettings(body);
      settings.setData(saved);
      message.success(t('thresholds.saved'));
    } catch (error) {
      showServerErrors(form, error, { fields: FIELDS });
    } finally {
      setSaving(false);
    }
  };

  const decimal = (pattern: RegExp, scale: number) => ({
    validator: async (_: unknown, value: string | undefined) => {
      if (value?.trim() && !pattern.test(value.trim())) throw new Error(t('thresholds.decimalFormat', { scale }));
    },
  });
  const required = { required: true, whitespace: true, message: t('admin.required') };

  return (
    <Card
      size="small"
      data-testid="thresholds-page"
      title={<Typography.Title level={5} style={{ margin: 0 }}>{t('thresholds.title')}</Typography.Title>}
      style={{ maxWidth: 820 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('thresholds.hint')}
      </Typography.Paragraph>
      {!editable && <Alert type="info" showIcon title={t('thresholds.readOnly')} style={{ marginBottom: 12 }} data-testid="thresholds-read-only" />}
      {settings.error ? (
        <ApiErrorAlert error={settings.error} onRetry={settings.reload} />
      ) : (
        <Spin spinning={settings.loading} description={t('app.loading')}>
          <Form<InspectionSettings> form={form} layout="vertical" onFinish={(values) => void onFinish(values)} disabled={!editable || saving || settings.loading} data-testid="thresholds-form">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="doseRateThresholdUsvH"
                  label={t('thresholds.doseRate')}
                  extra={t('thresholds.doseRateHelp')}
                  rules={[required, decimal(DOSE_RATE, 4)]}
                >
                  <Input data-testid="threshold-dose-rate" inputMode="decimal" suffix="µSv/h" maxLength={11} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="massTolerancePct"
                  label={t('thresholds.massTolerance')}
                  extra={t('thresholds.massToleranceHelp')}
                  rules={[required, decimal(TOLERANCE, 3)]}
                >
                  <Input data-testid="threshold-mass-tolerance" inputMode="decimal" prefix="±" suffix="%" maxLength={10} />
                </Form.Item>
              </Col>
            </Row>
            {editable && (
              <Button type="primary" htmlType="submit" loading={saving} data-testid="threshold-save">
                {t('admin.save')}
              </Button>
            )}
          </Form>
        </Spin>
      )}
    </Card>
  );
}
