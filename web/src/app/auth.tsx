import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import { sessionApi } from '../api/endpoints';
import type { CurrentUser } from '../api/types';

type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

interface AuthContextValue {
  status: AuthStatus;
  user: CurrentUser | null;
  /** True when a request answered 401 while signed in (the session expired or was revoked). */
  sessionExpired: boolean;
  /** True after the user signed out: the next sign-in starts on the home page, not on the last page. */
  signedOutOnPurpose: boolean;
  /** A failure to reach GET /session other than 401. */
  loadError: unknown;
  login(username: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [sessionExpired, setSessionExpired] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [signedOutOnPurpose, setSignedOutOnPurpose] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const signedIn = useCallback((current: CurrentUser) => {
    setCsrfToken(current.csrfToken);
    setUser(current);
    setStatus('authenticated');
    setSessionExpired(false);
    setSignedOutOnPurpose(false);
    setLoadError(null);
  }, []);

  const signedOut = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    let cancelled = false;
    setStatus('loading');
    sessionApi
      .current()
      .then((current) => {
        if (!cancelled) signedIn(current);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (!(isApiError(error) && error.status === 401)) setLoadError(error);
        signedOut();
      });
    return () => {
      cancelled = true;
    };
  }, [attempt, signedIn, signedOut]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setSessionExpired(true);
      signedOut();
    });
    return () => setUnauthorizedHandler(null);
  }, [signedOut]);

  const login = useCallback(
    async (username: string, password: string) => {
      const current = await sessionApi.login(username, password);
      signedIn(current);
      return current;
    },
    [signedIn],
  );

  const logout = useCallback(async () => {
    try {
      await sessionApi.logout();
    } finally {
      setSessionExpired(false);
      setSignedOutOnPurpose(true);
      signedOut();
    }
  }, [signedOut]);

  const value = useMemo<AuthContextValue>(
    () => ({ status, user, sessionExpired, signedOutOnPurpose, loadError, login, logout, retry: () => setAttempt((n) => n + 1) }),
    [status, user, sessionExpired, signedOutOnPurpose, loadError, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for components rendered inside RequireAuth. */
export function useCurrentUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser without a signed-in user');
  return user;
}
