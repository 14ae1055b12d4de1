import { Card, Descriptions, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskDecision, RiskReason } from '../../../api/types';
import { formatDateTime, localName } from '../../../shared/format';
import { LaneTag } from '../tags';

const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

function ReasonLine({ reason }: { reason: RiskReason }) {
  const { t, i18n } = useTranslation();
  const translated = i18n.exists(`riskReason.${reason.code}`);
  // Untranslated codes show their simple parameters; lists and objects (checks, factors) stay out of the line.
  const params = translated ? [] : Object.entries(reason.params).filter(([, value]) => isScalar(value));
  const p = reason.params;
  const name = typeof p.nameZh === 'string' || typeof p.nameEn === 'string' ? localName({ nameZh: String(p.nameZh ?? ''), nameEn: String(p.nameEn ?? '') }, i18n.language) : '';
  const text = t(`riskReason.${reason.code}`, { defaultValue: reason.code, ...p, name, interpolation: { escapeValue: false } });
  return (
    <li data-testid="risk-reason" data-code={reason.code}>
      <Typography.Text>{text}</Typography.Text>
      {params.length > 0 && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {params.map(([key, value]) => `${key}=${String(value)}`).join(', ')}
        </Typography.Text>
      )}
    </li>
  );
}

export function RiskCard({ decision }: { decision: RiskDecision | null }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('detail.risk')} data-testid="detail-risk">
      {decision ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'lane', label: t('field.lane'), children: <LaneTag lane={decision.lane} /> },
            { key: 'engine', label: t('detail.riskEngine'), children: decision.engine },
            { key: 'draw', label: t('detail.randomDraw'), children: decision.randomDraw },
            { key: 'at', label: t('detail.decidedAt'), children: formatDateTime(decision.decidedAt) },
            {
              key: 'reasons',
              label: t('detail.reasons'),
              children: decision.reasons.length ? (
                <ul className="compact-list">
                  {decision.reasons.map((reason, index) => (
                    <ReasonLine key={`${reason.code}-${index}`} reason={reason} />
                  ))}
                </ul>
              ) : (
                t('detail.noReasons')
              ),
            },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noRisk')} />
      )}
    </Card>
  );
}
