import type { HTMLAttributes } from 'react';
import { Button, Card, Empty, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { inspectionApi } from '../../api/endpoints';
import type { InspectionTask } from '../../api/types';
import { formatDecimal } from '../../shared/decimal';
import { enterpriseName, formatDate, formatDateTime } from '../../shared/format';
import { ApiErrorAlert } from '../../shared/errors';
import { useAsync } from '../../shared/useAsync';
import { LaneTag, TaskStateTag } from '../declarations/tags';

/** "To inspect": pending and running on-site inspection tasks, oldest first. */
export function InspectionQueuePage() {
  const { t, i18n } = useTranslation();
  const tasks = useAsync(() => inspectionApi.tasks(['PENDING', 'IN_PROGRESS']), []);

  const columns: ColumnsType<InspectionTask> = [
    {
      title: t('field.number'),
      key: 'number',
      width: 190,
      render: (_, task) => <Link to={`/declarations/${task.declaration.id}`}>{task.declaration.number ?? '—'}</Link>,
    },
    { title: t('field.trainNumber'), key: 'train', width: 100, render: (_, task) => task.declaration.trainNumber ?? '—' },
    { title: t('field.importer'), key: 'importer', width: 240, ellipsis: { showTitle: true }, render: (_, task) => enterpriseName(task.declaration.importer, i18n.language) },
    { title: t('field.arrivalDate'), key: 'arrival', width: 110, render: (_, task) => formatDate(task.declaration.arrivalDate) },
    { title: t('inspection.declaredWetTonnes'), key: 'wet', width: 130, align: 'right', render: (_, task) => formatDecimal(task.declaration.totalWetTonnes) },
    { title: t('field.lane'), key: 'lane', width: 140, render: (_, task) => <LaneTag lane={task.declaration.lane} /> },
    { title: t('inspection.taskState'), key: 'state', width: 110, render: (_, task) => <TaskStateTag state={task.state} /> },
    { title: t('inspection.createdAt'), dataIndex: 'createdAt', width: 160, render: (value: string) => formatDateTime(value) },
    {
      title: '',
      key: 'open',
      width: 90,
      fixed: 'right',
      render: (_, task) => (
        <Link to={`/inspection/${task.declaration.id}`}>
          <Button size="small" type="primary" data-testid="inspection-open">
            {t('inspection.open')}
          </Button>
        </Link>
      ),
    },
  ];

  const rows = [...(tasks.data?.items ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <Card
      size="small"
      data-testid="inspection-queue"
      title={<Typography.Title level={5} style={{ margin: 0 }}>{t('inspection.queueTitle')}</Typography.Title>}
      extra={
        <Button icon={<ReloadOutlined />} onClick={tasks.reload} data-testid="list-refresh">
          {t('app.refresh')}
        </Button>
      }
    >
      {tasks.error ? (
        <ApiErrorAlert error={tasks.error} onRetry={tasks.reload} />
      ) : (
        <Table<InspectionTask>
          rowKey="id"
          size="small"
          bordered
          loading={tasks.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 50, size: 'small', showTotal: (total) => t('app.total', { count: total }) }}
          scroll={{ x: 1300 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspection.empty')} /> }}
          onRow={(task) =>
            ({
              'data-testid': 'inspection-task-row',
              'data-task-id': task.id,
              'data-number': task.declaration.number ?? '',
              'data-state': task.state,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
    </Card>
  );
}
