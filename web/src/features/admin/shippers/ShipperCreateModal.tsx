import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { overseasShippersApi } from '../../../api/endpoints';
import type { CreateOverseasShipperRequest, OverseasShipper } from '../../../api/types';
import { localName } from '../../../shared/format';
import { useIdempotencyKey, useShowServerErrors } from '../../../shared/formErrors';
import { useReference } from '../../reference/useReference';

const FIELDS = ['name', 'countryCode'] as const;

interface Props {
  open: boolean;
  onClose(): void;
  onCreated(shipper: OverseasShipper): void;
}

/** Registers an overseas shipper (境外发货人): a name, unique within its country. */
export function ShipperCreateModal({ open, onClose, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const countries = useReference('countries');
  const [form] = Form.useForm<CreateOverseasShipperRequest>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    idempotency.reset();
    form.setFieldsValue({ countryCode: 'KZ' });
  }, [open, form, idempotency]);

  const onFinish = async (values: CreateOverseasShipperRequest) => {
    const body = { name: values.name.trim(), countryCode: values.countryCode };
    setSaving(true);
    try {
      const created = await overseasShippersApi.create(body, idempotency.keyFor(body));
      idempotency.reset();
      message.success(t('shippers.created', { name: created.name }));
      onCreated(created);
    } catch (error) {
      showServerErrors(form, error, {
        fields: FIELDS,
        describe: (fieldError) => (fieldError.code === 'DUPLICATE' && fieldError.path === 'name' ? t('shippers.duplicate') : undefined),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('shippers.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('admin.save')}
      cancelText={t('app.cancel')}
      okButtonProps={{ ...({ 'data-testid': 'shipper-save' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'shipper-cancel' } as object) }}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<CreateOverseasShipperRequest> form={form} layout="vertical" size="small" onFinish={(values) => void onFinish(values)} disabled={saving} data-testid="shipper-form">
        <Form.Item name="name" label={t('shippers.name')} rules={[{ required: true, whitespace: true, message: t('admin.required') }, { max: 200 }]} extra={t('shippers.nameHelp')}>
          <Input data-testid="shipper-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="countryCode" label={t('shippers.country')} rules={[{ required: true, message: t('admin.required') }]}>
          <Select
            data-testid="shipper-country"
            loading={countries.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={countries.items.map((country) => ({ value: country.code, label: `${country.code} ${localName(country, i18n.language)}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
