import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { referenceApi } from '../../../api/endpoints';
import type { Commodity, CommodityCategory, CreateCommodityVersionRequest, DeclarationElementSpec } from '../../../api/types';
import { fractionToPercent, percentToFraction } from '../../../shared/decimal';
import { localName, todayInChina } from '../../../shared/format';
import { useIdempotencyKey, useShowServerErrors } from '../../../shared/formErrors';
import { COMMODITY_CODE, INSPECTION_CODE, isPercent, latestVersion, SUPERVISION_CONDITIONS } from './commodityRules';
import { ElementsEditor } from './ElementsEditor';

interface Values {
  code: string;
  categoryCode?: string;
  nameZh: string;
  nameEn: string;
  /** Percentages in the form; fractions in the API. */
  dutyPct: string;
  vatPct: string;
  supervisionConditions?: string;
  inspectionCode?: string;
  validFrom?: Dayjs | null;
  declarationElements: DeclarationElementSpec[];
}

const FIELDS = ['code', 'categoryCode', 'nameZh', 'nameEn', 'dutyPct', 'vatPct', 'supervisionConditions', 'inspectionCode', 'validFrom', 'declarationElements'] as const;

interface Props {
  open: boolean;
  /** The version a new one starts from (its code and contents prefilled); null: a new commodity line. */
  base: Commodity | null;
  versions: readonly Commodity[];
  categories: readonly CommodityCategory[];
  onClose(): void;
  onCreated(created: Commodity): void;
}

const upper = (value: string | undefined) => value?.toUpperCase().replace(/\s/g, '');

/**
 * A new effective-dated version of a commodity line (duty and VAT rates, supervision conditions, declaration
 * elements). The previous version ends the day before the new one starts; nothing is edited in place.
 */
export function CommodityVersionDrawer({ open, base, versions, categories, onClose, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const code = Form.useWatch('code', form);
  const latest = code && COMMODITY_CODE.test(code) ? latestVersion(versions, code) : undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    idempotency.reset();
    if (base) {
      form.setFieldsValue({
        code: base.code,
        categoryCode: base.categoryCode,
        nameZh: base.nameZh,
        nameEn: base.nameEn,
        dutyPct: fractionToPercent(base.dutyRate) ?? '',
        vatPct: fractionToPercent(base.vatRate) ?? '',
        supervisionConditions: base.supervisionConditions,
        inspectionCode: base.inspectionCode,
        declarationElements: base.declarationElements.map((element) => ({ ...element })),
        validFrom: null,
      });
    } else {
      form.setFieldsValue({ declarationElements: [{ key: '', nameZh: '', nameEn: '', required: true }], supervisionConditions: '', inspectionCode: '' });
    }
  }, [open, base, form, idempotency]);

  const onFinish = async (values: Values) => {
    const body: CreateCommodityVersionRequest = {
      code: values.code.trim(),
      categoryCode: values.categoryCode!,
      nameZh: values.nameZh.trim(),
      nameEn: values.nameEn.trim(),
      dutyRate: percentToFraction(values.dutyPct.trim()),
      vatRate: percentToFraction(values.vatPct.trim()),
      supervisionConditions: values.supervisionConditions?.trim() ?? '',
      inspectionCode: values.inspectionCode?.trim() ?? '',
      declarationElements: values.declarationElements.map((element) => ({
        key: element.key.trim(),
        nameZh: element.nameZh.trim(),
        nameEn: element.nameEn.trim(),
        required: Boolean(element.required),
      })),
      validFrom: values.validFrom!.format('YYYY-MM-DD'),
    };
    setSaving(true);
    try {
      const created = await referenceApi.createCommodityVersion(body, idempotency.keyFor(body));
      idempotency.reset();
      message.success(t('commodities.created', { code: created.code, date: created.validFrom }));
      onCreated(created);
    } catch (error) {
      showServerErrors(form, error, { fields: FIELDS, lists: ['declarationElements'], rename: { dutyRate: 'dutyPct', vatRate: 'vatPct' } });
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('admin.required') };
  const percentRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (value?.trim() && !isPercent(value.trim())) throw new Error(t('commodities.percentFormat'));
    },
  };
  const validFromRule = {
    validator: async (_: unknown, value: Dayjs | null | undefined) => {
      if (value && latest && value.format('YYYY-MM-DD') <= latest.validFrom) throw new Error(t('commodities.validFromNotAfter', { date: latest.validFrom }));
    },
  };

  return (
    <Drawer
      open={open}
      size={860}
      title={base ? t('commodities.newVersionTitle', { code: base.code }) : t('commodities.newLineTitle')}
      onClose={onClose}
      destroyOnHidden
      maskClosable={false}
      extra={
        <Space>
          <Button onClick={onClose} data-testid="commodity-cancel">
            {t('app.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="commodity-save">
            {t('admin.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={(values) => void onFinish(values)} disabled={saving} data-testid="commodity-form">
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('field.commodityCode')} rules={[required, { pattern: COMMODITY_CODE, message: t('form.invalidCommodityCode') }]}>
              <Input data-testid="commodity-code" maxLength={10} inputMode="numeric" className="code-input" disabled={Boolean(base)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="categoryCode" label={t('commodities.category')} rules={[{ required: true, message: t('admin.required') }]}>
              <Select
                data-testid="commodity-category"
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.selectPlaceholder')}
                options={categories.map((category) => ({ value: category.code, label: localName(category, i18n.language) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="validFrom"
              label={t('commodities.validFrom')}
              rules={[{ required: true, type: 'object', message: t('admin.required') }, validFromRule]}
              extra={latest ? t('commodities.latestHint', { date: latest.validFrom }) : t('commodities.validFromHelp')}
            >
              <DatePicker
                style={{ width: '100%' }}
                data-testid="commodity-valid-from"
                disabledDate={(day) => Boolean(latest && day.format('YYYY-MM-DD') <= latest.validFrom)}
                defaultPickerValue={dayjs(todayInChina())}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameZh" label={t('commodities.nameZh')} rules={[required, { max: 200 }]}>
              <Input data-testid="commodity-name-zh" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('commodities.nameEn')} rules={[required, { max: 300 }]}>
              <Input data-testid="commodity-name-en" maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="dutyPct" label={t('field.dutyRate')} rules={[required, percentRule]}>
              <Input data-testid="commodity-duty-rate" suffix="%" inputMode="decimal" maxLength={6} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="vatPct" label={t('field.vatRate')} rules={[required, percentRule]}>
              <Input data-testid="commodity-vat-rate" suffix="%" inputMode="decimal" maxLength={6} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="supervisionConditions"
              label={t('commodities.supervisionConditions')}
              normalize={upper}
              rules={[{ pattern: SUPERVISION_CONDITIONS, message: t('commodities.supervisionFormat') }]}
            >
              <Input data-testid="commodity-supervision" maxLength={10} className="code-input" placeholder="7A" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="inspectionCode" label={t('commodities.inspectionCode')} normalize={upper} rules={[{ pattern: INSPECTION_CODE, message: t('commodities.inspectionCodeFormat') }]}>
              <Input data-testid="commodity-inspection-code" maxLength={10} className="code-input" placeholder="M" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 4 }}>
          {t('field.declarationElements')}
        </Typography.Title>
        <ElementsEditor />
      </Form>
    </Drawer>
  );
}
