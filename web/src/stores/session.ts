// The signed-in user and the session's CSRF token (kept in memory only; the session itself is the
// server's HttpOnly cookie). `expired` raises the prompt that sends the user to sign in again and
// back to the page they were on.
import { defineStore } from 'pinia';
import { api, ApiError, setCsrfToken } from '../api/client';
import type { components } from '../generated/schema';

export type Me = components['schemas']['Me'];
export type Role =
  | 'admin'
  | 'coordinator'
  | 'leader'
  | 'caseworker'
  | 'reporter'
  | 'volunteer'
  | 'auditor'
  | 'analyst';

interface MeAnswer {
  user: Me;
  csrf_token: string;
}

interface LoginAnswer {
  user: components['schemas']['User'];
  csrf_token: string;
}

export const useSession = defineStore('session', {
  state: () => ({
    user: null as Me | null,
    displayName: '',
    loaded: false,
    expired: false,
  }),
  getters: {
    role: (s) => (s.user?.role ?? '') as Role | '',
    signedIn: (s) => s.user !== null,
    mustChangePassword: (s) => !!s.user?.must_change_password,
  },
  actions: {
    async load(): Promise<void> {
      try {
        const { data } = await api.get<MeAnswer>('/api/v1/auth/me', { quiet401: true });
        this.user = data.user;
        setCsrfToken(data.csrf_token);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) throw e;
        this.user = null;
        setCsrfToken(null);
      } finally {
        this.loaded = true;
      }
      if (this.user) this.displayName = sessionStorage.getItem('shouhu.name') ?? '';
    },
    async login(username: string, password: string): Promise<void> {
      const { data } = await api.post<LoginAnswer>(
        '/api/v1/auth/login',
        { username, password },
        { quiet401: true },
      );
      setCsrfToken(data.csrf_token);
      this.displayName = data.user.display_name;
      sessionStorage.setItem('shouhu.name', data.user.display_name);
      this.expired = false;
      await this.load();
    },
    async changePassword(current: string, next: string): Promise<void> {
      await api.post('/api/v1/auth/password', { current_password: current, new_password: next });
      await this.load();
    },
    async logout(): Promise<void> {
      try {
        await api.post('/api/v1/auth/logout', undefined, { quiet401: true });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) throw e;
      }
      this.clear();
    },
    clear(): void {
      this.user = null;
      this.displayName = '';
      this.expired = false;
      setCsrfToken(null);
      sessionStorage.removeItem('shouhu.name');
    },
  },
});
