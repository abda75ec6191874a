/**
 * On-change hooks, incron's job: a shell command per sync entry, run on the node that received a
 * committed batch touching that entry, once per batch, with the changed paths in the environment
 * and a timeout. A failing hook never rolls files back; its result is reported.
 */
package io.confsync.transfer.hook;
