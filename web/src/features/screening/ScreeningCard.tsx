import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { screeningApi } from '../../api/endpoints';
import { useCurrentUser } from '../../app/auth';
import { canInspect } from '../../app/roles';
import { ApiErrorAlert } from '../../shared/errors';
import { useAsync } from '../../shared/useAsync';
import { CargoTable, RadiationTable } from './ScreeningTables';

/** A declaration's quick-screening readings: its own, and its wagons' or trucks' taken before it existed. */
export function ScreeningCard({ declarationId }: { declarationId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const readings = useAsync(() => screeningApi.list({ declarationId }), [declarationId]);
  const radiation = readings.data?.radiation ?? [];
  const cargo = readings.data?.cargo ?? [];
  const alarms = [...radiation, ...cargo].filter((row) => row.result === 'ALARM').length;
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('screening.title')}
          {readings.data && (
            <Typography.Text type={alarms ? 'danger' : 'secondary'} style={{ fontWeight: 'normal', fontSize: 12 }} data-testid="screening-alarm-count" data-count={alarms}>
              {t('screening.summary', { readings: radiation.length + cargo.length, alarms })}
            </Typography.Text>
          )}
        </Space>
      }
      data-testid="detail-screening"
      extra={
        canInspect(user) ? (
          <Link to={`/screening?declarationId=${encodeURIComponent(declarationId)}`}>
            <Button size="small" data-testid="screening-record-for-declaration">
              {t('screening.record')}
            </Button>
          </Link>
        ) : null
      }
    >
      {readings.error ? (
        <ApiErrorAlert error={readings.error} onRetry={readings.reload} />
      ) : readings.data && radiation.length + cargo.length === 0 ? (
        <Typography.Text type="secondary" data-testid="screening-none">
          {t('screening.none')}
        </Typography.Text>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {(readings.loading || radiation.length > 0) && <RadiationTable rows={radiation} loading={readings.loading} showDeclaration={false} />}
          {cargo.length > 0 && <CargoTable rows={cargo} loading={readings.loading} showDeclaration={false} />}
        </Space>
      )}
    </Card>
  );
}
