import { useState } from 'react';
import { Alert, App, Button, Col, Form, Input, Radio, Row, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inspectionApi } from '../../api/endpoints';
import type { CheckOutcome, InspectionSettings, OnSiteCheckRequest } from '../../api/types';
import { absDecimal, compareDecimals, deviationPct, isDecimal } from '../../shared/decimal';
import { useFieldErrorMessage, useNotifyError } from '../../shared/errors';
import { isApiError } from '../../api/client';

interface Values {
  sealIntact: boolean;
  doseRateUsvH: string;
  solidWasteSuspected: boolean;
  foreignMatterFound: boolean;
  weighedTonnes: string;
  outcome?: CheckOutcome;
  remarks?: string;
}

/** The check request's formats (inspection.routes.ts): at most 9 integer digits; 4 and 3 decimals. */
const DOSE_RATE = /^\d{1,9}(\.\d{1,4})?$/;
const TONNES = /^\d{1,9}(\.\d{1,3})?$/;

const FIELDS = ['sealIntact', 'doseRateUsvH', 'solidWasteSuspected', 'foreignMatterFound', 'weighedTonnes', 'outcome', 'remarks'] as const;

interface Props {
  taskId: string;
  declaredWetTonnes: string | null;
  settings: InspectionSettings | undefined;
  disabled: boolean;
  onRecorded(): void;
}

