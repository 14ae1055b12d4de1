import { useEffect, useState } from 'react';
import { Alert, App, AutoComplete, Button, Col, DatePicker, Form, Input, Radio, Row, Segmented, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { screeningApi } from '../../api/endpoints';
import type { Declaration, Escalation, RecordCargoRequest, RecordRadiationRequest, ScreeningResult, VehicleKind } from '../../api/types';
import { useIdempotencyKey, useShowServerErrors } from '../../shared/formErrors';
import { LaneTag } from '../declarations/tags';

type Kind = 'radiation' | 'cargo';

interface FormValues {
  trainNumber?: string;
  vehicleKind: VehicleKind;
  vehicleNumber: string;
  screenedAt?: Dayjs | null;
  remarks?: string;
  doseRateUsvH?: string;
  backgroundUsvH?: string;
  alarmThresholdUsvH?: string;
  solidWaste?: 'CLEAR' | 'SUSPECTED';
  foreignMatter?: 'NONE' | 'FOUND';
  documentsMatch?: 'MATCH' | 'MISMATCH' | 'NOT_COMPARED';
}

/** The server's rule for dose rates: ≥ 0, at most 6 integer digits and 4 decimals. */
const DOSE_RATE = /^\d{1,6}(\.\d{1,4})?$/;
const VEHICLE_NUMBER = /^[A-Za-z0-9-]{2,20}$/;
const SERVER_FIELDS = ['trainNumber', 'vehicleKind', 'vehicleNumber', 'screenedAt', 'remarks', 'doseRateUsvH', 'backgroundUsvH', 'alarmThresholdUsvH', 'solidWaste', 'foreignMatter', 'documentsMatch'];

export interface RecordedOutcome {
  result: ScreeningResult;
  vehicleNumber: string;
  escalations: Escalation[];
}

/**
 * Records one reading for one wagon or truck. A declaration given by the page (from its detail page) fills in the
 * train and offers its vehicles; without one the server matches the reading to open declarations by vehicle.
 */
export function RecordScreeningForm({ declaration, defaultThreshold, onRecorded }: { declaration: Declaration | null; defaultThreshold: string | null; onRecorded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [kind, setKind] = useState<Kind>('radiation');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<RecordedOutcome | null>(null);
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();

  const vehicles = declaration ? [...declaration.wagonNumbers, ...declaration.truckPlates] : [];
  useEffect(() => {
    if (!declaration) return;
    form.setFieldsValue({
      trainNumber: declaration.trainNumber ?? undefined,
      vehicleKind: declaration.transportModeCode === 'ROAD' ? 'TRUCK' : 'WAGON',
    });
  }, [declaration, form]);

  const dose = Form.useWatch('doseRateUsvH', form);
  const threshold = Form.useWatch('alarmThresholdUsvH', form) || defaultThreshold;
  const willAlarm = kind === 'radiation' && dose && threshold && DOSE_RATE.test(dose) && Number(dose) > Number(threshold);

  const decimalRule = (required: boolean) => ({
    validator: (_: unknown, value?: string) => {
      if (!value) return required ? Promise.reject(new Error(t('screening.required'))) : Promise.resolve();
      return DOSE_RATE.test(value.trim()) ? Promise.resolve() : Promise.reject(new Error(t('screening.doseFormat')));
    },
  });

  const submit = async (values: FormValues) => {
    const common = {
      declarationId: declaration?.id ?? null,
      trainNumber: values.trainNumber?.trim() || null,
      vehicleKind: values.vehicleKind,
      vehicleNumber: values.vehicleNumber.trim(),
      screenedAt: values.screenedAt ? values.screenedAt.toISOString() : undefined,
      remarks: values.remarks?.trim() ?? '',
    };
    setSaving(true);
    setOutcome(null);
    try {
      let recorded: RecordedOutcome;
      if (kind === 'radiation') {
        const body: RecordRadiationRequest = {
          ...common,
          doseRateUsvH: values.doseRateUsvH!.trim(),
          backgroundUsvH: values.backgroundUsvH!.trim(),
          alarmThresholdUsvH: values.alarmThresholdUsvH?.trim() || undefined,
        };
        const answer = await screeningApi.recordRadiation(body, idempotency.keyFor({ kind, body }));
        recorded = { result: answer.screening.result, vehicleNumber: answer.screening.vehicleNumber, escalations: answer.escalations };
      } else {
        const body: RecordCargoRequest = {
          ...common,
          solidWaste: values.solidWaste!,
          foreignMatter: values.foreignMatter!,
          documentsMatch: values.documentsMatch === 'NOT_COMPARED' ? null : values.documentsMatch,
        };
        const answer = await screeningApi.recordCargo(body, idempotency.keyFor({ kind, body }));
        recorded = { result: answer.screening.result, vehicleNumber: answer.screening.vehicleNumber, escalations: answer.escalations };
      }
      idempotency.reset();
      setOutcome(recorded);
      if (recorded.result === 'ALARM') message.warning(t('screening.recordedAlarm', { vehicle: recorded.vehicleNumber }));
      else message.success(t('screening.recordedPass', { vehicle: recorded.vehicleNumber }));
      // Keep the train and vehicle kind for the next wagon of the same train.
      form.resetFields(['vehicleNumber', 'doseRateUsvH', 'remarks', 'screenedAt', 'solidWaste', 'foreignMatter', 'documentsMatch']);
      onRecorded();
    } catch (error) {
      showServerErrors(form, error, { fields: SERVER_FIELDS });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="screening-form-card">
      <Segmented<Kind>
        block
        value={kind}
        onChange={(value) => {
          setKind(value);
          setOutcome(null);
        }}
        options={[
          { value: 'radiation', label: <span data-testid="screening-kind-radiation">{t('screening.radiationTitle')}</span> },
          { value: 'cargo', label: <span data-testid="screening-kind-cargo">{t('screening.cargoTitle')}</span> },
        ]}
        style={{ marginBottom: 12 }}
      />
      {declaration && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="screening-form-declaration"
          title={
            <span>
              {t('screening.forDeclaration')} <Link to={`/declarations/${declaration.id}`}>{declaration.number ?? declaration.id}</Link>{' '}
              <Link to="/screening">
                <Button size="small" type="link">
                  {t('screening.anyDeclaration')}
                </Button>
              </Link>
            </span>
          }
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        size="small"
        requiredMark
        onFinish={submit}
        initialValues={{ vehicleKind: 'WAGON', solidWaste: 'CLEAR', foreignMatter: 'NONE', documentsMatch: 'MATCH' }}
        data-testid="screening-form"
        data-kind={kind}
      >
        <Row gutter={8}>
          <Col span={8}>
            <Form.Item name="trainNumber" label={t('screening.trainNumber')} rules={[{ max: 20, message: t('screening.trainFormat') }]}>
              <Input data-testid="screening-train-number" maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="vehicleKind" label={t('screening.vehicleKindLabel')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" data-testid="screening-vehicle-kind">
                <Radio.Button value="WAGON">{t('screening.vehicleKind.WAGON')}</Radio.Button>
                <Radio.Button value="TRUCK">{t('screening.vehicleKind.TRUCK')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="vehicleNumber"
              label={t('screening.vehicleNumber')}
              rules={[
                { required: true, message: t('screening.required') },
                { pattern: VEHICLE_NUMBER, message: t('screening.vehicleFormat') },
              ]}
            >
              <AutoComplete
                data-testid="screening-vehicle-number"
                options={vehicles.map((value) => ({ value }))}
                filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
                placeholder={vehicles.length ? t('screening.vehiclePick', { count: vehicles.length }) : undefined}
              />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'radiation' ? (
          <Row gutter={8}>
            <Col span={8}>
              <Form.Item name="doseRateUsvH" label={t('screening.doseRate')} rules={[decimalRule(true)]} validateFirst>
                <Input data-testid="screening-dose-rate" inputMode="decimal" suffix="µSv/h" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="backgroundUsvH" label={t('screening.background')} rules={[decimalRule(true)]}>
                <Input data-testid="screening-background" inputMode="decimal" suffix="µSv/h" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="alarmThresholdUsvH" label={t('screening.threshold')} rules={[decimalRule(false)]} extra={defaultThreshold ? t('screening.thresholdDefault', { value: defaultThreshold }) : undefined}>
                <Input data-testid="screening-threshold" inputMode="decimal" suffix="µSv/h" placeholder={defaultThreshold ?? undefined} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Row gutter={8}>
            <Col span={8}>
              <Form.Item name="solidWaste" label={t('screening.solidWaste')} rules={[{ required: true }]}>
                <Radio.Group data-testid="screening-solid-waste">
                  <Radio value="CLEAR">{t('screening.solidWasteValue.CLEAR')}</Radio>
                  <Radio value="SUSPECTED">{t('screening.solidWasteValue.SUSPECTED')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="foreignMatter" label={t('screening.foreignMatter')} rules={[{ required: true }]}>
                <Radio.Group data-testid="screening-foreign-matter">
                  <Radio value="NONE">{t('screening.foreignMatterValue.NONE')}</Radio>
                  <Radio value="FOUND">{t('screening.foreignMatterValue.FOUND')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="documentsMatch" label={t('screening.documentsMatch')}>
                <Radio.Group data-testid="screening-documents">
                  <Radio value="MATCH">{t('screening.documentsValue.MATCH')}</Radio>
                  <Radio value="MISMATCH">{t('screening.documentsValue.MISMATCH')}</Radio>
                  <Radio value="NOT_COMPARED">{t('screening.notCompared')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={8}>
          <Col span={8}>
            <Form.Item
              name="screenedAt"
              label={t('screening.screenedAt')}
              extra={t('screening.screenedAtHelp')}
              rules={[{ validator: (_, value?: Dayjs | null) => (value && value.isAfter(dayjs().add(1, 'minute')) ? Promise.reject(new Error(t('screening.notFuture'))) : Promise.resolve()) }]}
            >
              <DatePicker showTime style={{ width: '100%' }} data-testid="screening-screened-at" disabledDate={(date) => date.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="remarks" label={t('screening.remarks')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="screening-remarks" />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} danger={Boolean(willAlarm)} data-testid="screening-submit">
            {t('screening.submit')}
          </Button>
          {willAlarm ? (
            <Typography.Text type="danger" data-testid="screening-will-alarm">
              {t('screening.willAlarm', { threshold })}
            </Typography.Text>
          ) : null}
        </Space>
      </Form>
      {outcome && <OutcomeAlert outcome={outcome} />}
    </div>
  );
}

function OutcomeAlert({ outcome }: { outcome: RecordedOutcome }) {
  const { t } = useTranslation();
  const alarm = outcome.result === 'ALARM';
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={alarm ? 'error' : 'success'}
      showIcon
      data-testid="screening-outcome"
      data-result={outcome.result}
      data-escalations={outcome.escalations.length}
      title={alarm ? t('screening.recordedAlarm', { vehicle: outcome.vehicleNumber }) : t('screening.recordedPass', { vehicle: outcome.vehicleNumber })}
      description={
        alarm ? (
          outcome.escalations.length ? (
            <ul className="compact-list">
              {outcome.escalations.map((escalation) => (
                <li key={escalation.declarationId} data-testid="screening-escalation">
                  <Link to={`/declarations/${escalation.declarationId}`}>{escalation.number ?? escalation.declarationId}</Link>: <LaneTag lane={escalation.fromLane} testId="lane-ref" /> → <LaneTag lane={escalation.toLane} testId="lane-ref" />
                  {escalation.inspectionTaskCreated && <Tag color="blue">{t('screening.taskCreated')}</Tag>}
                </li>
              ))}
            </ul>
          ) : (
            t('screening.noOpenLot')
          )
        ) : undefined
      }
    />
  );
}
