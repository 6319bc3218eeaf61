// Routes, each screen its own lazily loaded chunk; `roles` limits who reaches a screen (the server
// decides what they may see and do — this only keeps the menu honest).
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession, type Role } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    roles?: Role[];
    title?: string;
  }
}

// Leaders and analysts see aggregates only (the dashboard), never a case record.
const caseRoles: Role[] = ['coordinator', 'caseworker', 'volunteer'];
// The at-risk registry: the units that hold girls (schools, communities, civil affairs) and the
// coordinating unit; leaders and analysts see its counts and 督办 only.
const registryRoles: Role[] = ['coordinator', 'caseworker', 'reporter'];

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { public: true, title: 'nav.login' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('./views/PasswordView.vue'),
    meta: { title: 'password.title' },
  },
  {
    path: '/',
    name: 'workbench',
    component: () => import('./views/WorkbenchView.vue'),
    meta: { title: 'nav.workbench' },
  },
  {
    path: '/report',
    name: 'report',
    component: () => import('./views/MandatoryReportView.vue'),
    meta: { roles: ['reporter'], title: 'nav.report' },
  },
  {
    path: '/intake',
    name: 'intake',
    component: () => import('./views/IntakeView.vue'),
    meta: { roles: ['coordinator', 'caseworker'], title: 'nav.intake' },
  },
  {
    path: '/hotline',
    name: 'hotline',
    component: () => import('./views/HotlineView.vue'),
    meta: { roles: ['coordinator', 'caseworker'], title: 'nav.hotline' },
  },
  {
    path: '/cases',
    name: 'cases',
    component: () => import('./views/CaseListView.vue'),
    meta: { roles: caseRoles, title: 'nav.cases' },
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: () => import('./views/CaseView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { roles: caseRoles, title: 'case.title' },
  },
  {
    path: '/inbox',
    name: 'inbox',
    component: () => import('./views/InboxView.vue'),
    meta: { roles: ['coordinator', 'caseworker'], title: 'nav.inbox' },
  },
  {
    path: '/registry',
    name: 'registry',
    component: () => import('./views/RegistryListView.vue'),
    meta: { roles: registryRoles, title: 'nav.registry' },
  },
  {
    path: '/registry/:id(\\d+)',
    name: 'registry-entry',
    component: () => import('./views/RegistryEntryView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { roles: registryRoles, title: 'registry.title' },
  },
  {
    path: '/visits',
    name: 'visits',
    component: () => import('./views/VisitInboxView.vue'),
    meta: { roles: [...registryRoles, 'leader'], title: 'nav.visits' },
  },
  {
    path: '/activities',
    name: 'activities',
    component: () => import('./views/ActivitiesView.vue'),
    meta: { roles: [...registryRoles, 'leader'], title: 'nav.activities' },
  },
  {
    path: '/staff-checks',
    name: 'staff-checks',
    component: () => import('./views/StaffChecksView.vue'),
    meta: { roles: ['caseworker', 'reporter'], title: 'nav.staffChecks' },
  },
  {
    path: '/prevention-stats',
    name: 'prevention-stats',
    component: () => import('./views/PreventionStatsView.vue'),
    meta: { roles: ['leader', 'coordinator', 'analyst'], title: 'nav.preventionStats' },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./views/DashboardView.vue'),
    meta: { roles: ['leader', 'coordinator', 'analyst'], title: 'nav.dashboard' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./views/AdminView.vue'),
    meta: { roles: ['admin'], title: 'nav.admin' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./views/AuditView.vue'),
    meta: { roles: ['auditor'], title: 'nav.audit' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { public: true, title: 'notFound.title' },
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.loaded) {
    try {
      await session.load();
    } catch {
      // The server is unreachable: the login page says so when the user tries.
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.signedIn && !session.mustChangePassword) {
      return typeof to.query.redirect === 'string' ? to.query.redirect : { name: 'workbench' };
    }
    return true;
  }
  if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } };
  if (session.mustChangePassword && to.name !== 'password') {
    return { name: 'password', query: { redirect: to.fullPath } };
  }
  if (to.meta.roles && !to.meta.roles.includes(session.role as Role)) return { name: 'workbench' };
  return true;
});
