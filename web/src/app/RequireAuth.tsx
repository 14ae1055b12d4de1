import { Result, Button, Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth';
import { ApiErrorAlert } from '../shared/errors';

/** Renders the nested routes for a signed-in user; otherwise goes to the login page and comes back after. */
export function RequireAuth() {
  const { status, loadError, retry, signedOutOnPurpose } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') {
    return (
      <div className="page-center">
        <Spin size="large" description={t('app.loading')} />
      </div>
    );
  }
  if (status === 'anonymous') {
    if (loadError) {
      return (
        <div className="page-center">
          <Result status="warning" title={<ApiErrorAlert error={loadError} />} extra={<Button onClick={retry}>{t('app.retry')}</Button>} />
        </div>
      );
    }
    // Come back here after signing in again, unless the user signed out on purpose.
    const from = signedOutOnPurpose ? null : { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={from} />;
  }
  return <Outlet />;
}
