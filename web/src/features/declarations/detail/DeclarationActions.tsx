import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { declarationsApi, inspectionApi, type ReasonAction, type SimpleAction } from '../../../api/endpoints';
import type { Declaration, DeclarationAction } from '../../../api/types';
import { useNotifyError } from '../../../shared/errors';
import { ReasonModal } from './ReasonModal';

const ORDER: DeclarationAction[] = ['edit', 'submit', 'accept', 'startInspection', 'recordCheck', 'release', 'clear', 'reject', 'withdraw'];
const PRIMARY = new Set<DeclarationAction>(['submit', 'accept', 'release', 'clear', 'startInspection', 'recordCheck']);
const DANGER = new Set<DeclarationAction>(['reject', 'withdraw']);

interface Props {
  declaration: Declaration;
  /** The record after an action (or the reloaded one after a conflict). */
  onChanged(declaration: Declaration | null): void;
}

/** Exactly the buttons of `allowedActions`; each action sends If-Match with the version shown. */
export function DeclarationActions({ declaration, onChanged }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<DeclarationAction | null>(null);
  const [reasonFor, setReasonFor] = useState<ReasonAction | null>(null);

  const fail = (error: unknown) => {
    notifyError(error);
    // 409 (state moved on) or 412 (someone changed it): show the current record.
    if (isApiError(error) && (error.isConflict || error.status === 428)) onChanged(null);
  };

  const run = async (action: DeclarationAction, work: () => Promise<Declaration | null>) => {
    setBusy(action);
    try {
      const result = await work();
      message.success(t('action.done', { action: t(`action.${action}`) }));
      onChanged(result);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onClick = (action: DeclarationAction) => {
    switch (action) {
      case 'edit':
        navigate(`/declarations/${declaration.id}/edit`);
        return;
      case 'recordCheck':
        navigate(`/inspection/${declaration.id}`);
        return;
      case 'reject':
      case 'withdraw':
        setReasonFor(action);
        return;
      case 'startInspection': {
        const taskId = declaration.inspection?.taskId;
        if (!taskId) {
          navigate(`/inspection/${declaration.id}`);
          return;
        }
        void run(action, async () => {
          await inspectionApi.start(taskId);
          navigate(`/inspection/${declaration.id}`);
          return null;
        });
        return;
      }
      default:
        void run(action, () => declarationsApi.act(declaration.id, action as SimpleAction, declaration.version));
    }
  };

  const submitReason = async (reason: string) => {
    if (!reasonFor) return;
    const action = reasonFor;
    setBusy(action);
    try {
      const result = await declarationsApi.actWithReason(declaration.id, action, declaration.version, reason);
      setReasonFor(null);
      message.success(t('action.done', { action: t(`action.${action}`) }));
      onChanged(result);
    } catch (error) {
      if (isApiError(error) && error.isConflict) setReasonFor(null);
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const actions = ORDER.filter((action) => declaration.allowedActions.includes(action));
  return (
    <>
      <Space wrap data-testid="declaration-actions">
        {actions.map((action) => (
          <Button
            key={action}
            type={PRIMARY.has(action) ? 'primary' : 'default'}
            danger={DANGER.has(action)}
            loading={busy === action}
            disabled={busy !== null && busy !== action}
            onClick={() => onClick(action)}
            data-testid={`action-${action}`}
          >
            {t(`action.${action}`)}
          </Button>
        ))}
      </Space>
      <ReasonModal
        open={reasonFor !== null}
        title={reasonFor ? t('action.reasonTitle', { action: t(`action.${reasonFor}`) }) : ''}
        confirming={busy === reasonFor}
        onSubmit={(reason) => void submitReason(reason)}
        onCancel={() => setReasonFor(null)}
      />
    </>
  );
}
