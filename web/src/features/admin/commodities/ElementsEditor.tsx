import { Button, Checkbox, Form, Input, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeclarationElementSpec } from '../../../api/types';
import { ELEMENT_KEY, MAX_ELEMENTS } from './commodityRules';

/** 申报要素 of a commodity version: key, Chinese and English name, required; 1–40 of them, keys unique. */
export function ElementsEditor() {
  const { t } = useTranslation();
  const listRules = [
    {
      validator: async (_: unknown, elements: DeclarationElementSpec[] | undefined) => {
        if (!elements || elements.length === 0) throw new Error(t('commodities.elementsRequired'));
        if (elements.length > MAX_ELEMENTS) throw new Error(t('commodities.elementsTooMany', { max: MAX_ELEMENTS }));
      },
    },
  ];
  const uniqueKey: FormRule = ({ getFieldValue }) => ({
    validator: async (_, value: string | undefined) => {
      if (!value) return;
      const keys = ((getFieldValue('declarationElements') as DeclarationElementSpec[] | undefined) ?? []).map((element) => element?.key?.trim());
      if (keys.filter((key) => key === value.trim()).length > 1) throw new Error(t('commodities.elementKeyDuplicate'));
    },
  });
  const required = { required: true, whitespace: true, message: t('admin.required') };

  return (
    <Form.List name="declarationElements" rules={listRules}>
      {(fields, { add, remove, move }, { errors }) => (
        <div className="elements-editor" data-testid="commodity-elements">
          <div className="elements-editor-row elements-editor-head">
            <Typography.Text type="secondary">#</Typography.Text>
            <Typography.Text type="secondary">{t('commodities.elementKey')}</Typography.Text>
            <Typography.Text type="secondary">{t('commodities.elementNameZh')}</Typography.Text>
            <Typography.Text type="secondary">{t('commodities.elementNameEn')}</Typography.Text>
            <Typography.Text type="secondary">{t('commodities.elementRequired')}</Typography.Text>
            <span />
          </div>
          {fields.map((field, index) => (
            <div className="elements-editor-row" key={field.key} data-testid={`commodity-element-${index}`}>
              <Typography.Text type="secondary">{index + 1}</Typography.Text>
              <Form.Item name={[field.name, 'key']} rules={[required, { pattern: ELEMENT_KEY, message: t('commodities.elementKeyFormat') }, uniqueKey]} dependencies={fields.filter((other) => other.key !== field.key).map((other) => ['declarationElements', other.name, 'key'])}>
                <Input data-testid={`commodity-element-${index}-key`} maxLength={40} placeholder="brandType" />
              </Form.Item>
              <Form.Item name={[field.name, 'nameZh']} rules={[required, { max: 50 }]}>
                <Input data-testid={`commodity-element-${index}-name-zh`} maxLength={50} />
              </Form.Item>
              <Form.Item name={[field.name, 'nameEn']} rules={[required, { max: 100 }]}>
                <Input data-testid={`commodity-element-${index}-name-en`} maxLength={100} />
              </Form.Item>
              <Form.Item name={[field.name, 'required']} valuePropName="checked">
                <Checkbox data-testid={`commodity-element-${index}-required`} />
              </Form.Item>
              <span className="elements-editor-actions">
                <Tooltip title={t('commodities.moveUp')}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('commodities.moveUp')} />
                </Tooltip>
                <Tooltip title={t('commodities.moveDown')}>
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === fields.length - 1} onClick={() => move(index, index + 1)} aria-label={t('commodities.moveDown')} />
                </Tooltip>
                <Tooltip title={t('commodities.removeElement')}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid={`commodity-element-${index}-remove`} aria-label={t('commodities.removeElement')} />
                </Tooltip>
              </span>
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            disabled={fields.length >= MAX_ELEMENTS}
            onClick={() => add({ key: '', nameZh: '', nameEn: '', required: true })}
            data-testid="commodity-element-add"
            style={{ marginTop: 6 }}
          >
            {t('commodities.addElement')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
