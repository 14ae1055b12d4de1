import { Card, Descriptions, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskDecision, RiskReason } from '../../../api/types';
import { formatDateTime } from '../../../shared/format';
import { LaneTag } from '../tags';

function ReasonLine({ reason }: { reason: RiskReason }) {
  const { t, i18n } = useTranslation();
  const translated = i18n.exists(`riskReason.${reason.code}`);
  const params = translated ? [] : Object.entries(reason.params);
  const text = t(`riskReason.${reason.code}`, { defaultValue: reason.code, ...reason.params, interpolation: { escapeValue: false } });
  return (
    <li data-testid="risk-reason" data-code={reason.code}>
      <Typography.Text>{text}</Typography.Text>
      {params.length > 0 && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {params.map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`).join(', ')}
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