/** The on-site check: seal, radioactivity, solid waste, foreign inclusions, weighing, outcome. */
export function OnSiteCheckForm({ taskId, declaredWetTonnes, settings, disabled, onRecorded }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const fieldMessage = useFieldErrorMessage();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const dose = Form.useWatch('doseRateUsvH', form)?.trim();
  const weighed = Form.useWatch('weighedTonnes', form)?.trim();
  const sealIntact = Form.useWatch('sealIntact', form);
  const solidWaste = Form.useWatch('solidWasteSuspected', form);
  const foreignMatter = Form.useWatch('foreignMatterFound', form);
  const outcome = Form.useWatch('outcome', form);

  const threshold = settings?.doseRateThresholdUsvH;
  const tolerance = settings?.massTolerancePct;
  const doseAbove = Boolean(threshold && dose && DOSE_RATE.test(dose) && compareDecimals(dose, threshold) > 0);
  const deviation = weighed && TONNES.test(weighed) && declaredWetTonnes ? deviationPct(weighed, declaredWetTonnes) : null;
  const deviationAbove = Boolean(deviation && tolerance && isDecimal(tolerance) && compareDecimals(absDecimal(deviation), tolerance) > 0);
  const anyNonConformity = doseAbove || deviationAbove || sealIntact === false || solidWaste === true || foreignMatter === true;

  const decimalRule = (pattern: RegExp, scale: number) => ({
    validator: async (_: unknown, value: string | undefined) => {
      if (value?.trim() && !pattern.test(value.trim())) throw new Error(t('form.invalidDecimal', { scale }));
    },
  });

  const onFinish = async (values: Values) => {
    const body: OnSiteCheckRequest = {
      sealIntact: values.sealIntact,
      doseRateUsvH: values.doseRateUsvH.trim(),
      solidWasteSuspected: values.solidWasteSuspected,
      foreignMatterFound: values.foreignMatterFound,
      weighedTonnes: values.weighedTonnes.trim(),
      outcome: values.outcome!,
      remarks: values.remarks?.trim() ?? '',
    };
    setSaving(true);
    try {
      await inspectionApi.check(taskId, body);
      message.success(t('inspection.recorded'));
      onRecorded();
    } catch (error) {
      if (isApiError(error) && error.status === 422 && error.fieldErrors.length > 0) {
        const known = new Set<string>(FIELDS);
        const placed = error.fieldErrors.filter((fieldError) => known.has(fieldError.path));
        form.setFields(placed.map((fieldError) => ({ name: fieldError.path as keyof Values, errors: [fieldMessage(fieldError)] })));
        if (placed.length < error.fieldErrors.length) notifyError(error);
        else message.error(t('error.codes.VALIDATION_FAILED'));
      } else {
        notifyError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="small"
      disabled={disabled || saving}
      initialValues={{ sealIntact: true, solidWasteSuspected: false, foreignMatterFound: false, remarks: '' }}
      onFinish={(values) => void onFinish(values)}
      data-testid="check-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="sealIntact" label={t('inspection.sealIntact')} valuePropName="checked">
            <Switch data-testid="check-seal-intact" checkedChildren={t('app.yes')} unCheckedChildren={t('app.no')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="solidWasteSuspected" label={t('inspection.solidWaste')} valuePropName="checked">
            <Switch data-testid="check-solid-waste" checkedChildren={t('app.yes')} unCheckedChildren={t('app.no')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="foreignMatterFound" label={t('inspection.foreignMatter')} valuePropName="checked">
            <Switch data-testid="check-foreign-matter" checkedChildren={t('app.yes')} unCheckedChildren={t('app.no')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="doseRateUsvH"
            label={t('inspection.doseRate')}
            rules={[{ required: true, whitespace: true, message: t('inspection.doseRequired') }, decimalRule(DOSE_RATE, 4)]}
            extra={threshold ? t('inspection.doseThreshold', { threshold }) : undefined}
          >
            <Input data-testid="check-dose-rate" inputMode="decimal" suffix="µSv/h" status={doseAbove ? 'error' : undefined} />
          </Form.Item>
          {doseAbove && <Alert type="error" showIcon data-testid="check-dose-warning" title={t('inspection.doseAbove', { threshold })} style={{ marginBottom: 12 }} />}
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="weighedTonnes"
            label={t('inspection.weighedTonnes')}
            rules={[{ required: true, whitespace: true, message: t('inspection.weighedRequired') }, decimalRule(TONNES, 3)]}
            extra={
              <span data-testid="check-mass-deviation" data-above={deviationAbove ? 'true' : 'false'}>
                {deviation !== null ? (
                  <Typography.Text type={deviationAbove ? 'danger' : 'secondary'}>
                    {t('inspection.deviation', { pct: deviation })}
                    {tolerance ? ` · ${deviationAbove ? t('inspection.deviationAbove', { tolerance }) : t('inspection.tolerance', { tolerance })}` : ''}
                  </Typography.Text>
                ) : tolerance ? (
                  t('inspection.tolerance', { tolerance })
                ) : null}
              </span>
            }
          >
            <Input data-testid="check-weighed-tonnes" inputMode="decimal" suffix="t" status={deviationAbove ? 'warning' : undefined} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="outcome"
            label={t('inspection.outcome')}
            dependencies={['sealIntact', 'doseRateUsvH', 'solidWasteSuspected', 'foreignMatterFound', 'weighedTonnes']}
            rules={[
              { required: true, message: t('inspection.outcomeRequired') },
              {
                validator: async (_, value: CheckOutcome | undefined) => {
                  if (value === 'PASSED' && anyNonConformity) throw new Error(t('inspection.passWithFindings'));
                },
              },
            ]}
          >
            <Radio.Group>
              <Radio value="PASSED" data-testid="check-outcome-passed">
                {t('inspectionOutcome.PASSED')}
              </Radio>
              <Radio value="FAILED" data-testid="check-outcome-failed">
                {t('inspectionOutcome.FAILED')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {anyNonConformity && outcome !== 'FAILED' && (
            <Alert type="warning" showIcon title={t('inspection.suggestFailed')} style={{ marginBottom: 12 }} data-testid="check-suggest-failed" />
          )}
        </Col>
        <Col xs={24}>
          <Form.Item
            name="remarks"
            label={t('inspection.remarks')}
            dependencies={['outcome']}
            rules={[
              { max: 2000 },
              {
                validator: async (_, value: string | undefined) => {
                  if (outcome === 'FAILED' && !anyNonConformity && !value?.trim()) throw new Error(t('inspection.failNeedsRemarks'));
                },
              },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="check-remarks" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="check-submit">
        {t('inspection.submit')}
      </Button>
    </Form>
  );
}
