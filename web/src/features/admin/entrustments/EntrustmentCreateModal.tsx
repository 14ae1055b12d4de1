import { useEffect, useState } from 'react';
import { App, Col, DatePicker, Form, Input, Modal, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { entrustmentsApi } from '../../../api/endpoints';
import type { CreateEntrustmentRequest, CurrentUser, Entrustment } from '../../../api/types';
import { isSystemAdmin } from '../../../app/roles';
import { enterpriseName, todayInChina } from '../../../shared/format';
import { useIdempotencyKey, useShowServerErrors } from '../../../shared/formErrors';
import { EnterpriseSelect } from '../EnterpriseSelect';

interface Values {
  importerId?: string;
  agencyId?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
}

const FIELDS = ['importerId', 'agencyId', 'validFrom', 'validTo'] as const;

interface Props {
  open: boolean;
  user: CurrentUser;
  onClose(): void;
  onCreated(entrustment: Entrustment): void;
}

/**
 * An importer entrusts a customs agency to declare for it from one day to another (both inclusive). A system
 * administrator picks the importer; an importer's enterprise administrator entrusts for its own enterprise.
 */
export function EntrustmentCreateModal({ open, user, onClose, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const systemAdmin = isSystemAdmin(user);
  const validFrom = Form.useWatch('validFrom', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    idempotency.reset();
    form.setFieldsValue({ importerId: systemAdmin ? undefined : user.enterprise?.id, validFrom: dayjs(todayInChina()) });
  }, [open, systemAdmin, user, form, idempotency]);

  const onFinish = async (values: Values) => {
    const body: CreateEntrustmentRequest = {
      importerId: values.importerId!,
      agencyId: values.agencyId!,
      validFrom: values.validFrom!.format('YYYY-MM-DD'),
      validTo: values.validTo!.format('YYYY-MM-DD'),
    };
    setSaving(true);
    try {
      const created = await entrustmentsApi.create(body, idempotency.keyFor(body));
      idempotency.reset();
      message.success(t('entrustments.created', { agency: enterpriseName(created.agency, i18n.language) }));
      onCreated(created);
    } catch (error) {
      // The importer is fixed for an enterprise administrator: an error about it goes to the notification.
      showServerErrors(form, error, {
        fields: systemAdmin ? FIELDS : FIELDS.filter((field) => field !== 'importerId'),
        describe: (fieldError) => {
          const period = fieldError.code === 'OVERLAP' ? /\((\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})\)/.exec(fieldError.message) : null;
          return period ? t('entrustments.overlap', { from: period[1], to: period[2] }) : undefined;
        },
      });
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('admin.required') };
  const validToRule = ({ getFieldValue }: { getFieldValue(name: string): unknown }) => ({
    validator: async (_: unknown, value: Dayjs | null | undefined) => {
      if (!value) return;
      const from = getFieldValue('validFrom') as Dayjs | null | undefined;
      if (from && value.isBefore(from, 'day')) throw new Error(t('entrustments.toBeforeFrom'));
      if (value.format('YYYY-MM-DD') < todayInChina()) throw new Error(t('entrustments.toInPast'));
    },
  });

  return (
    <Modal
      open={open}
      width={640}
      title={t('entrustments.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('admin.save')}
      cancelText={t('app.cancel')}
      okButtonProps={{ ...({ 'data-testid': 'entrustment-save' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'entrustment-cancel' } as object) }}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={(values) => void onFinish(values)} disabled={saving} data-testid="entrustment-form">
        <Row gutter={12}>
          <Col xs={24}>
            {systemAdmin ? (
              <Form.Item name="importerId" label={t('entrustments.importer')} rules={[required]}>
                <EnterpriseSelect kind="IMPORTER" data-testid="entrustment-importer" />
              </Form.Item>
            ) : (
              <>
                <Form.Item name="importerId" hidden>
                  <Input />
                </Form.Item>
                <Form.Item label={t('entrustments.importer')}>
                  <Typography.Text data-testid="entrustment-importer">{enterpriseName(user.enterprise, i18n.language)}</Typography.Text>
                </Form.Item>
              </>
            )}
          </Col>
          <Col xs={24}>
            <Form.Item
              name="agencyId"
              label={t('entrustments.agency')}
              rules={[required]}
              extra={systemAdmin ? undefined : t('entrustments.agencyScopeHint')}
            >
              <EnterpriseSelect kind="AGENCY" data-testid="entrustment-agency" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="validFrom" label={t('entrustments.validFrom')} rules={[{ ...required, type: 'object' }]}>
              <DatePicker style={{ width: '100%' }} data-testid="entrustment-valid-from" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="validTo"
              label={t('entrustments.validTo')}
              dependencies={['validFrom']}
              rules={[{ ...required, type: 'object' }, validToRule]}
              extra={t('entrustments.validToHelp')}
            >
              <DatePicker
                style={{ width: '100%' }}
                data-testid="entrustment-valid-to"
                disabledDate={(day) => day.format('YYYY-MM-DD') < todayInChina() || Boolean(validFrom && day.isBefore(validFrom, 'day'))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
