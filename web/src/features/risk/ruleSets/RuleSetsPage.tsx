import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { ruleSetsApi } from '../../../api/endpoints';
import { newIdempotencyKey } from '../../../api/client';
import { RULE_SET_STATUSES, type RuleSetStatus, type RuleSetSummary } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { hasAnyRole } from '../../../app/roles';
import { ApiErrorAlert, useNotifyError } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';

export const STATUS_COLORS: Record<RuleSetStatus, string> = {
  DRAFT: 'default',
  PENDING_APPROVAL: 'gold',
  SCHEDULED: 'blue',
  ACTIVE: 'green',
  RETIRED: 'default',
  REJECTED: 'red',
};

export function RuleSetStatusTag({ status }: { status: RuleSetStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="rule-set-status" data-status={status}>
      {t(`ruleSets.status.${status}`)}
    </Tag>
  );
}

/** Every rule set version; risk analysts start drafts, reviewers work the approval queue. */
export function RuleSetsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canAuthor = hasAnyRole(user, ['RISK_ANALYST']);
  const [params, setParams] = useSearchParams();
  const status = params.get('status') as RuleSetStatus | null;
  const list = useAsync(() => ruleSetsApi.list(), []);
  const [creating, setCreating] = useState(false);

  const rows = (list.data?.items ?? []).filter((row) => !status || row.status === status);
  const setStatus = (value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next, { replace: true });
  };

  return (
    <div data-testid="rule-sets-page">
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('nav.ruleSets')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('ruleSets.statusFilter')}
            value={status ?? undefined}
            onChange={setStatus}
            data-testid="rule-set-status-filter"
            options={RULE_SET_STATUSES.map((s) => ({ value: s, label: t(`ruleSets.status.${s}`) }))}
          />
          <Button type={status === 'PENDING_APPROVAL' ? 'primary' : 'default'} onClick={() => setStatus(status === 'PENDING_APPROVAL' ? undefined : 'PENDING_APPROVAL')} data-testid="rule-set-approval-queue">
            {t('ruleSets.approvalQueue')}
          </Button>
          {canAuthor && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rule-set-new">
              {t('ruleSets.newDraft')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
        </Space>
      </div>
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Card size="small">
          <Table<RuleSetSummary>
            size="small"
            rowKey="version"
            loading={list.loading}
            dataSource={rows}
            pagination={false}
            data-testid="rule-set-table"
            locale={{ emptyText: t('ruleSets.empty') }}
            onRow={(row) => ({ 'data-testid': 'rule-set-row', 'data-version': row.version, 'data-status': row.status }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('ruleSets.version'),
                dataIndex: 'version',
                render: (_, row) => (
                  <Link to={`/risk/rule-sets/${row.version}`} data-testid="rule-set-link">
                    {row.engineVersion}
                  </Link>
                ),
              },
              { title: t('ruleSets.statusLabel'), dataIndex: 'status', render: (_, row) => <RuleSetStatusTag status={row.status} /> },
              { title: t('ruleSets.comment'), dataIndex: 'comment', ellipsis: true },
              { title: t('ruleSets.ruleCount'), dataIndex: 'ruleCount', align: 'right' },
              { title: t('ruleSets.author'), dataIndex: 'author', render: (_, row) => row.author?.displayName ?? t('ruleSets.baseline') },
              { title: t('ruleSets.reviewer'), dataIndex: 'reviewer', render: (_, row) => row.reviewer?.displayName ?? '—' },
              { title: t('ruleSets.effectiveFrom'), dataIndex: 'effectiveFrom', render: (value: string) => formatDateTime(value) },
            ]}
          />
        </Card>
      )}
      {creating && <CreateDraftModal onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateDraftModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment: string; effectiveFrom: Dayjs }>();
  const [saving, setSaving] = useState(false);
  const [key] = useState(newIdempotencyKey);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const created = await ruleSetsApi.create({ comment: values.comment, effectiveFrom: values.effectiveFrom.toISOString(), copyFrom: 'IN_FORCE' }, key);
      message.success(t('ruleSets.created'));
      navigate(`/risk/rule-sets/${created.version}`);
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('ruleSets.newDraft')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="rule-set-create-cancel">
          {t('app.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={save} data-testid="rule-set-create-save">
          {t('ruleSets.save')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('ruleSets.copyOfInForce')}</Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid="rule-set-create-form" initialValues={{ effectiveFrom: dayjs().add(1, 'day').startOf('day') }}>
        <Form.Item name="comment" label={t('ruleSets.comment')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="rule-set-comment" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('ruleSets.effectiveFrom')} rules={[{ required: true }]}>
          <DatePicker showTime data-testid="rule-set-effective-from" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
