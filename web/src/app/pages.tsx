import { Button, Result } from 'antd';
import { useRef, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useParams, useRouteError } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from './auth';
import { homePath, isEnterpriseUser } from './roles';
import type { CurrentUser } from '../api/types';
import { DeclarationListPage } from '../features/declarations/list/DeclarationListPage';
import { DeclarationFormPage } from '../features/declarations/form/DeclarationFormPage';
import type { DeclarationQueue } from '../api/types';

const QUEUES: DeclarationQueue[] = ['to-accept', 'to-release', 'to-clear'];

export function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={homePath(user)} replace />;
}

/** /declarations: an enterprise sees its own declarations, customs staff see all of them. */
export function DeclarationsHome() {
  const user = useCurrentUser();
  return isEnterpriseUser(user) ? <DeclarationListPage scope={{ kind: 'mine' }} /> : <DeclarationListPage scope={{ kind: 'all' }} />;
}

/**
 * One form session per draft: a new draft moving from /declarations/new to its own /edit URL keeps the same form
 * (and its unsaved typing); any other change of URL starts a fresh form, the old one saving what was pending.
 */
export function DeclarationFormRoute() {
  const { pathname } = useLocation();
  const session = useRef({ key: 0, path: pathname });
  if (session.current.path !== pathname) {
    const continuesNewDraft = session.current.path === '/declarations/new' && pathname.endsWith('/edit');
    session.current = { key: continuesNewDraft ? session.current.key : session.current.key + 1, path: pathname };
  }
  return <DeclarationFormPage key={session.current.key} />;
}

export function QueuePage() {
  const { queue } = useParams();
  if (!QUEUES.includes(queue as DeclarationQueue)) return <NotFoundPage />;
  return <DeclarationListPage scope={{ kind: 'queue', queue: queue as DeclarationQueue }} />;
}

/**
 * A page for some roles only: the menu hides it from the others, and a typed-in URL says so instead of showing a
 * page whose every request would answer 403.
 */
export function RequireRole({ allow, children }: { allow: (user: CurrentUser) => boolean; children: ReactNode }) {
  const user = useCurrentUser();
  return allow(user) ? <>{children}</> : <ForbiddenPage />;
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('error.codes.FORBIDDEN')}
      data-testid="forbidden-page"
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Last line of defence for a rendering error: say so, and offer a way back. */
export function CrashPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Result
      status="error"
      title={t('error.codes.UNKNOWN')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={
        <Button type="primary" onClick={() => window.location.assign('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
