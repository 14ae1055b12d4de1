import { useMemo, type HTMLAttributes } from 'react';
import { App, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { CREDIT_CLASSES, type CommodityCategory, type CreditClass, type Lane, type LaneRate } from '../../api/types';
import { compareDecimals, multiplyDecimal } from '../../shared/decimal';
import { isChinese, localName } from '../../shared/format';
import { LaneRateCell } from './LaneRateCell';

interface Row {
  code: string;
  category: CommodityCategory | undefined;
  rates: Partial<Record<CreditClass, LaneRate>>;
}

interface Props {
  rates: LaneRate[];
  categories: CommodityCategory[];
  loading: boolean;
  editable: boolean;
  /** `rates.byCreditClass` of the rule set in force: the floor under every cell, and the rate of an empty one. */
  floors?: Partial<Record<CreditClass, number>>;
  /** `rates.selectionLane` of the rule set in force: where a random selection sends the declaration. */
  selectionLane?: Lane;
  onSaved(rate: LaneRate): void;
}

/**
 * GACC targets (DOMAIN.md §3.6): an advanced certified enterprise (AEO) is inspected at most 20 % as often as a
 * general credit one; a dishonest one in at least 80 % of its declarations. Hints only: the analyst decides.
 */
function targetWarning(creditClass: CreditClass, rates: Row['rates']): 'aeoAboveTarget' | 'dishonestBelowTarget' | null {
  const own = rates[creditClass]?.inspectionRate;
  if (!own) return null;
  const general = rates.GENERAL?.inspectionRate;
  if (creditClass === 'ADVANCED_CERTIFIED' && general && compareDecimals(multiplyDecimal(own, 5), general) > 0) return 'aeoAboveTarget';
  if (creditClass === 'DISHONEST' && compareDecimals(own, '0.8') < 0) return 'dishonestBelowTarget';
  return null;
}

/** Inspection rate per commodity category × credit class; an empty cell falls back to the credit-class floor of the rule set in force. */
export function LaneRateMatrix({ rates, categories, loading, editable, floors, selectionLane, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = isChinese(i18n.language);

  const rows = useMemo<Row[]>(() => {
    const byCode = new Map<string, Row>(categories.map((category) => [category.code, { code: category.code, category, rates: {} }]));
    for (const rate of rates) {
      const row = byCode.get(rate.categoryCode) ?? { code: rate.categoryCode, category: undefined, rates: {} };
      row.rates[rate.creditClass] = rate;
      byCode.set(rate.categoryCode, row);
    }
    return [...byCode.values()];
  }, [rates, categories]);

  const columns: ColumnsType<Row> = [
    {
      title: t('laneRates.category'),
      key: 'category',
      width: 260,
      render: (_, row) => (
        <div>
          <div>{row.category ? localName(row.category, i18n.language) : row.code}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code}
          </Typography.Text>
        </div>
      ),
    },
    ...CREDIT_CLASSES.map((creditClass) => ({
      title: t(`creditClass.${creditClass}`),
      key: creditClass,
      width: 210,
      render: (_: unknown, row: Row) => {
        const warning = targetWarning(creditClass, row.rates);
        return (
          <LaneRateCell
            categoryCode={row.code}
            creditClass={creditClass}
            rate={row.rates[creditClass]}
            floor={floors?.[creditClass]}
            editable={editable}
            warning={warning ? t(`laneRates.${warning}`) : undefined}
            onSaved={(saved) => {
              message.success(
                t('laneRates.saved', {
                  category: row.category ? localName(row.category, i18n.language) : row.code,
                  creditClass: t(`creditClass.${creditClass}`),
                }),
              );
              onSaved(saved);
            }}
          />
        );
      },
    })),
  ];

  return (
    <Card size="small" title={t('laneRates.title')} className="form-section" data-testid="lane-rate-matrix">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('laneRates.hint', { lane: selectionLane ? t(`lane.${selectionLane}`) : t('laneRates.selectionLaneUnknown') })}
      </Typography.Paragraph>
      <Table<Row>
        rowKey="code"
        size="small"
        bordered
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 260 + 3 * 210 }}
        expandable={{
          expandedRowRender: (row) => (
            <Typography.Paragraph style={{ margin: 0, fontSize: 12 }}>{row.category ? (zh ? row.category.supervisionRegimeZh : row.category.supervisionRegimeEn) : '—'}</Typography.Paragraph>
          ),
          rowExpandable: (row) => Boolean(row.category),
        }}
        onRow={(row) => ({ 'data-testid': 'lane-rate-row', 'data-category': row.code }) as HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
