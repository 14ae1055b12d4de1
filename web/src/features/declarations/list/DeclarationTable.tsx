import type { HTMLAttributes } from 'react';
import { Empty, Table, Typography } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DeclarationSummary, Page } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';
import { enterpriseName, formatDate, formatDateTime } from '../../../shared/format';
import { LaneTag, StateTag } from '../tags';

interface Props {
  page: Page<DeclarationSummary> | undefined;
  loading: boolean;
  emptyText: string;
  onPageChange(page: number, pageSize: number): void;
}

export function DeclarationTable({ page, loading, emptyText, onPageChange }: Props) {
  const { t, i18n } = useTranslation();
  const columns: ColumnsType<DeclarationSummary> = [
    {
      title: t('field.number'),
      dataIndex: 'number',
      width: 190,
      fixed: 'left',
      render: (_, row) => (
        <Link to={`/declarations/${row.id}`} data-testid="declaration-link">
          {row.number ?? <Typography.Text type="secondary">{t('list.draftNumber')}</Typography.Text>}
        </Link>
      ),
    },
    { title: t('field.trainNumber'), dataIndex: 'trainNumber', width: 100, render: (value: string | null) => value ?? '—' },
    { title: t('field.importer'), key: 'importer', width: 230, ellipsis: { showTitle: true }, render: (_, row) => enterpriseName(row.importer, i18n.language) },
    { title: t('field.declarant'), key: 'declarant', width: 230, ellipsis: { showTitle: true }, render: (_, row) => enterpriseName(row.declarant, i18n.language) },
    { title: t('field.arrivalDate'), dataIndex: 'arrivalDate', width: 110, render: (value: string | null) => formatDate(value) },
    { title: t('field.wetTonnes'), dataIndex: 'totalWetTonnes', width: 120, align: 'right', render: (value: string | null) => formatDecimal(value) },
    { title: t('field.customsValueCny'), dataIndex: 'customsValueCny', width: 150, align: 'right', render: (value: string | null) => formatDecimal(value, 2) },
    { title: t('field.state'), dataIndex: 'state', width: 110, render: (_, row) => <StateTag state={row.state} /> },
    { title: t('field.lane'), dataIndex: 'lane', width: 130, render: (_, row) => <LaneTag lane={row.lane} /> },
    { title: t('field.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (value: string) => formatDateTime(value) },
  ];

  const pagination: TablePaginationConfig = {
    current: page?.page ?? 1,
    pageSize: page?.pageSize ?? 20,
    total: page?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    size: 'small',
    showTotal: (total) => t('app.total', { count: total }),
    onChange: onPageChange,
  };

  return (
    <Table<DeclarationSummary>
      rowKey="id"
      size="small"
      bordered
      loading={loading}
      columns={columns}
      dataSource={page?.items ?? []}
      pagination={pagination}
      scroll={{ x: 1560 }}
      data-testid="declaration-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      onRow={(row) =>
        ({
          'data-testid': 'declaration-row',
          'data-id': row.id,
          'data-number': row.number ?? '',
          'data-state': row.state,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
