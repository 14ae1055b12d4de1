import { Button, Card, Descriptions, Empty, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { InspectionSummary } from '../../../api/types';
import { formatDecimal } from '../../../shared/decimal';
import { formatDateTime } from '../../../shared/format';
import { TaskStateTag } from '../tags';

export function InspectionCard({ inspection, declarationId, canOpen }: { inspection: InspectionSummary | null; declarationId: string; canOpen: boolean }) {
  const { t } = useTranslation();
  if (!inspection) {
    return (
      <Card size="small" title={t('detail.inspection')} data-testid="detail-inspection">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noInspection')} />
      </Card>
    );
  }
  const check = inspection.check;
  const yesNo = (value: boolean, bad: boolean) => <Tag color={value === bad ? 'red' : 'green'}>{value ? t('app.yes') : t('app.no')}</Tag>;
  return (
    <Card
      size="small"
      title={t('detail.inspection')}
      data-testid="detail-inspection"
      extra={
        canOpen ? (
          <Link to={`/inspection/${declarationId}`}>
            <Button size="small" data-testid="open-inspection">
              {t('detail.openInspection')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'state', label: t('inspection.taskState'), children: <TaskStateTag state={inspection.state} /> },
          { key: 'created', label: t('inspection.createdAt'), children: formatDateTime(inspection.createdAt) },
          { key: 'started', label: t('inspection.startedAt'), children: formatDateTime(inspection.startedAt) },
          { key: 'completed', label: t('inspection.completedAt'), children: formatDateTime(inspection.completedAt) },
          ...(check
            ? [
                { key: 'seal', label: t('inspection.sealIntact'), children: yesNo(check.sealIntact, false) },
                {
                  key: 'dose',
                  label: t('inspection.doseRate'),
                  children: (
                    <span>
                      {check.doseRateUsvH}{' '}
                      <Typography.Text type="secondary">({t('inspection.doseThreshold', { threshold: check.doseRateThresholdUsvH })})</Typography.Text>
                    </span>
                  ),
                },
                { key: 'waste', label: t('inspection.solidWaste'), children: yesNo(check.solidWasteSuspected, true) },
                { key: 'foreign', label: t('inspection.foreignMatter'), children: yesNo(check.foreignMatterFound, true) },
                {
                  key: 'weighed',
                  label: t('inspection.weighedTonnes'),
                  children: `${formatDecimal(check.weighedTonnes)} (${t('inspection.deviation', { pct: check.massDeviationPct })})`,
                },
                {
                  key: 'outcome',
                  label: t('inspection.outcome'),
                  children: (
                    <Tag color={check.outcome === 'PASSED' ? 'green' : 'red'} data-testid="inspection-outcome" data-outcome={check.outcome}>
                      {t(`inspectionOutcome.${check.outcome}`)}
                    </Tag>
                  ),
                },
                ...(check.findings.length
                  ? [{ key: 'findings', label: t('inspection.findings'), children: check.findings.map((f) => t(`finding.${f}`, { defaultValue: f })).join('；') }]
                  : []),
                ...(check.remarks ? [{ key: 'remarks', label: t('inspection.remarks'), children: check.remarks }] : []),
                { key: 'recorded', label: t('inspection.recordedAt'), children: `${formatDateTime(check.recordedAt)} · ${check.recordedBy}` },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
