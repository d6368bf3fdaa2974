-- V7's unique indexes begin with the columns of these two: uq_sandbox_grant with (tenant_id, client_id), uq_sandbox_role
-- with (tenant_id, principal_id). Every lookup they served is served by the unique index, and each was one more index
-- for the sandbox to update on every grant and app role assignment it writes. Empty tables in production.
DROP INDEX ix_sandbox_grant_client ON sandbox_permission_grant;
DROP INDEX ix_sandbox_role_principal ON sandbox_app_role_assignment;
