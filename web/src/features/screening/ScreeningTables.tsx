import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CargoScreening, RadiationScreening, ScreeningResult } from '../../api/types';
import { formatDateTime } from '../../shared/format';

export function ScreeningResultTag({ result }: { result: ScreeningResult }) {
  const { t } = useTranslation();
  return (
    <Tag color={result === 'ALARM' ? 'red' : 'green'} data-testid="screening-result" data-result={result}>
      {t(`screening.result.${result}`)}
    </Tag>
  );
}

const alarmRow = (row: { result: ScreeningResult }) => (row.result === 'ALARM' ? 'row-alarm' : '');

function useVehicleColumns<T extends RadiationScreening | CargoScreening>(showDeclaration: boolean) {
  const { t } = useTranslation();
  return [
    { title: t('screening.screenedAt'), key: 'at', width: 150, render: (_: unknown, row: T) => formatDateTime(row.screenedAt) },
    { title: t('screening.trainNumber'), key: 'train', width: 90, render: (_: unknown, row: T) => row.trainNumber ?? '—' },
    {
      title: t('screening.vehicle'),
      key: 'vehicle',
      width: 150,
      render: (_: unknown, row: T) => (
        <span>
          <Typography.Text type="secondary">{t(`screening.vehicleKind.${row.vehicleKind}`)}</Typography.Text> <Typography.Text code>{row.vehicleNumber}</Typography.Text>
        </span>
      ),
    },
    ...(showDeclaration
      ? [
          {
            title: t('screening.declaration'),
            key: 'declaration',
            width: 110,
            render: (_: unknown, row: T) => (row.declarationId ? <Link to={`/declarations/${row.declarationId}`}>{t('screening.openDeclaration')}</Link> : <Typography.Text type="secondary">{t('screening.byVehicle')}</Typography.Text>),
          },
        ]
      : []),
  ];
}

/** Radiation portal readings; alarm rows are highlighted. */
export function RadiationTable({ rows, loading, showDeclaration = true }: { rows: RadiationScreening[]; loading?: boolean; showDeclaration?: boolean }) {
  const { t } = useTranslation();
  const vehicleColumns = useVehicleColumns<RadiationScreening>(showDeclaration);
  return (
    <Table<RadiationScreening>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      rowClassName={alarmRow}
      data-testid="radiation-table"
      locale={{ emptyText: t('screening.noRadiation') }}
      onRow={(row) => ({ 'data-testid': 'radiation-row', 'data-id': row.id, 'data-vehicle': row.vehicleNumber, 'data-result': row.result }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        ...vehicleColumns,
        {
          title: t('screening.doseRate'),
          key: 'dose',
          align: 'right',
          render: (_, row) => <Typography.Text strong={row.result === 'ALARM'} type={row.result === 'ALARM' ? 'danger' : undefined}>{row.doseRateUsvH}</Typography.Text>,
        },
        { title: t('screening.background'), dataIndex: 'backgroundUsvH', align: 'right' },
        { title: t('screening.threshold'), dataIndex: 'alarmThresholdUsvH', align: 'right' },
        { title: t('screening.resultLabel'), key: 'result', width: 80, render: (_, row) => <ScreeningResultTag result={row.result} /> },
        { title: t('screening.remarks'), dataIndex: 'remarks', ellipsis: true },
      ]}
    />
  );
}

/** Solid-waste / foreign-matter / documents screening; anything suspected is an alarm. */
export function CargoTable({ rows, loading, showDeclaration = true }: { rows: CargoScreening[]; loading?: boolean; showDeclaration?: boolean }) {
  const { t } = useTranslation();
  const vehicleColumns = useVehicleColumns<CargoScreening>(showDeclaration);
  const flag = (bad: boolean, text: string) => (bad ? <Tag color="red">{text}</Tag> : <span>{text}</span>);
  return (
    <Table<CargoScreening>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      rowClassName={alarmRow}
      data-testid="cargo-table"
      locale={{ emptyText: t('screening.noCargo') }}
      onRow={(row) => ({ 'data-testid': 'cargo-row', 'data-id': row.id, 'data-vehicle': row.vehicleNumber, 'data-result': row.result }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        ...vehicleColumns,
        { title: t('screening.solidWaste'), key: 'waste', render: (_, row) => flag(row.solidWaste === 'SUSPECTED', t(`screening.solidWasteValue.${row.solidWaste}`)) },
        { title: t('screening.foreignMatter'), key: 'foreign', render: (_, row) => flag(row.foreignMatter === 'FOUND', t(`screening.foreignMatterValue.${row.foreignMatter}`)) },
        {
          title: t('screening.documentsMatch'),
          key: 'documents',
          render: (_, row) => (row.documentsMatch ? flag(row.documentsMatch === 'MISMATCH', t(`screening.documentsValue.${row.documentsMatch}`)) : <Typography.Text type="secondary">{t('screening.notCompared')}</Typography.Text>),
        },
        { title: t('screening.resultLabel'), key: 'result', width: 80, render: (_, row) => <ScreeningResultTag result={row.result} /> },
        { title: t('screening.remarks'), dataIndex: 'remarks', ellipsis: true },
      ]}
    />
  );
}
