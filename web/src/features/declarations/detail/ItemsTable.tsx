import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Commodity, Declaration, DeclarationItem } from '../../../api/types';
import { formatDecimal, formatRatePct } from '../../../shared/decimal';
import { localName } from '../../../shared/format';
import { useReference } from '../../reference/useReference';

function Elements({ item, commodity, language }: { item: DeclarationItem; commodity: Commodity | undefined; language: string }) {
  const entries = Object.entries(item.declarationElements);
  if (entries.length === 0) return <>—</>;
  const label = (key: string) => {
    const spec = commodity?.declarationElements.find((element) => element.key === key);
    return spec ? localName(spec, language) : key;
  };
  return (
    <div className="elements-cell">
      {entries.map(([key, value]) => (
        <div key={key}>
          <Typography.Text type="secondary">{label(key)}：</Typography.Text>
          {value}
        </div>
      ))}
    </div>
  );
}

export function ItemsTable({ declaration }: { declaration: Declaration }) {
  const { t, i18n } = useTranslation();
  const { items: commodities } = useReference('commodities');
  const currency = declaration.currencyCode ?? '';
  const columns: ColumnsType<DeclarationItem> = [
    { title: t('field.lineNo'), dataIndex: 'lineNo', width: 56, fixed: 'left' },
    { title: t('field.commodityCode'), dataIndex: 'commodityCode', width: 120, render: (value: string | null) => value ?? '—' },
    { title: t('field.goodsName'), dataIndex: 'goodsName', width: 160, render: (value: string | null) => value ?? '—' },
    {
      title: t('field.declarationElements'),
      key: 'elements',
      width: 240,
      render: (_, item) => <Elements item={item} commodity={commodities.find((c) => c.code === item.commodityCode)} language={i18n.language} />,
    },
    { title: t('field.wetTonnes'), dataIndex: 'wetTonnes', align: 'right', width: 110, render: (v: string | null) => formatDecimal(v) },
    { title: t('field.moisturePct'), dataIndex: 'moisturePct', align: 'right', width: 90, render: (v: string | null) => formatDecimal(v) },
    { title: t('field.dryTonnes'), dataIndex: 'dryTonnes', align: 'right', width: 110, render: (v: string | null) => formatDecimal(v) },
    { title: `${t('field.unitPrice')} ${currency}`, dataIndex: 'unitPrice', align: 'right', width: 130, render: (v: string | null) => formatDecimal(v) },
    { title: `${t('field.value')} ${currency}`, dataIndex: 'value', align: 'right', width: 140, render: (v: string | null) => formatDecimal(v, 2) },
    { title: t('field.customsValueCny'), dataIndex: 'customsValueCny', align: 'right', width: 150, render: (v: string | null) => formatDecimal(v, 2) },
    { title: t('field.dutyRate'), dataIndex: 'dutyRate', align: 'right', width: 80, render: (v: string | null) => formatRatePct(v) },
    { title: t('field.dutyCny'), dataIndex: 'dutyCny', align: 'right', width: 120, render: (v: string | null) => formatDecimal(v, 2) },
    { title: t('field.vatRate'), dataIndex: 'vatRate', align: 'right', width: 90, render: (v: string | null) => formatRatePct(v) },
    { title: t('field.vatCny'), dataIndex: 'vatCny', align: 'right', width: 130, render: (v: string | null) => formatDecimal(v, 2) },
  ];
  return (
    <Table<DeclarationItem>
      rowKey="lineNo"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      dataSource={declaration.items}
      scroll={{ x: 1700 }}
      data-testid="detail-items"
    />
  );
}
