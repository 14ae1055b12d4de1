import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { notificationsApi } from '../../api/endpoints';
import type { Notification, NotificationFeed } from '../../api/types';
import { formatDateTime } from '../../shared/format';
import { ApiErrorAlert, useNotifyError } from '../../shared/errors';

const POLL_MS = 60_000;

function describe(notification: Notification, t: (key: string, options?: Record<string, unknown>) => string): string {
  const { payload } = notification;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return [
    t(`notificationType.${notification.type}`, { defaultValue: notification.type }),
    text(payload.number),
    payload.lane ? t(`lane.${text(payload.lane)}`, { defaultValue: text(payload.lane) }) : '',
    text(payload.reason),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The notification feed in the header: unread count, newest first, click to open the declaration. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const [feed, setFeed] = useState<NotificationFeed | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);

  const load = useCallback(() => {
    notificationsApi
      .list()
      .then((next) => {
        setFeed(next);
        setError(null);
      })
      .catch(setError);
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const openNotification = async (notification: Notification) => {
    setOpen(false);
    if (!notification.readAt) {
      try {
        await notificationsApi.markRead(notification.id);
        load();
      } catch (failure) {
        notifyError(failure);
      }
    }
    if (notification.entityType !== 'declaration') return;
    navigate(notification.type.startsWith('inspection.') ? `/inspection/${notification.entityId}` : `/declarations/${notification.entityId}`);
  };

  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notification-list">
      {error ? (
        <ApiErrorAlert error={error} onRetry={load} />
      ) : feed && feed.items.length > 0 ? (
        <List<Notification>
          size="small"
          dataSource={feed.items}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              onClick={() => void openNotification(item)}
              style={{ cursor: 'pointer', background: item.readAt ? undefined : 'var(--unread-bg)' }}
              data-testid="notification-item"
            >
              <List.Item.Meta
                title={<Typography.Text strong={!item.readAt}>{describe(item, t)}</Typography.Text>}
                description={formatDateTime(item.createdAt)}
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
    </div>
  );

  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={feed?.unread ?? 0} size="small" offset={[-2, 2]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.title')} data-testid="notifications" className="header-button" />
      </Badge>
    </Popover>
  );
}
