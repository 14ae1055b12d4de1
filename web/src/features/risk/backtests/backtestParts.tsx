import { Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Backtest, BacktestStatus } from '../../../api/types';

export const isUnfinished = (status: BacktestStatus) => status === 'QUEUED' || status === 'RUNNING';

const STATUS_COLORS: Record<BacktestStatus, string> = { QUEUED: 'default', RUNNING: 'processing', SUCCEEDED: 'success', CANCELLED: 'warning', FAILED: 'error' };

export function BacktestStatusTag({ status }: { status: BacktestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="backtest-status" data-status={status}>
      {t(`backtests.status.${status}`)}
    </Tag>
  );
}

export function BacktestProgress({ backtest }: { backtest: Backtest }) {
  const percent = backtest.total > 0 ? Math.floor((backtest.processed / backtest.total) * 100) : backtest.status === 'SUCCEEDED' ? 100 : 0;
  const status = backtest.status === 'FAILED' ? 'exception' : backtest.status === 'SUCCEEDED' ? 'success' : backtest.status === 'RUNNING' ? 'active' : 'normal';
  return (
    <Space size={6} style={{ width: '100%' }} data-testid="backtest-progress" data-processed={backtest.processed} data-total={backtest.total}>
      <Progress percent={percent} status={status} size="small" style={{ width: 140, margin: 0 }} />
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {backtest.processed.toLocaleString()} / {backtest.total.toLocaleString()}
      </Typography.Text>
    </Space>
  );
}

