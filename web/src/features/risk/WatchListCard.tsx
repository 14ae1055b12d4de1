import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, Popconfirm, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { riskApi } from '../../api/endpoints';
import type { WatchListEntry } from '../../api/types';
import { ApiErrorAlert, useNotifyError } from '../../shared/errors';
import { formatDateTime, localName } from '../../shared/format';
import { useIdempotencyKey, useShowServerErrors } from '../../shared/formErrors';
import type { AsyncState } from '../../shared/useAsync';
import { EnterpriseSelect } from '../admin/EnterpriseSelect';

interface Values {
  enterpriseId?: string;
  reason: string;
}

interface Props {
  list: AsyncState<{ items: WatchListEntry[] }>;
  editable: boolean;
}

/** The watch list: every declaration of a listed importer or declarant is inspected before release. */
export function WatchListCard({ list, editable }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const entries = list.data?.items ?? [];
  const listed = useMemo(() => new Set(entries.map((entry) => entry.enterpriseId)), [entries]);

  const add = async (values: Values) => {
    const body = { enterpriseId: values.enterpriseId!, reason: values.reason.trim() };
    setAdding(true);
    try {
      const entry = await riskApi.addToWatchList(body, idempotency.keyFor(body));
      idempotency.reset();
      message.success(t('watchList.added', { name: localName({ nameZh: entry.enterpriseNameZh, nameEn: entry.enterpriseNameEn }, i18n.language) }));
      form.resetFields();
      list.reload();
    } catch (error) {
      if (isApiError(error) && error.code === 'CONFLICT' && error.fieldErrors.length === 0) {
        // Someone listed it meanwhile: say so on the field and show the fresh list.
        form.setFields([{ name: 'enterpriseId', errors: [t('watchList.alreadyListed')] }]);
        list.reload();
      } else {
        showServerErrors(form, error, { fields: ['enterpriseId', 'reason'] });
      }
    } finally {
      setAdding(false);
    }
  };

  const remove = async (entry: WatchListEntry) => {
    setRemoving(entry.id);
    try {
      await riskApi.removeFromWatchList(entry.id);
      message.success(t('watchList.removed', { name: localName({ nameZh: entry.enterpriseNameZh, nameEn: entry.enterpriseNameEn }, i18n.language) }));
      list.reload();
    } catch (error) {
      notifyError(error);
      list.reload();
    } finally {
      setRemoving(null);
    }
  };

  const columns: ColumnsType<WatchListEntry> = [
    {
      title: t('watchList.enterprise'),
      key: 'enterprise',
      width: 300,
      render: (_, row) => localName({ nameZh: row.enterpriseNameZh, nameEn: row.enterpriseNameEn }, i18n.language),
    },
    { title: t('watchList.reason'), dataIndex: 'reason', render: (value: string) => <span className="pre-line">{value}</span> },
    { title: t('watchList.addedAt'), dataIndex: 'addedAt', width: 160, render: (value: string) => formatDateTime(value) },
    ...(editable
      ? [
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, row: WatchListEntry) => (
              <Popconfirm
                title={t('watchList.removeTitle')}
                description={t('watchList.removeBody')}
                okText={t('watchList.remove')}
                cancelText={t('app.cancel')}
                okButtonProps={{ danger: true, ...({ 'data-testid': 'watch-list-remove-confirm' } as object) }}
                onConfirm={() => remove(row)}
              >
                <Button size="small" danger icon={<DeleteOutlined />} loading={removing === row.id} data-testid="watch-list-remove">
                  {t('watchList.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card size="small" title={t('watchList.title')} className="form-section" data-testid="watch-list">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('watchList.hint')}
      </Typography.Paragraph>
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<WatchListEntry>
          rowKey="id"
          size="small"
          bordered
          loading={list.loading}
          columns={columns}
          dataSource={entries}
          pagination={false}
          data-testid="watch-list-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('watchList.empty')} /> }}
          onRow={(row) => ({ 'data-testid': 'watch-list-row', 'data-id': row.id, 'data-enterprise-id': row.enterpriseId }) as HTMLAttributes<HTMLElement>}
        />
      )}
      {editable && (
        <Form<Values> form={form} layout="vertical" size="small" onFinish={(values) => void add(values)} disabled={adding} style={{ marginTop: 12 }} data-testid="watch-list-form">
          <Row gutter={12} align="top">
            <Col xs={24} md={9}>
              <Form.Item name="enterpriseId" label={t('watchList.enterprise')} rules={[{ required: true, message: t('admin.required') }]}>
                <EnterpriseSelect exclude={listed} data-testid="watch-list-enterprise" />
              </Form.Item>
            </Col>
            <Col xs={24} md={11}>
              <Form.Item name="reason" label={t('watchList.reason')} rules={[{ required: true, whitespace: true, message: t('watchList.reasonRequired') }, { max: 500 }]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} showCount data-testid="watch-list-reason" />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item label=" " colon={false}>
                <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={adding} data-testid="watch-list-add" block>
                  {t('watchList.add')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
    </Card>
  );
}
