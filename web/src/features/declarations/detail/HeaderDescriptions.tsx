import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Declaration } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';
import { enterpriseName, formatDate, formatDateTime, localName } from '../../../shared/format';
import { useReferenceMap } from '../../reference/useReference';
import { LaneTag, StateTag } from '../tags';

function CodeName({ code, name }: { code: string | null; name?: string }) {
  if (!code) return <>—</>;
  return (
    <span>
      {name ? `${name} ` : ''}
      <Typography.Text type="secondary">({code})</Typography.Text>
    </span>
  );
}

function ListTags({ values, testId }: { values: string[]; testId: string }) {
  if (values.length === 0) return <>—</>;
  return (
    <Space size={[4, 4]} wrap data-testid={testId}>
      {values.map((value) => (
        <Tag key={value} variant="outlined">
          {value}
        </Tag>
      ))}
    </Space>
  );
}

export function HeaderDescriptions({ declaration: d }: { declaration: Declaration }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ports = useReferenceMap('ports');
  const countries = useReferenceMap('countries');
  const currencies = useReferenceMap('currencies');
  const modes = useReferenceMap('transportModes');
  const name = <T extends { nameZh: string; nameEn: string }>(map: Map<string, T>, code: string | null) =>
    code && map.get(code) ? localName(map.get(code), lang) : undefined;
  const modeName = d.transportModeCode
    ? (name(modes, d.transportModeCode) ?? t(`transportMode.${d.transportModeCode}`, { defaultValue: d.transportModeCode }))
    : undefined;

  const items = [
    { key: 'number', label: t('field.number'), children: <Typography.Text strong data-testid="declaration-number">{d.number ?? '—'}</Typography.Text> },
    { key: 'state', label: t('field.state'), children: <StateTag state={d.state} /> },
    { key: 'lane', label: t('field.lane'), children: <LaneTag lane={d.lane} /> },
    { key: 'mode', label: t('field.mode'), children: `${t(`mode.${d.mode}`, { defaultValue: d.mode })}${d.isAdvance ? ` · ${t('field.isAdvance')}` : ''}` },
    { key: 'importer', label: t('field.importer'), children: <span data-testid="detail-importer">{enterpriseName(d.importer, lang)}</span> },
    { key: 'declarant', label: t('field.declarant'), children: enterpriseName(d.declarant, lang) },
    { key: 'port', label: t('field.portCode'), children: <CodeName code={d.portCode} name={name(ports, d.portCode)} /> },
    { key: 'transportMode', label: t('field.transportModeCode'), children: <CodeName code={d.transportModeCode} name={modeName} /> },
    { key: 'arrivalDate', label: t('field.arrivalDate'), children: formatDate(d.arrivalDate) },
    ...(d.transportModeCode === 'ROAD'
      ? [{ key: 'trucks', label: t('field.truckPlates'), span: 3, children: <ListTags values={d.truckPlates} testId="detail-trucks" /> }]
      : [
          { key: 'train', label: t('field.trainNumber'), children: <span data-testid="detail-train">{d.trainNumber ?? '—'}</span> },
          {
            key: 'wagons',
            label: `${t('field.wagonNumbers')} (${d.wagonNumbers.length})`,
            span: 2,
            children: <ListTags values={d.wagonNumbers} testId="detail-wagons" />,
          },
        ]),
    { key: 'contract', label: t('field.contractNumber'), children: d.contractNumber ?? '—' },
    { key: 'invoice', label: t('field.invoiceNumber'), children: d.invoiceNumber ?? '—' },
    { key: 'incoterm', label: t('field.incoterm'), children: d.incoterm ?? '—' },
    { key: 'currency', label: t('field.currencyCode'), children: <CodeName code={d.currencyCode} name={name(currencies, d.currencyCode)} /> },
    { key: 'freight', label: t('field.freight'), children: formatDecimal(d.freight) },
    { key: 'insurance', label: t('field.insurance'), children: formatDecimal(d.insurance) },
    { key: 'origin', label: t('field.originCountryCode'), children: <CodeName code={d.originCountryCode} name={name(countries, d.originCountryCode)} /> },
    { key: 'departure', label: t('field.departureCountryCode'), children: <CodeName code={d.departureCountryCode} name={name(countries, d.departureCountryCode)} /> },
    {
      key: 'shipper',
      label: t('field.overseasShipper'),
      children: d.overseasShipper ? `${d.overseasShipper.name} (${d.overseasShipper.countryCode})` : '—',
    },
    { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(d.createdAt) },
    { key: 'submittedAt', label: t('field.submittedAt'), children: formatDateTime(d.submittedAt) },
    { key: 'acceptedAt', label: t('field.acceptedAt'), children: formatDateTime(d.acceptedAt) },
    { key: 'laneAssignedAt', label: t('field.laneAssignedAt'), children: formatDateTime(d.laneAssignedAt) },
    { key: 'releasedAt', label: t('field.releasedAt'), children: formatDateTime(d.releasedAt) },
    { key: 'clearedAt', label: t('field.clearedAt'), children: formatDateTime(d.clearedAt) },
    ...(d.rejectionReason
      ? [{ key: 'rejection', label: t('field.rejectionReason'), span: 3, children: <Typography.Text type="danger" data-testid="detail-rejection-reason">{d.rejectionReason}</Typography.Text> }]
      : []),
    ...(d.withdrawalReason ? [{ key: 'withdrawal', label: t('field.withdrawalReason'), span: 3, children: d.withdrawalReason }] : []),
  ];

  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 3 }}
      items={items}
      data-testid="detail-header"
      styles={{ label: { width: '11%', minWidth: 96 }, content: { width: '22%' } }}
    />
  );
}
