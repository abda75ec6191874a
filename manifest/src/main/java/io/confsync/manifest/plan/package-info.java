/**
 * The pure planner: two manifests in, an ordered {@link io.confsync.manifest.plan.Plan} out. Nothing
 * here touches a file system, a clock or a logger, so every decision can be tested from fixtures.
 */
package io.confsync.manifest.plan;
