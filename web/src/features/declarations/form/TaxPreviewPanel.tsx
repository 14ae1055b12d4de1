import { Alert, Card, Descriptions, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaxPreview } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';
import { ApiErrorAlert, useFieldErrorMessage } from '../../../shared/errors';

const MAX_SHOWN = 6;

interface Props {
  preview: TaxPreview | null;
  loading: boolean;
  error: unknown;
  currencyCode: string | null | undefined;
}

export function TaxPreviewPanel({ preview, loading, error, currencyCode }: Props) {
  const { t } = useTranslation();
  const fieldMessage = useFieldErrorMessage();
  const totals = preview?.totals;
  return (
    <Card
      size="small"
      title={t('tax.title')}
      extra={loading ? <Spin size="small" /> : null}
      data-testid="tax-preview"
      className="tax-preview"
    >
      {error ? <ApiErrorAlert error={error} /> : null}
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'wet', label: t('field.totalWetTonnes'), children: <span data-testid="tax-wet-tonnes">{formatDecimal(totals?.wetTonnes)}</span> },
          { key: 'dry', label: t('field.totalDryTonnes'), children: <span data-testid="tax-dry-tonnes">{formatDecimal(totals?.dryTonnes)}</span> },
          {
            key: 'rate',
            label: `${t('field.exchangeRate')}${currencyCode ? ` (${currencyCode}/CNY)` : ''}`,
            children: <span data-testid="tax-exchange-rate">{formatDecimal(totals?.exchangeRate)}</span>,
          },
          {
            key: 'value',
            label: t('field.customsValueCny'),
            children: (
              <Typography.Text strong data-testid="tax-customs-value">
                {formatDecimal(totals?.customsValueCny, 2)}
              </Typography.Text>
            ),
          },
          { key: 'duty', label: t('field.dutyCny'), children: <span data-testid="tax-duty">{formatDecimal(totals?.dutyCny, 2)}</span> },
          { key: 'vat', label: t('field.vatCny'), children: <span data-testid="tax-vat">{formatDecimal(totals?.vatCny, 2)}</span> },
        ]}
      />
      {preview && preview.errors.length > 0 && (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          showIcon
          title={t('tax.incomplete', { count: preview.errors.length })}
          data-testid="tax-preview-errors"
          description={
            <ul className="compact-list">
              {preview.errors.slice(0, MAX_SHOWN).map((problem) => (
                <li key={`${problem.path}:${problem.code}`}>
                  <Typography.Text code>{problem.path}</Typography.Text> {fieldMessage(problem)}
                </li>
              ))}
              {preview.errors.length > MAX_SHOWN && <li>{t('tax.more', { count: preview.errors.length - MAX_SHOWN })}</li>}
            </ul>
          }
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('tax.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
