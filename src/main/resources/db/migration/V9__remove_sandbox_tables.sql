-- The Microsoft stand-in is its own deployable with its own embedded database now (src/sandbox): its tables leave
-- the portal's schema. They only ever held sandbox-mode data.
DROP TABLE sandbox_refresh_token;
DROP TABLE sandbox_app_role_assignment;
DROP TABLE sandbox_permission_grant;
DROP TABLE sandbox_service_principal;
