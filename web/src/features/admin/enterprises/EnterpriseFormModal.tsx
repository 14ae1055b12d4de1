import { useEffect, useState } from 'react';
import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { enterprisesApi } from '../../../api/endpoints';
import { CREDIT_CLASSES, ENTERPRISE_KINDS, type CreateEnterpriseRequest, type Enterprise, type FieldError, type UpdateEnterpriseRequest } from '../../../api/types';
import { enterpriseName } from '../../../shared/format';
import { useIdempotencyKey, useShowServerErrors } from '../../../shared/formErrors';
import { checkCharacterOf, CUSTOMS_CODE, usccFormatProblem } from './enterpriseRules';

type Values = CreateEnterpriseRequest;

const FIELDS = ['nameZh', 'nameEn', 'usccCode', 'customsCode', 'kind', 'creditClass', 'address'] as const;
const EDITABLE = ['nameZh', 'nameEn', 'address', 'creditClass'] as const;

interface Props {
  open: boolean;
  /** null: register a new enterprise. */
  enterprise: Enterprise | null;
  onClose(): void;
  onSaved(enterprise: Enterprise): void;
}

const upper = (value: string | undefined) => value?.toUpperCase().replace(/\s/g, '');

/** Register an enterprise, or change its names, address and credit class (codes and kind are fixed once registered). */
export function EnterpriseFormModal({ open, enterprise, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const editing = enterprise !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    idempotency.reset();
    form.setFieldsValue(enterprise ?? { creditClass: 'GENERAL' });
  }, [open, enterprise, form, idempotency]);

  const describe = (error: FieldError) => {
    const check = checkCharacterOf(error);
    if (check) return t('enterprises.usccCheckCharacter', check);
    if (error.code === 'DUPLICATE' && error.path === 'usccCode') return t('enterprises.usccDuplicate');
    if (error.code === 'DUPLICATE' && error.path === 'customsCode') return t('enterprises.customsCodeDuplicate');
    return undefined;
  };

  const save = async (values: Values) => {
    setSaving(true);
    try {
      let saved: Enterprise;
      if (!enterprise) {
        const body: CreateEnterpriseRequest = {
          nameZh: values.nameZh.trim(),
          nameEn: values.nameEn.trim(),
          usccCode: values.usccCode.trim(),
          customsCode: values.customsCode.trim(),
          kind: values.kind,
          creditClass: values.creditClass,
          address: values.address.trim(),
        };
        saved = await enterprisesApi.create(body, idempotency.keyFor(body));
        idempotency.reset();
        message.success(t('enterprises.created', { name: enterpriseName(saved, i18n.language) }));
      } else {
        const patch: UpdateEnterpriseRequest = {};
        for (const field of EDITABLE) {
          const value = typeof values[field] === 'string' ? values[field].trim() : values[field];
          if (value !== enterprise[field]) Object.assign(patch, { [field]: value });
        }
        if (Object.keys(patch).length === 0) {
          message.info(t('admin.noChanges'));
          onClose();
          return;
        }
        saved = await enterprisesApi.update(enterprise.id, patch);
        message.success(t('admin.saved'));
      }
      onSaved(saved);
    } catch (error) {
      showServerErrors(form, error, { fields: FIELDS, describe });
    } finally {
      setSaving(false);
    }
  };

  /** A credit-class change alters how every declaration of the enterprise is risk-assessed: confirm it first. */
  const onFinish = (values: Values) => {
    if (enterprise && values.creditClass !== enterprise.creditClass) {
      modal.confirm({
        title: t('enterprises.creditChangeTitle'),
        content: t('enterprises.creditChangeBody', {
          name: enterpriseName(enterprise, i18n.language),
          from: t(`creditClass.${enterprise.creditClass}`),
          to: t(`creditClass.${values.creditClass}`),
        }),
        okText: t('enterprises.creditChangeConfirm'),
        cancelText: t('app.cancel'),
        okButtonProps: { ...({ 'data-testid': 'credit-change-confirm' } as object) },
        cancelButtonProps: { ...({ 'data-testid': 'credit-change-cancel' } as object) },
        onOk: () => save(values),
      });
      return;
    }
    void save(values);
  };

  const usccRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problem = usccFormatProblem(value.trim());
      if (problem) throw new Error(t(`enterprises.uscc_${problem}`));
    },
  };
  const customsCodeRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (value && !CUSTOMS_CODE.test(value.trim())) throw new Error(t('enterprises.customsCodeFormat'));
    },
  };
  const required = { required: true, whitespace: true, message: t('admin.required') };

  return (
    <Modal
      open={open}
      width={720}
      title={editing ? t('enterprises.editTitle') : t('enterprises.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('admin.save')}
      cancelText={t('app.cancel')}
      okButtonProps={{ ...({ 'data-testid': 'enterprise-save' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'enterprise-cancel' } as object) }}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={onFinish} disabled={saving} data-testid="enterprise-form">
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="nameZh" label={t('enterprises.nameZh')} rules={[required, { max: 200 }]}>
              <Input data-testid="enterprise-name-zh" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('enterprises.nameEn')} rules={[required, { max: 200 }]}>
              <Input data-testid="enterprise-name-en" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="usccCode"
              label={t('enterprises.usccCode')}
              normalize={upper}
              rules={editing ? [] : [required, usccRule]}
              extra={editing ? t('enterprises.codesFixed') : t('enterprises.usccHelp')}
            >
              <Input data-testid="enterprise-uscc" maxLength={18} disabled={editing} className="code-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="customsCode"
              label={t('enterprises.customsCode')}
              normalize={upper}
              rules={editing ? [] : [required, customsCodeRule]}
              extra={editing ? undefined : t('enterprises.customsCodeHelp')}
            >
              <Input data-testid="enterprise-customs-code" maxLength={10} disabled={editing} className="code-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('enterprises.kind')} rules={[{ required: true, message: t('admin.required') }]}>
              <Select
                data-testid="enterprise-kind"
                disabled={editing}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.selectPlaceholder')}
                options={ENTERPRISE_KINDS.map((kind) => ({ value: kind, label: t(`enterpriseKind.${kind}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="creditClass"
              label={t('enterprises.creditClass')}
              rules={[{ required: true, message: t('admin.required') }]}
              extra={editing ? t('enterprises.creditClassAudited') : undefined}
            >
              <Select
                data-testid="enterprise-credit-class"
                showSearch={{ optionFilterProp: 'label' }}
                options={CREDIT_CLASSES.map((creditClass) => ({ value: creditClass, label: t(`creditClass.${creditClass}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('enterprises.address')} rules={[required, { max: 500 }]}>
              <Input.TextArea data-testid="enterprise-address" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
