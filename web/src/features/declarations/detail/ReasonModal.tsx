import { useEffect } from 'react';
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  confirming: boolean;
  onSubmit(reason: string): void;
  onCancel(): void;
}

/** Reject and withdraw need a written reason (1–1000 characters). */
export function ReasonModal({ open, title, confirming, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={confirming}
      okText={t('app.confirm')}
      cancelText={t('app.cancel')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'reason-submit' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'reason-cancel' } as object) }}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(values) => onSubmit(values.reason.trim())}>
        <Form.Item name="reason" label={t('action.reasonLabel')} rules={[{ required: true, whitespace: true, message: t('action.reasonRequired') }, { max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} showCount data-testid="reason-input" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
