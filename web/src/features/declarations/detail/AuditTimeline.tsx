import { Card, Empty, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../api/types';
import { formatDateTime } from '../../../shared/format';
import { ApiErrorAlert } from '../../../shared/errors';

function stateOf(snapshot: unknown): string | null {
  if (snapshot && typeof snapshot === 'object' && 'state' in snapshot && typeof (snapshot as { state: unknown }).state === 'string') {
    return (snapshot as { state: string }).state;
  }
  return null;
}

function reasonOf(snapshot: unknown): string | null {
  if (!snapshot || typeof snapshot !== 'object') return null;
  const record = snapshot as Record<string, unknown>;
  for (const key of ['reason', 'rejectionReason', 'withdrawalReason', 'remarks']) {
    if (typeof record[key] === 'string' && record[key]) return record[key] as string;
  }
  return null;
}

/** Who did what, when: the declaration's audit entries, oldest first. */
export function AuditTimeline({ entries, loading, error, onRetry }: { entries: AuditEntry[] | undefined; loading: boolean; error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  const sorted = [...(entries ?? [])].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  return (
    <Card size="small" title={t('detail.timeline')} data-testid="detail-timeline">
      {error ? (
        <ApiErrorAlert error={error} onRetry={onRetry} />
      ) : loading && !entries ? (
        <Spin />
      ) : sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noTimeline')} />
      ) : (
        <Timeline
          items={sorted.map((entry) => {
            const from = stateOf(entry.before);
            const to = stateOf(entry.after);
            const reason = reasonOf(entry.after);
            return {
              key: entry.id,
              color: to === 'REJECTED' || to === 'WITHDRAWN' ? 'red' : to === 'RELEASED' || to === 'CLEARED' ? 'green' : 'blue',
              title: <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>,
              content: (
                <div data-testid="timeline-entry" data-action={entry.action}>
                  <Typography.Text strong>{t(`audit.${entry.action}`, { defaultValue: entry.action })}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">
                      {t('detail.byActor', { actor: entry.actor })}
                      {from !== to && to
                        ? ` · ${t('detail.stateChange', {
                            from: from ? t(`state.${from}`, { defaultValue: from }) : '—',
                            to: t(`state.${to}`, { defaultValue: to }),
                          })}`
                        : ''}
                    </Typography.Text>
                  </div>
                  {reason && <div>{reason}</div>}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
