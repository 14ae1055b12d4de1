import { Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ScoreFactor } from '../../api/types';
import { isChinese } from '../../shared/format';

/** A probability (share, rate) as a percentage with at most 2 decimals: 0.05 → "5%", 0.0125 → "1.25%". */
export function formatShare(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** A reproducible draw in [0, 1), to 4 decimals: enough to compare with a share by eye. */
export function formatDraw(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : '—';
}

/** The factor's sentence from its code and params; the server's English description for a code we do not know. */
function useFactorSentence() {
  const { t, i18n } = useTranslation();
  return (factor: ScoreFactor): string => {
    const key = `scoreFactor.${factor.code ?? ''}`;
    if (!factor.code || !i18n.exists(key)) return factor.value ? `${factor.description} (${factor.value})` : factor.description || factor.feature;
    const params: Record<string, unknown> = { ...factor.params };
    if (typeof params.creditClass === 'string') params.creditClass = t(`creditClass.${params.creditClass}`, { defaultValue: params.creditClass });
    if (typeof params.mode === 'string') params.mode = t(`transportMode.${params.mode}`, { defaultValue: params.mode });
    if (params.mode === null) params.mode = '—';
    if (typeof params.failures === 'string') {
      params.failures = params.failures
        .split(',')
        .map((failure) => t(`riskCard.failure.${failure.trim()}`, { defaultValue: failure.trim() }))
        .join(isChinese(i18n.language) ? '、' : ', ');
    }
    for (const [name, value] of Object.entries(params)) if (value === null) params[name] = '—';
    return t(key, { ...params, interpolation: { escapeValue: false } });
  };
}

/** The learned score's top factors in words: what it is, its value, and whether it raised or lowered the score. */
export function ScoreFactorList({ factors }: { factors: ScoreFactor[] }) {
  const { t } = useTranslation();
  const sentence = useFactorSentence();
  if (factors.length === 0) return <div>{t('riskCard.noFactors')}</div>;
  return (
    <ul className="compact-list">
      {factors.map((factor, index) => {
        const contribution = typeof factor.contribution === 'number' ? factor.contribution : 0;
        const raises = contribution > 0;
        return (
          <li key={`${factor.feature ?? index}`} data-testid="risk-score-factor" data-feature={factor.feature}>
            {sentence(factor)}{' '}
            <Typography.Text type={raises ? 'danger' : 'success'} style={{ fontSize: 12 }} title={t(raises ? 'riskCard.factorRaises' : 'riskCard.factorLowers')}>
              {raises ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {t(raises ? 'riskCard.factorRaises' : 'riskCard.factorLowers')} {Math.abs(contribution).toFixed(2)}
            </Typography.Text>
          </li>
        );
      })}
    </ul>
  );
}
