import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined, SnippetsOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { riskListsApi } from '../../api/endpoints';
import { newIdempotencyKey } from '../../api/client';
import type { RiskListEntry } from '../../api/types';
import { useCurrentUser } from '../../app/auth';
import { canTuneRisk } from '../../app/roles';
import { ApiErrorAlert, useNotifyError } from '../../shared/errors';
import { formatDateTime, isChinese } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';
import { parsePastedEntries } from './riskListPaste';

/** The named lists risk rules refer to (watched enterprises, vehicles, origins, …) and their entries. */
export function RiskListsPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const editable = canTuneRisk(user);
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const lists = useAsync(() => riskListsApi.list(), []);
  const selected = params.get('list') ?? lists.data?.items[0]?.name ?? null;
  const detail = useAsync(() => (selected ? riskListsApi.get(selected) : Promise.resolve(null)), [selected]);
  const [form] = Form.useForm<{ value: string; reason: string }>();
  const [adding, setAdding] = useState(false);
  const [addKey, setAddKey] = useState(newIdempotencyKey);
  const [removing, setRemoving] = useState<RiskListEntry | null>(null);
  const [pasting, setPasting] = useState(false);
  const zh = isChinese(i18n.language);

  const reload = () => {
    lists.reload();
    detail.reload();
  };

  const add = async () => {
    if (!selected) return;
    const values = await form.validateFields();
    setAdding(true);
    try {
      await riskListsApi.addEntry(selected, { value: values.value.trim(), reason: values.reason.trim() }, addKey);
      message.success(t('riskLists.added'));
      form.resetFields();
      setAddKey(newIdempotencyKey());
      reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setAdding(false);
    }
  };

  const activeEntries = (detail.data?.entries ?? []).filter((entry) => !entry.removedAt);

  return (
    <div data-testid="risk-lists-page">
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('nav.riskLists')}
        </Typography.Title>
        <Space wrap>
          <Select
            showSearch
            style={{ width: 360 }}
            loading={lists.loading}
            value={selected ?? undefined}
            onChange={(name: string) => setParams({ list: name }, { replace: true })}
            data-testid="risk-list-select"
            optionFilterProp="label"
            options={(lists.data?.items ?? []).map((list) => ({ value: list.name, label: `${list.name} · ${zh ? list.descriptionZh : list.descriptionEn} (${list.entryCount})` }))}
          />
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
        </Space>
      </div>
      {lists.error ? <ApiErrorAlert error={lists.error} onRetry={reload} /> : null}
      {detail.error ? <ApiErrorAlert error={detail.error} onRetry={detail.reload} /> : null}
      {detail.data && (
        <Card
          size="small"
          data-testid="risk-list"
          data-name={detail.data.name}
          title={`${detail.data.name} · ${zh ? detail.data.descriptionZh : detail.data.descriptionEn}`}
          extra={<Typography.Text type="secondary">{t('riskLists.kindRevision', { kind: detail.data.kind, revision: detail.data.revision })}</Typography.Text>}
        >
          {editable && (
            <Form form={form} layout="inline" style={{ marginBottom: 12 }} data-testid="risk-list-add-form">
              <Form.Item name="value" rules={[{ required: true, whitespace: true, max: 64 }]}>
                <Input placeholder={t('riskLists.value')} data-testid="risk-list-entry-value" />
              </Form.Item>
              <Form.Item name="reason" rules={[{ required: true, whitespace: true, max: 500 }]}>
                <Input placeholder={t('riskLists.reason')} style={{ width: 320 }} data-testid="risk-list-entry-reason" />
              </Form.Item>
              <Button type="primary" icon={<PlusOutlined />} loading={adding} onClick={add} data-testid="risk-list-entry-add">
                {t('riskLists.add')}
              </Button>
              <Button icon={<SnippetsOutlined />} style={{ marginInlineStart: 8 }} onClick={() => setPasting(true)} data-testid="risk-list-paste-open">
                {t('riskLists.paste')}
              </Button>
            </Form>
          )}
          <Table<RiskListEntry>
            size="small"
            rowKey="id"
            loading={detail.loading}
            dataSource={activeEntries}
            pagination={activeEntries.length > 50 ? { pageSize: 50 } : false}
            data-testid="risk-list-entry-table"
            locale={{ emptyText: t('riskLists.empty') }}
            onRow={(entry) => ({ 'data-testid': 'risk-list-entry-row', 'data-id': entry.id, 'data-value': entry.value }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('riskLists.value'), dataIndex: 'value', render: (value: string, entry) => (entry.label ? `${value} (${entry.label})` : value) },
              { title: t('riskLists.reason'), dataIndex: 'reason' },
              { title: t('riskLists.addedAt'), dataIndex: 'addedAt', render: (value: string) => formatDateTime(value) },
              ...(editable
                ? [
                    {
                      title: '',
                      key: 'remove',
                      render: (_: unknown, entry: RiskListEntry) => (
                        <Button size="small" danger onClick={() => setRemoving(entry)} data-testid="risk-list-entry-remove">
                          {t('riskLists.remove')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      {pasting && selected && (
        <PasteModal
          listName={selected}
          existing={activeEntries.map((entry) => entry.value)}
          onClose={() => setPasting(false)}
          onDone={() => {
            setPasting(false);
            reload();
          }}
        />
      )}
      {removing && selected && (
        <RemoveModal
          entry={removing}
          onClose={() => setRemoving(null)}
          onRemove={async (reason) => {
            try {
              await riskListsApi.removeEntry(selected, removing.id, reason);
              message.success(t('riskLists.removed'));
              setRemoving(null);
              reload();
            } catch (error) {
              notifyError(error);
            }
          }}
        />
      )}
    </div>
  );
}

/**
 * Many entries at once, one reason for all. The API adds one entry per request (each a risk-data revision), so
 * they are added in turn; each has its own idempotency key, so a retry after a failure adds nothing twice.
 */
function PasteModal({ listName, existing, onClose, onDone }: { listName: string; existing: string[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [keys] = useState(() => new Map<string, string>());
  const parsed = parsePastedEntries(text, existing);

  const addAll = async () => {
    setBusy(true);
    let added = 0;
    try {
      for (const value of parsed.add) {
        if (!keys.has(value)) keys.set(value, newIdempotencyKey());
        await riskListsApi.addEntry(listName, { value, reason: reason.trim() }, keys.get(value));
        added += 1;
      }
      message.success(t('riskLists.pasted', { count: added }));
      onDone();
    } catch (error) {
      notifyError(error);
      if (added) message.info(t('riskLists.pastedPartly', { count: added }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('riskLists.pasteTitle', { name: listName })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="risk-list-paste-cancel">
          {t('app.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} disabled={!parsed.add.length || !reason.trim()} onClick={addAll} data-testid="risk-list-paste-submit">
          {t('riskLists.pasteSubmit', { count: parsed.add.length })}
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea rows={8} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('riskLists.pastePlaceholder')} data-testid="risk-list-paste-values" />
        <Typography.Text type="secondary" data-testid="risk-list-paste-summary" data-add={parsed.add.length} data-listed={parsed.alreadyListed.length}>
          {t('riskLists.pasteSummary', { add: parsed.add.length, listed: parsed.alreadyListed.length })}
        </Typography.Text>
        <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t('riskLists.reason')} data-testid="risk-list-paste-reason" />
      </Space>
    </Modal>
  );
}

function RemoveModal({ entry, onClose, onRemove }: { entry: RiskListEntry; onClose: () => void; onRemove: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('riskLists.removeTitle', { value: entry.value })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="reason-cancel">
          {t('app.cancel')}
        </Button>,
        <Button
          key="ok"
          danger
          type="primary"
          loading={busy}
          disabled={!reason.trim()}
          onClick={async () => {
            setBusy(true);
            await onRemove(reason.trim());
            setBusy(false);
          }}
          data-testid="reason-submit"
        >
          {t('riskLists.remove')}
        </Button>,
      ]}
    >
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('riskLists.reason')} maxLength={500} data-testid="reason-input" />
    </Modal>
  );
}
