import { authorityDashboard, bodyDashboard, type DashboardDeps } from '../../console/index.js';
import { requireAdmin } from '../auth.js';
import type { RouteTable } from '../route.js';
import { staffActor } from './issuance.js';

/**
 * The dashboards' figures over the API, the very objects the console pages show:
 *   GET /body/dashboard       a body's staff: issued this month, awaiting certification, batches, renewals, accreditations
 *   GET /admin/dashboard      the authority: bodies, published standards, coverage, accreditations ending soon
 */
export function dashboardRoutes(t: RouteTable, deps: DashboardDeps): void {
  t.add({ method: 'get', path: '/body/dashboard', tag: 'console', auth: 'staff', summary: "A body's dashboard: certificates issued this month, evaluations awaiting certification, batches in progress, renewals due within 90 days, accreditations" }, async ({ caller }) => ({
    body: await bodyDashboard(deps, staffActor(caller, ['admin', 'evaluator', 'certifier'])),
    headers: { 'Cache-Control': 'private, no-store' },
  }));
  t.add({ method: 'get', path: '/admin/dashboard', tag: 'console', auth: 'admin', summary: "The authority's dashboard: active bodies, published standards, the coverage report, accreditations ending within 90 days" }, async ({ caller }) => {
    requireAdmin(caller);
    return { body: await authorityDashboard(deps), headers: { 'Cache-Control': 'private, no-store' } };
  });
}
