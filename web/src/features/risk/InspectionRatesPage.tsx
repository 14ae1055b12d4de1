import { Button, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { referenceApi, riskApi, ruleSetsApi } from '../../api/endpoints';
import type { CreditClass, Lane, LaneRate } from '../../api/types';
import { useCurrentUser } from '../../app/auth';
import { canTuneRisk } from '../../app/roles';
import { ApiErrorAlert } from '../../shared/errors';
import { useAsync } from '../../shared/useAsync';
import { LaneRateMatrix } from './LaneRateMatrix';
import { WatchListCard } from './WatchListCard';

/** Risk analysts tune how often each category × credit class is inspected, and keep the watch list. */
export function InspectionRatesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const editable = canTuneRisk(user);
  const rates = useAsync(() => riskApi.laneRates(), []);
  const categories = useAsync(() => referenceApi.commodityCategories(), []);
  const watchList = useAsync(() => riskApi.watchList(), []);
  // The floors are a hint on the matrix: without them (no rule set in force, or a failed request) the matrix still works.
  const inForce = useAsync(() => ruleSetsApi.inForce(), []);
  const inForceRates = (inForce.data?.definition as { rates?: { byCreditClass?: Partial<Record<CreditClass, number>>; selectionLane?: Lane } } | undefined)?.rates;

  const onSaved = (saved: LaneRate) => {
    const others = (rates.data?.items ?? []).filter((rate) => !(rate.categoryCode === saved.categoryCode && rate.creditClass === saved.creditClass));
    rates.setData({ items: [...others, saved] });
  };

  const reload = () => {
    rates.reload();
    categories.reload();
    watchList.reload();
  };

  return (
    <div data-testid="inspection-rates-page">
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('nav.inspectionRates')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
        </Space>
      </div>
      {rates.error || categories.error ? (
        <ApiErrorAlert error={rates.error ?? categories.error} onRetry={reload} />
      ) : (
        <LaneRateMatrix floors={inForceRates?.byCreditClass} selectionLane={inForceRates?.selectionLane} rates={rates.data?.items ?? []} categories={categories.data?.items ?? []} loading={rates.loading || categories.loading} editable={editable} onSaved={onSaved} />
      )}
      <WatchListCard list={watchList} editable={editable} />
    </div>
  );
}
