import { useCallback } from 'react';
import { Alert, App, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import type { FieldError } from '../api/types';
import { isChinese } from './format';

export interface ErrorText {
  title: string;
  detail: string;
  fieldErrors: FieldError[];
  correlationId: string | null;
}

/** Turns any thrown value into a translated title (from the error code) plus the server's detail. */
export function useErrorText(): (error: unknown) => ErrorText {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error)) {
        return {
          title: t(`error.codes.${error.code}`, { defaultValue: `${t('error.title')} (${error.code})` }),
          detail: error.detail,
          fieldErrors: error.fieldErrors,
          correlationId: error.correlationId,
        };
      }
      return { title: t('error.codes.UNKNOWN'), detail: error instanceof Error ? error.message : String(error), fieldErrors: [], correlationId: null };
    },
    [t],
  );
}

/** A field error's translated code, falling back to the server's message. */
export function useFieldErrorMessage(): (error: FieldError) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: FieldError) => {
      const code = error.code.toLowerCase();
      const label = t(`error.fieldCodes.${code}`, { defaultValue: '' });
      // The server words its messages in English: the English UI shows them as they are; the Chinese UI leads
      // with the translated code and keeps the specifics (which wagon, which code) in brackets.
      if (!isChinese(i18n.language)) return error.message || label;
      if (!label) return error.message;
      return code === 'required' || !error.message ? label : `${label}（${error.message}）`;
    },
    [t, i18n.language],
  );
}

function ErrorDescription({ text }: { text: ErrorText }) {
  const { t } = useTranslation();
  const fieldMessage = useFieldErrorMessage();
  return (
    <div>
      {text.detail && <div>{text.detail}</div>}
      {text.fieldErrors.length > 0 && (
        <ul style={{ margin: '4px 0', paddingInlineStart: 18 }}>
          {text.fieldErrors.slice(0, 10).map((fieldError) => (
            <li key={`${fieldError.path}:${fieldError.code}`}>
              <Typography.Text code>{fieldError.path}</Typography.Text> {fieldMessage(fieldError)}
            </li>
          ))}
        </ul>
      )}
      {text.correlationId && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('app.correlationId', { id: text.correlationId })}
        </Typography.Text>
      )}
    </div>
  );
}

/** Shows a failed request as a notification with the translated code and the server's detail. */
export function useNotifyError(): (error: unknown) => void {
  const { notification } = App.useApp();
  const toText = useErrorText();
  return useCallback(
    (error: unknown) => {
      const text = toText(error);
      notification.error({ title: text.title, description: <ErrorDescription text={text} />, duration: 8, placement: 'topRight' });
    },
    [notification, toText],
  );
}

export function ApiErrorAlert({ error, onRetry, testId = 'error-alert' }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const { t } = useTranslation();
  const text = useErrorText()(error);
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={text.title}
      description={<ErrorDescription text={text} />}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        )
      }
    />
  );
}
