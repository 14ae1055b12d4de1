import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeclarationTotals } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';

export function TotalsCard({ totals, currencyCode }: { totals: DeclarationTotals; currencyCode: string | null }) {
  const { t } = useTranslation();
  const figures = [
    { key: 'wet', title: t('field.totalWetTonnes'), value: formatDecimal(totals.wetTonnes), testId: 'total-wet-tonnes' },
    { key: 'dry', title: t('field.totalDryTonnes'), value: formatDecimal(totals.dryTonnes), testId: 'total-dry-tonnes' },
    { key: 'rate', title: `${t('field.exchangeRate')}${currencyCode ? ` (${currencyCode}/CNY)` : ''}`, value: formatDecimal(totals.exchangeRate), testId: 'total-exchange-rate' },
    { key: 'value', title: t('field.customsValueCny'), value: formatDecimal(totals.customsValueCny, 2), testId: 'total-customs-value' },
    { key: 'duty', title: t('field.dutyCny'), value: formatDecimal(totals.dutyCny, 2), testId: 'total-duty' },
    { key: 'vat', title: t('field.vatCny'), value: formatDecimal(totals.vatCny, 2), testId: 'total-vat' },
  ];
  return (
    <Card size="small" title={t('detail.totals')}>
      <Row gutter={[16, 8]}>
        {figures.map((figure) => (
          <Col key={figure.key} xs={12} md={8} xl={4}>
            {/* Statistic gets the formatted string: the decimal never passes through a JS number. */}
            <Statistic title={figure.title} value={figure.value} data-testid={figure.testId} styles={{ content: { fontSize: 18 } }} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
