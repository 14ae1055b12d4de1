import { Typography } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AutosaveStatus } from './useDraftAutosave';

export function AutosaveIndicator({ status, savedAt }: { status: AutosaveStatus; savedAt: Date | null }) {
  const { t } = useTranslation();
  const time = savedAt ? dayjs(savedAt).format('HH:mm:ss') : '';
  const content: Record<AutosaveStatus, { icon: React.ReactNode; text: string; type?: 'secondary' | 'success' | 'warning' | 'danger' }> = {
    idle: { icon: <CloudUploadOutlined />, text: t('autosave.idle'), type: 'secondary' },
    pending: { icon: <CloudUploadOutlined />, text: savedAt ? `${t('autosave.pending')} · ${t('autosave.saved', { time })}` : t('autosave.pending'), type: 'secondary' },
    saving: { icon: <LoadingOutlined />, text: t('autosave.saving'), type: 'secondary' },
    saved: { icon: <CheckCircleOutlined />, text: t('autosave.saved', { time }), type: 'success' },
    invalid: { icon: <ExclamationCircleOutlined />, text: t('autosave.invalid'), type: 'warning' },
    failed: { icon: <ExclamationCircleOutlined />, text: t('autosave.failed'), type: 'danger' },
    needsImporter: { icon: <ExclamationCircleOutlined />, text: t('autosave.needsImporter'), type: 'warning' },
  };
  const shown = content[status];
  return (
    <Typography.Text type={shown.type} data-testid="autosave-status" data-status={status}>
      {shown.icon} {shown.text}
    </Typography.Text>
  );
}
