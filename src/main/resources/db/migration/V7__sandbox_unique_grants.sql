-- The Graph sandbox keeps one delegated grant per (client, resource, consent type, principal) and one app role
-- assignment per (principal, resource, role), as Entra does. Until now only the sandbox's check-then-insert said so;
-- a $batch's requests now share one transaction, and concurrent batches must not both insert the same grant, so the
-- database enforces it too. (A tenant-wide grant has no principal: its uniqueness stays the sandbox's check.)
-- Rows a race may have duplicated earlier are removed first (the oldest id stays); empty in production.

DELETE FROM sandbox_permission_grant WHERE principal_id IS NOT NULL AND id NOT IN (
    SELECT keep_id FROM (
        SELECT MIN(id) AS keep_id FROM sandbox_permission_grant WHERE principal_id IS NOT NULL
        GROUP BY tenant_id, client_id, resource_id, consent_type, principal_id) keep_grants);

DELETE FROM sandbox_app_role_assignment WHERE id NOT IN (
    SELECT keep_id FROM (
        SELECT MIN(id) AS keep_id FROM sandbox_app_role_assignment
        GROUP BY tenant_id, principal_id, resource_id, app_role_id) keep_assignments);

CREATE UNIQUE INDEX uq_sandbox_grant ON sandbox_permission_grant (tenant_id, client_id, resource_id, consent_type, principal_id);
CREATE UNIQUE INDEX uq_sandbox_role ON sandbox_app_role_assignment (tenant_id, principal_id, resource_id, app_role_id);
