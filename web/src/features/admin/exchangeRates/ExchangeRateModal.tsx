import { useEffect, useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { referenceApi } from '../../../api/endpoints';
import type { ExchangeRate } from '../../../api/types';
import { localName } from '../../../shared/format';
import { useShowServerErrors } from '../../../shared/formErrors';
import { useReference } from '../../reference/useReference';

/** reference.schema.ts: a positive decimal, at most 8 integer digits and 6 decimals. */
export const CNY_PER_UNIT = /^\d{1,8}(\.\d{1,6})?$/;

interface Values {
  currencyCode?: string;
  month?: Dayjs | null;
  cnyPerUnit: string;
}

const FIELDS = ['currencyCode', 'month', 'cnyPerUnit'] as const;

interface Props {
  /** null: closed; a rate: change it (currency and month fixed); {}: a new month or currency. */
  target: Partial<ExchangeRate> | null;
  onClose(): void;
  onSaved(rate: ExchangeRate): void;
}

/** Sets the customs exchange rate (海关计征汇率) of one currency for one month: creates or replaces it. */
export function ExchangeRateModal({ target, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const currencies = useReference('currencies');
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const fixed = Boolean(target?.currencyCode && target.month);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue({
      currencyCode: target.currencyCode,
      month: target.month ? dayjs(`${target.month}-01`) : undefined,
      cnyPerUnit: target.cnyPerUnit ?? '',
    });
  }, [target, form]);

  const onFinish = async (values: Values) => {
    setSaving(true);
    try {
      const saved = await referenceApi.putExchangeRate(values.currencyCode!, values.month!.format('YYYY-MM'), values.cnyPerUnit.trim());
      message.success(t('exchangeRates.saved', { currency: saved.currencyCode, month: saved.month, rate: saved.cnyPerUnit }));
      onSaved(saved);
    } catch (error) {
      // The currency and month travel in the URL: the server names them "currency" and "month".
      showServerErrors(form, error, { fields: FIELDS, rename: { currency: 'currencyCode' } });
    } finally {
      setSaving(false);
    }
  };

  const positive = {
    validator: async (_: unknown, value: string | undefined) => {
      const text = value?.trim();
      if (!text) return;
      if (!CNY_PER_UNIT.test(text)) throw new Error(t('exchangeRates.rateFormat'));
      if (!/[1-9]/.test(text)) throw new Error(t('exchangeRates.ratePositive'));
    },
  };

  return (
    <Modal
      open={target !== null}
      title={fixed ? t('exchangeRates.editTitle', { currency: target?.currencyCode, month: target?.month }) : t('exchangeRates.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('admin.save')}
      cancelText={t('app.cancel')}
      okButtonProps={{ ...({ 'data-testid': 'exchange-rate-save' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'exchange-rate-cancel' } as object) }}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={(values) => void onFinish(values)} disabled={saving} data-testid="exchange-rate-form">
        <Form.Item name="currencyCode" label={t('field.currencyCode')} rules={[{ required: true, message: t('admin.required') }]}>
          <Select
            data-testid="exchange-rate-currency"
            disabled={fixed}
            loading={currencies.loading}
            placeholder={t('form.selectPlaceholder')}
            showSearch={{ optionFilterProp: 'label' }}
            options={currencies.items.filter((currency) => currency.code !== 'CNY').map((currency) => ({ value: currency.code, label: `${currency.code} ${localName(currency, i18n.language)}` }))}
          />
        </Form.Item>
        <Form.Item name="month" label={t('exchangeRates.month')} rules={[{ required: true, type: 'object', message: t('admin.required') }]}>
          <DatePicker picker="month" style={{ width: '100%' }} disabled={fixed} data-testid="exchange-rate-month" />
        </Form.Item>
        <Form.Item name="cnyPerUnit" label={t('exchangeRates.cnyPerUnit')} extra={t('exchangeRates.cnyPerUnitHelp')} rules={[{ required: true, whitespace: true, message: t('admin.required') }, positive]}>
          <Input data-testid="exchange-rate-value" inputMode="decimal" maxLength={15} suffix="CNY" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
