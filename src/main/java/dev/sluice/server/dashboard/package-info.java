/**
 * The dashboard every member serves at {@code /}: a page of plain ES modules, one per view (overview,
 * flows, a flow, jobs, a job), in {@code src/main/resources/dev/sluice/server/dashboard/}. It is a client
 * of the public REST API like any script; this package only serves its files ({@link
 * dev.sluice.server.dashboard.DashboardConfiguration}) and its page ({@link
 * dev.sluice.server.dashboard.DashboardPage}).
 */
package dev.sluice.server.dashboard;
