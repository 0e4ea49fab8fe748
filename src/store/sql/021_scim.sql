-- 021_scim.sql: what SCIM 2.0 provisioning (issue 16) keeps of a user and
-- decides per organization. A user's externalId (the identity provider's
-- own id for it, unique in its organization) and the enterprise extension's
-- employee number, department and manager (a user of the same
-- organization); the organization's choice of what DELETE /Users/{id} does
-- (suspend, or delete with the restore period) and whether a user SCIM
-- creates is mailed an invitation. The built-in Admin and Account
-- management groups get the new right scim, as 014 gave them its rights.
-- The same SQL on both backends (an index on an expression included).
ALTER TABLE users ADD COLUMN external_id TEXT;
ALTER TABLE users ADD COLUMN employee_number TEXT;
ALTER TABLE users ADD COLUMN department TEXT;
ALTER TABLE users ADD COLUMN manager_id TEXT;
CREATE UNIQUE INDEX users_external_id ON users(org_id, external_id);
-- SCIM's userName (the login name, else the email) as the filter compares it
-- (domain/scim.c): Entra ID and Okta look every user up by it.
CREATE INDEX users_scim_username ON users(org_id, lower(COALESCE(login_name, email)));
ALTER TABLE orgs ADD COLUMN scim_deprovision TEXT NOT NULL DEFAULT 'suspend';
ALTER TABLE orgs ADD COLUMN scim_invite INTEGER NOT NULL DEFAULT 1;
UPDATE perm_groups
   SET permissions = CASE WHEN permissions = '' THEN 'scim' ELSE permissions || ' scim' END
 WHERE builtin IN ('admin', 'account_management');
