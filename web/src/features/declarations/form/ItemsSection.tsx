import { Button, Card, Col, Empty, Form, Input, Row, Select, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Commodity, TaxPreview } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';
import { localName } from '../../../shared/format';
import { useReference } from '../../reference/useReference';
import type { FormValues } from './formModel';
import { useDeclarationRules } from './rules';

interface Props {
  preview: TaxPreview | null;
}

const filterOption = (input: string, option?: { search?: string }) => Boolean(option?.search?.includes(input.toLowerCase()));

/** 表体: one card per item; declaration elements follow the selected commodity code. */
export function ItemsSection({ preview }: Props) {
  const { t } = useTranslation();
  const commodities = useReference('commodities');

  return (
    <Card size="small" title={t('form.sectionItems')} className="form-section">
      <Form.List
        name="items"
        rules={[
          {
            validator: async (_, items: unknown[] | undefined) => {
              if (!items || items.length === 0) throw new Error(t('form.itemsRequired'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('form.itemsRequired')} />}
            {fields.map((field, index) => (
              <ItemCard
                key={field.key}
                name={field.name}
                index={index}
                commodities={commodities.items}
                commoditiesLoading={commodities.loading}
                preview={preview}
                onRemove={() => remove(field.name)}
              />
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ declarationElements: {} })} data-testid="item-add">
              {t('form.addItem')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

interface ItemCardProps {
  name: number;
  index: number;
  commodities: Commodity[];
  commoditiesLoading: boolean;
  preview: TaxPreview | null;
  onRemove(): void;
}

function ItemCard({ name, index, commodities, commoditiesLoading, preview, onRemove }: ItemCardProps) {
  const { t, i18n } = useTranslation();
  const rules = useDeclarationRules();
  const form = Form.useFormInstance<FormValues>();
  const code = Form.useWatch(['items', name, 'commodityCode'], form) as string | null | undefined;
  const currency = Form.useWatch('currencyCode', form) as string | null | undefined;
  const commodity = commodities.find((entry) => entry.code === code);
  const computed = preview?.items.find((item) => item.lineNo === index + 1);
  const prefix = `item-${index}`;

  const onCommodityChange = (value: string | undefined) => {
    const selected = commodities.find((entry) => entry.code === value);
    const goodsName = form.getFieldValue(['items', name, 'goodsName']) as string | undefined;
    if (selected && !goodsName?.trim()) form.setFieldValue(['items', name, 'goodsName'], selected.nameZh);
  };

  return (
    <div className="item-card" data-testid={prefix}>
      <div className="item-card-head">
        <Typography.Text strong>{t('form.item', { no: index + 1 })}</Typography.Text>
        <Tooltip title={t('form.removeItem')}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={`${prefix}-remove`} aria-label={t('form.removeItem')} />
        </Tooltip>
      </div>
      <Row gutter={12}>
        <Col xs={24} md={12} xl={10}>
          <Form.Item name={[name, 'commodityCode']} label={t('field.commodityCode')} rules={[rules.required, rules.commodityCode]}>
            <Select
              data-testid={`${prefix}-commodity-code`}
              showSearch={{ filterOption }}
              loading={commoditiesLoading}
              placeholder={t('form.searchPlaceholder')}
              onChange={onCommodityChange}
              options={commodities.map((entry) => ({
                value: entry.code,
                search: `${entry.code} ${entry.nameZh} ${entry.nameEn}`.toLowerCase(),
                label: (
                  <span>
                    <Typography.Text code>{entry.code}</Typography.Text> {localName(entry, i18n.language)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={14}>
          <Form.Item name={[name, 'goodsName']} label={t('field.goodsName')} rules={[rules.required]}>
            <Input data-testid={`${prefix}-goods-name`} maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <div className="elements-block">
        <Typography.Text type="secondary" className="elements-title">
          {t('field.declarationElements')}
        </Typography.Text>
        {commodity ? (
          <Row gutter={12}>
            {commodity.declarationElements.map((element) => (
              <Col xs={12} md={8} xl={6} key={element.key}>
                <Form.Item
                  name={[name, 'declarationElements', element.key]}
                  label={<span title={localName(element, i18n.language)}>{localName(element, i18n.language)}</span>}
                  required={element.required}
                  rules={element.required ? [rules.required, { max: 500 }] : [{ max: 500 }]}
                >
                  <Input data-testid={`${prefix}-element-${element.key}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        ) : (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
            {t('form.noElements')}
          </Typography.Paragraph>
        )}
      </div>
      <Row gutter={12}>
        <Col xs={12} md={8} xl={4}>
          <Form.Item name={[name, 'wetTonnes']} label={t('field.wetTonnes')} rules={[rules.required, rules.decimal('wetTonnes')]}>
            <Input data-testid={`${prefix}-wet-tonnes`} inputMode="decimal" suffix="t" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Form.Item name={[name, 'moisturePct']} label={t('field.moisturePct')} rules={[rules.required, rules.decimal('moisturePct'), rules.moistureBelow100]}>
            <Input data-testid={`${prefix}-moisture`} inputMode="decimal" suffix="%" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Form.Item label={t('field.dryTonnes')} tooltip={t('form.computed')}>
            <Input data-testid={`${prefix}-dry-tonnes`} readOnly value={computed?.dryTonnes ? formatDecimal(computed.dryTonnes) : ''} suffix="t" className="computed-input" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8} xl={6}>
          <Form.Item name={[name, 'unitPrice']} label={t('field.unitPrice')} rules={[rules.required, rules.decimal('unitPrice')]}>
            <Input data-testid={`${prefix}-unit-price`} inputMode="decimal" suffix={currency ?? undefined} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16} xl={6}>
          <Form.Item label={t('field.value')} tooltip={t('form.computed')}>
            <Input data-testid={`${prefix}-value`} readOnly value={computed?.value ? formatDecimal(computed.value, 2) : ''} suffix={currency ?? undefined} className="computed-input" />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}
